//! genksyms' CRC rebuilt from `.symtypes`: every export of the corpus, vmlinux and
//! modules alike, against the `#SYMVER` line genksyms wrote into the `.cmd` file and the
//! CRC modpost wrote into Module.symvers.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use support::*;
use thinpost::kbuild::cmd::parse_symver;
use thinpost::kbuild::symtypes;

fn symtypes_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            symtypes_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "symtypes") {
            out.push(p);
        }
    }
}

/// Recomputes every export's CRC in `tree`; returns how many were checked.
fn assert_every_crc_reproduced(tree: &Path) -> usize {
    let golden: HashMap<String, u32> =
        read_symvers(&tree.join("Module.symvers")).into_iter().map(|g| (g.1, g.0)).collect();
    let mut files = Vec::new();
    symtypes_files(tree, &mut files);
    files.sort();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for st_path in &files {
        let st = symtypes::parse(&std::fs::read_to_string(st_path).unwrap()).unwrap();
        let stem = st_path.file_stem().unwrap().to_str().unwrap();
        let cmd = st_path.with_file_name(format!(".{stem}.o.cmd"));
        let symver: HashMap<String, u32> =
            parse_symver(&std::fs::read(&cmd).unwrap()).into_iter().map(|c| (c.symbol, c.crc)).collect();
        // verify's compiled expander computes the same CRCs.
        let expander = symtypes::Expander::new(&std::fs::read_to_string(st_path).unwrap()).unwrap();
        assert_eq!(symver.len(), st.export_order.len(), "{}: exports vs #SYMVER lines", st_path.display());
        for sym in &st.export_order {
            let e = st.expand(sym).unwrap();
            assert!(e.missing.is_empty(), "{sym}: undefined {:?}", e.missing);
            assert_eq!(expander.crc(sym), Some(e.crc), "{}: {sym}", st_path.display());
            if Some(&e.crc) != symver.get(sym) || Some(&e.crc) != golden.get(sym) {
                mismatches.push(format!("{}: {sym}: 0x{:08x} vs {:?}", st_path.display(), e.crc, symver.get(sym)));
            }
            checked += 1;
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first: {:?}",
        mismatches.len(),
        &mismatches[..3.min(mismatches.len())]
    );
    checked
}

#[test]
fn every_export_of_tiny_dist_is_reproduced_from_symtypes() {
    let tree = corpus("tiny-6.12-dist");
    assert_eq!(assert_every_crc_reproduced(&tree), 3811);
    // The module exports are among them.
    let modules = read_symvers(&tree.join("Module.symvers")).iter().filter(|g| g.2 != "vmlinux").count();
    assert_eq!(modules, 208);
}

/// Linux 7.2: the CRCs of the distributed tree's natives live in their bitcode's
/// `.X.o.cmd`, beside `X.symtypes`.
#[test]
fn every_export_of_small_7_2_dist_is_reproduced_from_symtypes() {
    let tree = corpus("small-7.2-dist");
    assert_eq!(assert_every_crc_reproduced(&tree), read_symvers(&tree.join("Module.symvers")).len());
    assert_eq!(read_symvers(&tree.join("Module.symvers")).len(), 4337);
}

#[test]
fn every_export_of_small_7_2_arm64_dist_is_reproduced_from_symtypes() {
    let tree = corpus("small-7.2-arm64-dist");
    assert_eq!(assert_every_crc_reproduced(&tree), 4702);
}

#[test]
fn every_export_of_the_sample_tree_is_reproduced_from_symtypes() {
    let tree = sample_tree();
    assert_eq!(assert_every_crc_reproduced(&tree), read_symvers(&tree.join("Module.symvers")).len());
}

#[test]
fn extern_is_not_hashed() {
    // `.symtypes` prints `extern` for exports declared extern; genksyms does not hash it.
    let tree = corpus("tiny-6.12-dist");
    let text = std::fs::read_to_string(tree.join("init/main.symtypes")).unwrap();
    let st = symtypes::parse(&text).unwrap();
    let externs: Vec<&str> = text
        .lines()
        .filter(|l| l.as_bytes().get(1) != Some(&b'#'))
        .filter(|l| l.split(' ').nth(1) == Some("extern"))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    for sym in externs {
        assert!(!st.expanded_text(sym).unwrap().starts_with("extern "), "{sym}");
    }
}
