//! The gate on real symvers files: the corpus's Module.symvers in every layout seen in
//! the wild, a build that lost an export, restricted one to GPL and moved one into a
//! namespace, and the corpus's object trees scanned directly.

mod support;

use std::path::{Path, PathBuf};

use support::*;
use thinpost::kbuild::symvers::{self, Layout};

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gate(args: &[&Path]) -> Outcome {
    let out = thinpost().arg("gate").args(args).output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

/// The corpus's Module.symvers, each line's fields rewritten by `f`, written to `dir/name`.
fn rewrite(dir: &Path, name: &str, f: impl Fn(&[&str]) -> Option<String>) -> PathBuf {
    let text = std::fs::read_to_string(corpus("tiny-6.12").join("Module.symvers")).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if let Some(l) = f(&fields) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path
}

fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("thinpost-gate-").tempdir_in(root().join("target")).unwrap()
}

#[test]
fn every_layout_of_the_corpus_symvers_reads_the_same() {
    let dir = tmp();
    let golden = symvers::read(&corpus("tiny-6.12").join("Module.symvers")).unwrap();
    assert_eq!(golden.records.len(), 3811);
    assert_eq!(golden.layout(), Some(Layout::NamespaceLast));
    let four = rewrite(dir.path(), "four", |f| Some(f[..4].join("\t")));
    let third = rewrite(dir.path(), "third", |f| Some([f[0], f[1], f[4], f[2], f[3]].join("\t")));
    let bare =
        rewrite(dir.path(), "bare", |f| Some([f[0].trim_start_matches("0x"), f[1], f[2], f[3], f[4]].join("\t")));
    for (path, layout) in
        [(&four, Layout::NoNamespace), (&third, Layout::NamespaceThird), (&bare, Layout::NamespaceLast)]
    {
        let sv = symvers::read(path).unwrap();
        assert_eq!(sv.records.len(), golden.records.len());
        for (a, b) in golden.records.iter().zip(&sv.records) {
            assert_eq!(b.layout, layout);
            assert_eq!((&a.symbol, a.crc, &a.module, a.export), (&b.symbol, b.crc, &b.module, b.export));
            let ns = if layout == Layout::NoNamespace { "" } else { a.namespace.as_str() };
            assert_eq!(b.namespace, ns, "{}", a.symbol);
        }
    }
}

#[test]
fn corpus_symvers_against_itself_and_its_other_layouts_passes() {
    let dir = tmp();
    let golden = corpus("tiny-6.12").join("Module.symvers");
    let four = rewrite(dir.path(), "four", |f| Some(f[..4].join("\t")));
    let third = rewrite(dir.path(), "third", |f| Some([f[0], f[1], f[4], f[2], f[3]].join("\t")));
    for (old, new) in [(&golden, &golden), (&four, &golden), (&golden, &four), (&third, &golden), (&golden, &third)] {
        let o = gate(&[p("--baseline"), old, p("--current"), new]);
        assert_eq!(o.code, 0, "{} vs {}: {}{}", old.display(), new.display(), o.stdout, o.stderr);
        assert_eq!(o.stdout, "gate: 3811 symbols checked, 0 failing, 0 tolerated, 0 warnings, 0 notes: PASS\n");
    }
}

/// The corpus with `crc32_le` lost, `system_state` restricted to GPL, `jiffies` put into
/// a namespace, `zs_map_object` moved, and `crypto_cipher_setkey` out of its namespace.
fn broken(dir: &Path) -> PathBuf {
    rewrite(dir, "broken", |f| {
        let mut f: Vec<String> = f.iter().map(|s| s.to_string()).collect();
        match f[1].as_str() {
            "crc32_le" => return None,
            "system_state" => f[3] = "EXPORT_SYMBOL_GPL".into(),
            "jiffies" => f[4] = "TIMEKEEPING".into(),
            "zs_map_object" => f[2] = "mm/zsmalloc2".into(),
            "crypto_cipher_setkey" => f[4] = String::new(),
            _ => {}
        }
        Some(f.join("\t"))
    })
}

