//! `thinpost verify` on the kernel corpora: each full tree verifies clean (only the
//! notes listed here), and copies broken with the real clang-19, ld.lld-19 and
//! llvm-objcopy-19 make each check fire, naming the object and the check. verify never
//! writes into the tree.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

fn verify(tree: &Path, extra: &[&str]) -> (i32, String) {
    let out = thinpost().arg("verify").args(extra).arg(tree).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "no `{needle}` in:\n{text}");
}

const NOTES_TINY_612: &str = "\
thinpost: note: [ir-native.expected-differences] natives differ from their IR as ThinLTO intends: 68 non-prevailing weak definitions dropped, 0 omittable (linkonce) definitions dropped, 947 promoted locals added, 0 CFI definitions in the regular-LTO object
thinpost: note: [rename.promoted] 947 symbols renamed name.llvm.<digits> by ThinLTO promotion in 152 objects; most in arch/x86/kernel/cpu/capflags.thinlto-native.o (349), mm/debug.thinlto-native.o (85), kernel/sched/build_policy.thinlto-native.o (35)
thinpost verify: 0 errors, 0 warnings, 2 notes
";

const NOTES_SMALL_72: &str = "\
thinpost: note: [ir-native.expected-differences] natives differ from their IR as ThinLTO intends: 109 non-prevailing weak definitions dropped, 0 omittable (linkonce) definitions dropped, 1143 promoted locals added, 0 CFI definitions in the regular-LTO object
thinpost: note: [rename.promoted] 1143 symbols renamed name.llvm.<digits> by ThinLTO promotion in 176 objects; most in arch/x86/kernel/cpu/capflags.thinlto-native.o (353), mm/debug.thinlto-native.o (88), kernel/sched/build_policy.thinlto-native.o (54)
thinpost verify: 0 errors, 0 warnings, 2 notes
";

const NOTES_SMALL_72_ARM64: &str = "\
thinpost: note: [ir-native.expected-differences] natives differ from their IR as ThinLTO intends: 82 non-prevailing weak definitions dropped, 0 omittable (linkonce) definitions dropped, 866 promoted locals added, 0 CFI definitions in the regular-LTO object
thinpost: note: [rename.promoted] 866 symbols renamed name.llvm.<digits> by ThinLTO promotion in 169 objects; most in mm/debug.thinlto-native.o (88), arch/arm64/kernel/traps.thinlto-native.o (53), kernel/sched/build_policy.thinlto-native.o (53)
thinpost verify: 0 errors, 0 warnings, 2 notes
";

#[test]
fn tiny_6_12_dist_verifies_clean() {
    let (code, text) = verify(&corpus("tiny-6.12-dist"), &["--strict"]);
    assert_eq!((code, text.as_str()), (0, NOTES_TINY_612));
}

/// `CONFIG_KALLSYMS=y`: the `kallsyms_*` tables come from the final link.
#[test]
fn small_7_2_dist_verifies_clean() {
    let (code, text) = verify(&corpus("small-7.2-dist"), &["--strict"]);
    assert_eq!((code, text.as_str()), (0, NOTES_SMALL_72));
}

/// Regression: the AArch64 assembler's `$d` mapping symbol at the first export's
/// address was once taken for that export's label (one false `export.label-missing` per
/// exporting object, and their follow-ons).
#[test]
fn small_7_2_arm64_dist_verifies_clean() {
    let tree = corpus("small-7.2-arm64-dist");
    let (code, text) = verify(&tree, &["--strict"]);
    assert_eq!((code, text.as_str()), (0, NOTES_SMALL_72_ARM64));
    let native = thinpost::inventory::read_object(&tree.join("kernel/kallsyms.thinlto-native.o")).unwrap();
    let labels: Vec<&str> = native.exports.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "__export_symbol_sprint_symbol",
            "__export_symbol_sprint_symbol_build_id",
            "__export_symbol_sprint_symbol_no_offset"
        ]
    );
    let symbols = std::process::Command::new(tool("LLVM_NM", "llvm-nm"))
        .arg("--special-syms")
        .arg(tree.join("kernel/kallsyms.thinlto-native.o"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&symbols.stdout).lines().any(|l| l.ends_with(" $d")), "the native has a $d");
}

/// The clang target of a corpus.
fn target(corpus_name: &str) -> &'static str {
    if corpus_name.contains("arm64") {
        "--target=aarch64-linux-gnu"
    } else {
        "--target=x86_64-linux-gnu"
    }
}

