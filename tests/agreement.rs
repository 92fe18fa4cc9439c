//! modpost, verify and gate read one tree through one model: on every corpus, the
//! `Module.symvers` that `thinpost modpost` writes, the exports `thinpost verify` resolves
//! for the final link, and the exports `thinpost gate` reads from the scanned tree agree
//! on every export's CRC, licence, namespace and module.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use support::*;
use thinpost::gate::exports::ExportSet;
use thinpost::kbuild::symvers::ExportType;

/// (crc, GPL only, namespace, module) by symbol; a symbol exported twice keeps its later
/// export, as a reader of `Module.symvers` does.
type View = BTreeMap<String, (u32, bool, String, String)>;

fn set_view(set: &ExportSet) -> View {
    set.exports
        .iter()
        .map(|(s, e)| (s.clone(), (e.crc, e.export == ExportType::Gpl, e.namespace.clone(), e.module.clone())))
        .collect()
}

/// The `savedcmd_Module.symvers` arguments kbuild recorded for the tree.
fn kbuild_modpost_args(tree: &Path) -> Vec<String> {
    let cmd = std::fs::read_to_string(tree.join(".Module.symvers.cmd")).unwrap();
    let line = cmd.lines().find_map(|l| l.strip_prefix("savedcmd_Module.symvers := ")).unwrap();
    line.split_whitespace().skip(1).map(str::to_string).collect()
}

fn agree(name: &str) {
    let tmp = fresh_copy(&corpus(name));
    let tree = tmp.path();
    std::fs::remove_file(tree.join("Module.symvers")).unwrap();
    run(thinpost().arg("modpost").args(kbuild_modpost_args(tree)).current_dir(tree));
    let modpost = set_view(&ExportSet::from_symvers(&tree.join("Module.symvers")).unwrap());
    assert!(modpost.len() > 100, "{name}: {} exports", modpost.len());

    let inv = thinpost::inventory::scan(tree, &thinpost::inventory::ScanOptions { jobs: None }).unwrap();
    let gate = set_view(&ExportSet::from_inventory(&inv).0);
    assert_eq!(gate, modpost, "{name}: gate's exports differ from modpost's Module.symvers");

    let v = thinpost::verify::verify(&thinpost::verify::VerifyOptions {
        objtree: tree.to_path_buf(),
        keep: Vec::new(),
        jobs: None,
        kernel_version: None,
    })
    .unwrap();
    let verify: View = v
        .exports
        .iter()
        .map(|e| {
            let crc = e.crc.map_or(0, |c| c.crc);
            (e.symbol.clone(), (crc, e.gpl_only(), e.namespace.clone(), e.module.clone()))
        })
        .collect();
    assert_eq!(verify, modpost, "{name}: verify's exports differ from modpost's Module.symvers");
}

#[test]
fn tiny_6_12() {
    // in-process ThinLTO: verify models the final link from the bitcode objects
    agree("tiny-6.12");
}

#[test]
fn tiny_6_12_dist() {
    agree("tiny-6.12-dist");
}

#[test]
fn small_7_2_dist() {
    agree("small-7.2-dist");
}

#[test]
fn small_7_2_arm64_dist() {
    agree("small-7.2-arm64-dist");
}