#[test]
fn lost_restricted_and_namespaced_exports_fail_the_gate() {
    let dir = tmp();
    let golden = corpus("tiny-6.12").join("Module.symvers");
    let broken = broken(dir.path());
    let o = gate(&[p("--baseline"), &golden, p("--current"), &broken]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let expected = "\
KABI: symbol crc32_le(mod:vmlinux) lost
KABI: note: symbol crypto_cipher_setkey(mod:vmlinux ns:CRYPTO_INTERNAL) removed namespace CRYPTO_INTERNAL
KABI: symbol jiffies(mod:vmlinux) added namespace TIMEKEEPING
KABI: symbol system_state(mod:vmlinux) changed type from EXPORT_SYMBOL to EXPORT_SYMBOL_GPL
KABI: warning: symbol zs_map_object(mod:mm/zsmalloc) moved from module mm/zsmalloc to mm/zsmalloc2
gate: 3811 symbols checked, 3 failing, 0 tolerated, 1 warnings, 1 notes: FAIL
";
    assert_eq!(o.stdout, expected);

    // The other way round: the baseline lacks a symbol (added, a note), had a GPL
    // restriction (relaxed, a note) and namespaces that changed.
    let o = gate(&[p("--baseline"), &broken, p("--current"), &golden]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let expected = "\
KABI: note: symbol crc32_le(mod:vmlinux) added
KABI: symbol crypto_cipher_setkey(mod:vmlinux) added namespace CRYPTO_INTERNAL
KABI: note: symbol jiffies(mod:vmlinux ns:TIMEKEEPING) removed namespace TIMEKEEPING
KABI: note: symbol system_state(mod:vmlinux) changed type from EXPORT_SYMBOL_GPL to EXPORT_SYMBOL
KABI: warning: symbol zs_map_object(mod:mm/zsmalloc2) moved from module mm/zsmalloc2 to mm/zsmalloc
gate: 3810 symbols checked, 1 failing, 0 tolerated, 1 warnings, 3 notes: FAIL
";
    assert_eq!(o.stdout, expected);
}

#[test]
fn a_namespace_change_and_kabi_rules_on_module_and_namespace() {
    let dir = tmp();
    let golden = corpus("tiny-6.12").join("Module.symvers");
    let changed = rewrite(dir.path(), "ns", |f| {
        let mut f: Vec<String> = f.iter().map(|s| s.to_string()).collect();
        if f[4] == "DEVMEM" {
            f[4] = "DEVMEM2".into();
        }
        if f[2] == "mm/zsmalloc" && f[1] == "zs_map_object" {
            f[0] = "0x00000001".into();
        }
        Some(f.join("\t"))
    });
    let o = gate(&[p("--baseline"), &golden, p("--current"), &changed]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains(
        "KABI: symbol cpu_cache_invalidate_memregion(mod:vmlinux ns:DEVMEM) changed namespace from DEVMEM to DEVMEM2\n"
    ));
    let rules = dir.path().join("severities");
    std::fs::write(&rules, "DEVMEM PASS\nmm/* PASS\n").unwrap();
    let o = gate(&[p("--baseline"), &golden, p("--current"), &changed, p("--rules"), &rules]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("ns:DEVMEM) changed namespace from DEVMEM to DEVMEM2 (tolerated: "), "{}", o.stdout);
    assert!(o.stdout.contains(":2: mm/* PASS)"), "{}", o.stdout);
    assert!(o.stdout.ends_with("0 failing, 3 tolerated, 0 warnings, 0 notes: PASS\n"), "{}", o.stdout);
}

#[test]
fn four_field_baseline_ignores_namespaces() {
    let dir = tmp();
    let four = rewrite(dir.path(), "four", |f| (f[1] != "crc32_le").then(|| f[..4].join("\t")));
    let o = gate(&[p("--baseline"), &four, &corpus("tiny-6.12")]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(o.stdout, "KABI: note: symbol crc32_le(mod:vmlinux) added\ngate: 3810 symbols checked, 0 failing, 0 tolerated, 0 warnings, 1 notes: PASS\n");
}

#[test]
fn the_corpus_objtrees_pass_against_their_module_symvers() {
    for name in ["tiny-6.12", "tiny-6.12-dist"] {
        let tree = corpus(name);
        let o = gate(&[p("--baseline"), &tree.join("Module.symvers"), &tree]);
        assert_eq!(o.code, 0, "{name}: {}{}", o.stdout, o.stderr);
        assert_eq!(o.stdout, "gate: 3811 symbols checked, 0 failing, 0 tolerated, 0 warnings, 0 notes: PASS\n");
    }
}

#[test]
fn a_baseline_that_does_not_match_its_symtypes_tree_is_reported() {
    // A CRC changed in the baseline only: the .symtypes of both sides reproduce the tree's
    // #SYMVER, which is not the baseline's CRC, so the explanation is unverified.
    let dir = tmp();
    let tree = corpus("tiny-6.12-dist");
    let old = rewrite(dir.path(), "old", |f| {
        let mut f: Vec<String> = f.iter().map(|s| s.to_string()).collect();
        if f[1] == "system_state" {
            f[0] = "0x12345678".into();
        }
        Some(f.join("\t"))
    });
    let o = gate(&[p("--baseline"), &old, p("--baseline-symtypes"), &tree, &tree]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", o.stdout);
    assert!(lines[0]
        .starts_with("KABI: symbol system_state(mod:vmlinux) changed crc from 0x12345678 to 0xf7370f56 [unverified"));
    assert!(lines[1].starts_with("KABI: warning: symbol system_state(mod:vmlinux) "));
    assert!(
        lines[1].ends_with("but the compared CRC is 0x12345678: the tree does not match the symvers file"),
        "{}",
        lines[1]
    );
}

#[test]
fn bad_input_is_exit_2_naming_file_and_line() {
    let dir = tmp();
    let golden = corpus("tiny-6.12").join("Module.symvers");
    let bad = rewrite(dir.path(), "bad", |f| Some(if f[1] == "jiffies" { f[..3].join("\t") } else { f.join("\t") }));
    let o = gate(&[p("--baseline"), &bad, p("--current"), &golden]);
    assert_eq!(o.code, 2);
    let line = symvers::read(&golden).unwrap().records.iter().find(|r| r.symbol == "jiffies").unwrap().line;
    assert_eq!(
        o.stderr,
        format!(
            "thinpost: error: {}: line {line}: expected 4 or 5 tab-separated fields (crc, symbol, module, export[, namespace]), got 3\n",
            bad.display()
        )
    );
    let o = gate(&[p("--baseline"), &dir.path().join("missing"), p("--current"), &golden]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("missing: No such file"), "{}", o.stderr);
    let rules = dir.path().join("rules");
    std::fs::write(&rules, "foo PASS\nbar MAYBE\n").unwrap();
    let o = gate(&[p("--baseline"), &golden, p("--current"), &golden, p("--rules"), &rules]);
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        format!(
            "thinpost: error: {}: line 2: invalid verdict \"MAYBE\", must be either PASS or FAIL\n",
            rules.display()
        )
    );
    let o = gate(&[p("--baseline"), &golden, p("--current"), &golden, p("--format"), p("xml")]);
    assert_eq!(o.code, 2);
    let o = gate(&[p("--current"), &golden]);
    assert_eq!(o.code, 2, "a missing --baseline is a usage error");
}