/// Compiles `source` with clang-19 and links the object into the native `native` with
/// `ld.lld-19 -r`, as if the backend had produced it.
fn link_into_native(tree: &Path, corpus_name: &str, native: &str, source: &str) {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("extra.c");
    std::fs::write(&c, source).unwrap();
    let extra = dir.path().join("extra.o");
    run(Command::new(tool("CC", "clang"))
        .arg(target(corpus_name))
        .args(["-O2", "-fno-PIE", "-ffreestanding", "-c", "-o"])
        .arg(&extra)
        .arg(&c));
    let combined = dir.path().join("combined.o");
    run(Command::new(tool("LD", "ld.lld")).arg("-r").arg("-o").arg(&combined).arg(tree.join(native)).arg(&extra));
    std::fs::copy(&combined, tree.join(native)).unwrap();
}

fn objcopy(tree: &Path, native: &str, args: &[&str]) {
    run(Command::new(tool("LLVM_OBJCOPY", "llvm-objcopy")).args(args).arg(tree.join(native)));
}

/// Breaks a copy of a corpus in six ways, in six different objects, with the real
/// toolchain, and checks that each is reported against its object.
fn each_check_fires(corpus_name: &str) -> (tempfile::TempDir, String) {
    let copy = fresh_copy(&corpus(corpus_name));
    let tree = copy.path();
    // A native removed.
    std::fs::remove_file(tree.join("lib/bsearch.thinlto-native.o")).unwrap();
    // A native older than its bitcode, and no recorded key that says otherwise.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let native = std::fs::File::options().write(true).open(tree.join("lib/memweight.thinlto-native.o")).unwrap();
    native.set_modified(old).unwrap();
    // A #SYMVER line dropped.
    let cmd = tree.join("lib/.base64.o.cmd");
    let text = std::fs::read_to_string(&cmd).unwrap();
    let kept: String =
        text.lines().filter(|l| !l.starts_with("#SYMVER base64_decode ")).map(|l| format!("{l}\n")).collect();
    assert_ne!(kept.len(), text.len());
    std::fs::write(&cmd, kept).unwrap();
    // An exported symbol's definition taken out of its native: no longer a global the
    // link can see.
    objcopy(tree, "lib/bcd.thinlto-native.o", &["--localize-symbol=_bin2bcd"]);
    // A call to a function nothing defines, compiled into a native.
    link_into_native(
        tree,
        corpus_name,
        "lib/errseq.thinlto-native.o",
        "void thinpost_nobody_defines_this(void);\nvoid thinpost_caller(void);\nvoid thinpost_caller(void) { thinpost_nobody_defines_this(); }\n",
    );
    // An export renamed as ThinLTO renames promoted locals.
    objcopy(tree, "lib/argv_split.thinlto-native.o", &["--redefine-sym=argv_free=argv_free.llvm.4242"]);

    let (code, text) = verify(tree, &[]);
    assert_eq!(code, 1, "{text}");
    for needle in [
        "error: [coverage.missing-native] lib/bsearch.o: no native lib/bsearch.thinlto-native.o",
        "error: [coverage.stale-native] lib/memweight.thinlto-native.o, lib/memweight.o: the native is older than its bitcode or index shard",
        "warning: [crc.missing] lib/base64.thinlto-native.o: `base64_decode` has no #SYMVER CRC",
        "error: [export.lost] lib/bcd.o, lib/bcd.thinlto-native.o: exported symbol `_bin2bcd` is defined in the IR but not GLOBAL or WEAK in the native",
        "error: [symbol.unresolved] lib/errseq.thinlto-native.o: `thinpost_nobody_defines_this` is undefined and nothing in vmlinux or its final link defines it",
        "error: [rename.kept-symbol] lib/argv_split.thinlto-native.o: `argv_free` was renamed `argv_free.llvm.4242` by ThinLTO promotion, but it is exported",
    ] {
        assert_has(&text, needle);
    }
    // The missing native's own definitions are taken from its bitcode: nothing else is
    // reported about it.
    assert!(!text.contains("`bsearch` is undefined"), "{text}");
    (copy, text)
}

#[test]
fn each_check_fires_on_tiny_6_12_dist() {
    each_check_fires("tiny-6.12-dist");
}

#[test]
fn each_check_fires_on_small_7_2_arm64_dist() {
    each_check_fires("small-7.2-arm64-dist");
}

