//! The gate on Linux 7.2 trees: a tree's own exports, read by the scan, equal its
//! Module.symvers (CRCs from the natives' `.X.o.cmd`, and the `module:<globs>`
//! namespaces of `EXPORT_SYMBOL_FOR_MODULES`); a namespace change to or between `module:`
//! lists fails.

mod support;

use std::path::Path;

use support::*;

fn gate(args: &[&str], objtree: Option<&Path>) -> (i32, String) {
    let mut cmd = thinpost();
    cmd.arg("gate").args(args);
    if let Some(t) = objtree {
        cmd.arg(t);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

fn compared_with_itself_passes(name: &str, exports: usize) {
    let tree = corpus(name);
    let baseline = tree.join("Module.symvers");
    let (code, text) = gate(&["--baseline", baseline.to_str().unwrap()], Some(&tree));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(&format!("gate: {exports} symbols checked, 0 failing, 0 tolerated, 0 warnings, 0 notes: PASS")),
        "{text}"
    );
}

#[test]
fn a_7_2_tree_compared_with_itself_passes() {
    compared_with_itself_passes("small-7.2-dist", 4337);
}

#[test]
fn a_7_2_arm64_tree_compared_with_itself_passes() {
    compared_with_itself_passes("small-7.2-arm64-dist", 4702);
}

/// Module.symvers with `edit` applied to the namespace field of `symbol`'s line.
fn with_namespace(from: &Path, to: &Path, symbol: &str, namespace: &str) {
    let text = std::fs::read_to_string(from).unwrap();
    let mut found = false;
    let edited: String = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split('\t').collect();
            if f[1] == symbol {
                found = true;
                f[4] = namespace;
            }
            f.join("\t") + "\n"
        })
        .collect();
    assert!(found, "{symbol} not in {}", from.display());
    std::fs::write(to, edited).unwrap();
}

#[test]
fn a_change_to_a_module_namespace_fails() {
    let tree = corpus("small-7.2-dist");
    let dir = tempfile::tempdir().unwrap();
    let symvers = tree.join("Module.symvers");
    let current = dir.path().join("current.symvers");
    let s = |p: &Path| p.to_str().unwrap().to_string();

    // An export that had no namespace is now only for kvm.
    with_namespace(&symvers, &current, "argv_split", "module:kvm");
    let (code, text) = gate(&["--baseline", &s(&symvers), "--current", &s(&current)], None);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("KABI: symbol argv_split(mod:vmlinux) added namespace module:kvm (EXPORT_SYMBOL_FOR_MODULES: only modules kvm may use it)"), "{text}");

    // The list of modules of a `module:` namespace changed.
    with_namespace(&symvers, &current, "filemap_flush_nr", "module:btrfs,xfs");
    let (code, text) = gate(&["--baseline", &s(&symvers), "--current", &s(&current), "-f", "json"], None);
    assert_eq!(code, 1, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["symbol"] == "filemap_flush_nr").unwrap();
    assert_eq!(f["kind"], "namespace-changed");
    assert_eq!(f["verdict"], "fail");
    assert!(f["message"].as_str().unwrap().contains("changed from btrfs to btrfs,xfs"), "{f}");

    // Against the scanned tree: the baseline had no namespace where the tree's
    // EXPORT_SYMBOL_FOR_MODULES now names kvm.
    let baseline = dir.path().join("baseline.symvers");
    with_namespace(&symvers, &baseline, "anon_inode_make_secure_inode", "");
    let (code, text) = gate(&["--baseline", &s(&baseline)], Some(&tree));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("KABI: symbol anon_inode_make_secure_inode(mod:vmlinux) added namespace module:kvm"),
        "{text}"
    );
}