/// On small-7.2-dist, besides the six: what the final link defines depends on the
/// configuration (no kallsyms object without `CONFIG_KALLSYMS`), and the section-mismatch
/// whitelist warning on modpost's version (7.2 matches `*_ops.llvm.*`, not
/// `*_console.llvm.*`).
#[test]
fn each_check_fires_on_small_7_2_dist() {
    let (copy, _) = each_check_fires("small-7.2-dist");
    let tree = copy.path();
    link_into_native(
        tree,
        "small-7.2-dist",
        "lib/hexdump.thinlto-native.o",
        "struct thinpost_ops { int (*setup)(void); };\n\
         __attribute__((section(\".init.text\"))) int thinpost_setup(void) { return 1; }\n\
         struct thinpost_ops thinpost_ops __asm__(\"thinpost_ops.llvm.77\") = { thinpost_setup };\n\
         struct thinpost_ops thinpost_console __asm__(\"thinpost_console.llvm.78\") = { thinpost_setup };\n",
    );
    let (_, text) = verify(tree, &[]);
    assert_has(&text, "warning: [rename.mismatch-whitelist] lib/hexdump.thinlto-native.o: `thinpost_console.llvm.78` (in .data) refers to `thinpost_setup`; the `.llvm.` suffix defeats modpost's `*_console` whitelist, so stock modpost of Linux 7.2 reports a false section mismatch");
    assert!(!text.contains("`thinpost_ops.llvm.77`"), "{text}");
    let (_, text) = verify(tree, &["--kernel-version", "6.12"]);
    assert_has(&text, "warning: [rename.mismatch-whitelist] lib/hexdump.thinlto-native.o: `thinpost_ops.llvm.77` (in .data) refers to `thinpost_setup`; the `.llvm.` suffix defeats modpost's `*_ops` whitelist, so stock modpost of Linux 6.12");

    let conf = tree.join("include/config/auto.conf");
    let text = std::fs::read_to_string(&conf).unwrap().replace("CONFIG_KALLSYMS=y\n", "");
    std::fs::write(&conf, text).unwrap();
    let (code, text) = verify(tree, &[]);
    assert_eq!(code, 1);
    for sym in ["kallsyms_markers", "kallsyms_names", "kallsyms_num_syms", "kallsyms_offsets", "kallsyms_token_table"] {
        assert_has(
            &text,
            &format!("error: [symbol.unresolved] kernel/kallsyms.thinlto-native.o: `{sym}` is undefined"),
        );
    }
}

/// A native that is empty or not an object is reported against it (exit 1); a tree
/// that is not a tree is refused (exit 2).
#[test]
fn damaged_natives_are_findings() {
    let copy = fresh_copy(&corpus("tiny-6.12-dist"));
    let tree = copy.path();
    std::fs::write(tree.join("lib/bcd.thinlto-native.o"), b"").unwrap();
    std::fs::write(tree.join("lib/bsearch.thinlto-native.o"), b"not an object\n").unwrap();
    let data = std::fs::read(tree.join("lib/memweight.thinlto-native.o")).unwrap();
    std::fs::write(tree.join("lib/memweight.thinlto-native.o"), &data[..100]).unwrap();
    let (code, text) = verify(tree, &[]);
    assert_eq!(code, 1, "{text}");
    assert_has(&text, "error: [coverage.empty-native] lib/bcd.thinlto-native.o: the native object is empty");
    assert_has(&text, "error: [coverage.not-relocatable] lib/bsearch.thinlto-native.o: the native is not a usable ELF relocatable object:");
    assert_has(&text, "error: [coverage.not-relocatable] lib/memweight.thinlto-native.o: the native is not a usable ELF relocatable object:");
    let (code, text) = verify(&tree.join("lib"), &[]);
    assert_eq!(code, 2, "{text}");
    assert_has(&text, "not a kbuild object tree");
    // Modules but no vmlinux objects at all: nothing to verify the link of.
    for f in ["vmlinux.a", "builtin.order", ".vmlinux.objs"] {
        let _ = std::fs::remove_file(tree.join(f));
    }
    let (code, text) = verify(tree, &[]);
    assert_eq!(code, 2, "{text}");
    assert_has(&text, "no vmlinux.a, .vmlinux.objs or builtin.order");
}

/// Every file's path, size, mode and modification time, and the directories'.
fn listing(tree: &Path) -> String {
    run(Command::new("find").arg(".").args(["-printf", "%p %s %m %T@\n"]).current_dir(tree))
}

/// verify reads only: on a write-protected copy, nothing changes, also when a native
/// is older than its inputs (the recorded-key path).
#[test]
fn verify_writes_nothing() {
    let copy = fresh_copy(&corpus("small-7.2-dist"));
    let tree = copy.path();
    run(Command::new("chmod").args(["-R", "a-w"]).arg(tree));
    let before = listing(tree);
    let (code, text) = verify(tree, &[]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(listing(tree), before);

    let native = tree.join("lib/memweight.thinlto-native.o");
    run(Command::new("chmod").arg("u+w").arg(&native));
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(&native).unwrap().set_modified(old).unwrap();
    run(Command::new("chmod").arg("a-w").arg(&native));
    let before = listing(tree);
    let (code, text) = verify(tree, &[]);
    assert_eq!(code, 1, "{text}");
    assert_has(&text, "[coverage.stale-native] lib/memweight.thinlto-native.o");
    assert_eq!(listing(tree), before);
    assert!(!tree.join(".thinpost-cache").exists());
    run(Command::new("chmod").args(["-R", "u+w"]).arg(tree));
}
