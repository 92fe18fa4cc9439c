//! The scan on the real kernel corpora: object kinds, symbols against llvm-nm, CRCs
//! against the kernel's own Module.symvers.

mod support;

use std::collections::{BTreeSet, HashMap};

use support::*;
use thinpost::formats::magic::ObjectKind;
use thinpost::inventory::VmlinuxSource;
use thinpost::{scan, Inventory};

fn assert_symbols_match_llvm_nm(inv: &Inventory, indexes: &[usize]) {
    let paths: Vec<&str> = indexes.iter().map(|&i| inv.objects[i].path.as_str()).collect();
    let nm = defined_globals_of(&inv.objtree, &paths);
    let mut checked = 0;
    for &i in indexes {
        let o = &inv.objects[i];
        let ours: BTreeSet<String> = o.defined_globals().map(|s| s.name.clone()).collect();
        let theirs = nm.get(&o.path).cloned().unwrap_or_default();
        assert_eq!(ours, theirs, "defined globals of {} differ from llvm-nm", o.path);
        checked += 1;
    }
    assert_eq!(checked, indexes.len());
}

/// Every vmlinux export of the golden Module.symvers has the same CRC in the `.cmd` of
/// the object that exports it, and every object's exports are in Module.symvers.
fn assert_crcs_match_symvers(inv: &Inventory) -> usize {
    let golden = read_symvers(&inv.objtree.join("Module.symvers"));
    let golden_vmlinux: HashMap<&str, u32> =
        golden.iter().filter(|g| g.2 == "vmlinux").map(|g| (g.1.as_str(), g.0)).collect();
    let mut ours: HashMap<String, u32> = HashMap::new();
    for &i in &inv.vmlinux {
        let o = &inv.objects[i];
        let crcs: HashMap<&str, u32> = o.crcs().iter().map(|c| (c.symbol.as_str(), c.crc)).collect();
        for e in o.exports.iter().filter(|e| e.is_well_formed()) {
            let crc = crcs.get(e.target.as_str()).unwrap_or_else(|| panic!("{}: no CRC for {}", o.cmd_path, e.target));
            assert!(ours.insert(e.target.clone(), *crc).is_none(), "{} exported twice", e.target);
        }
    }
    assert_eq!(ours.len(), golden_vmlinux.len(), "number of vmlinux exports");
    for (sym, crc) in &golden_vmlinux {
        assert_eq!(ours.get(*sym), Some(crc), "CRC of {sym}");
    }
    ours.len()
}

#[test]
fn tiny_vmlinux_is_654_ir_and_22_elf() {
    let inv = scan(&corpus("tiny-6.12"), &Default::default()).unwrap();
    assert_eq!(inv.vmlinux_source, VmlinuxSource::VmlinuxA);
    let k = inv.count_kinds(&inv.vmlinux);
    assert_eq!((k.ir_raw, k.ir_wrapper, k.elf_rel, k.other), (654, 0, 22, 0));
    assert_eq!(inv.modules.len(), 31);
    // Every IR object of the corpus holds one module with a version-3 symbol table.
    for &i in &inv.vmlinux {
        if let Some(ir) = &inv.objects[i].ir {
            assert_eq!((ir.modules, ir.symtab_version), (1, 3), "{}", inv.objects[i].path);
        }
    }
}

#[test]
fn tiny_defined_globals_equal_llvm_nm() {
    let inv = scan(&corpus("tiny-6.12"), &Default::default()).unwrap();
    let all: Vec<usize> = (0..inv.objects.len()).collect();
    assert_symbols_match_llvm_nm(&inv, &all);
}

#[test]
fn tiny_crcs_equal_module_symvers() {
    let inv = scan(&corpus("tiny-6.12"), &Default::default()).unwrap();
    assert_eq!(assert_crcs_match_symvers(&inv), 3603);
}

#[test]
fn dist_vmlinux_holds_natives_with_crcs_from_ir_cmd_files() {
    let inv = scan(&corpus("tiny-6.12-dist"), &Default::default()).unwrap();
    let k = inv.count_kinds(&inv.vmlinux);
    assert_eq!((k.ir_raw, k.elf_rel), (0, 676));
    let natives: Vec<_> =
        inv.vmlinux.iter().map(|&i| &inv.objects[i]).filter(|o| o.path.ends_with(".thinlto-native.o")).collect();
    assert_eq!(natives.len(), 654);
    for o in &natives {
        let stem = o.path.strip_suffix(".thinlto-native.o").unwrap();
        let (dir, base) = stem.rsplit_once('/').unwrap();
        assert_eq!(o.cmd_path, format!("{dir}/.{base}.o.cmd"));
    }
    // The IR inputs of the thin-link are scanned too.
    let t = inv.count_kinds(&inv.thinlto_inputs);
    assert_eq!(t.ir_raw, 654);
    assert_eq!(inv.thinlto_index.as_ref().map(Vec::len), Some(654));
    assert_eq!(assert_crcs_match_symvers(&inv), 3603);
}

#[test]
fn dist_defined_globals_equal_llvm_nm() {
    let inv = scan(&corpus("tiny-6.12-dist"), &Default::default()).unwrap();
    let all: Vec<usize> = (0..inv.objects.len()).collect();
    assert_symbols_match_llvm_nm(&inv, &all);
}

#[test]
fn module_export_crcs_come_from_member_cmd_files() {
    for name in ["tiny-6.12", "tiny-6.12-dist"] {
        let inv = scan(&corpus(name), &Default::default()).unwrap();
        let golden = read_symvers(&inv.objtree.join("Module.symvers"));
        let mut checked = 0;
        for m in &inv.modules {
            let crcs: HashMap<&str, u32> =
                m.members.iter().flat_map(|&i| inv.objects[i].crcs()).map(|c| (c.symbol.as_str(), c.crc)).collect();
            let module_obj = &inv.objects[m.object];
            assert_eq!(module_obj.kind, ObjectKind::ElfRel, "{}", module_obj.path);
            for e in module_obj.exports.iter().filter(|e| e.is_well_formed()) {
                let g = golden.iter().find(|g| g.1 == e.target).unwrap_or_else(|| panic!("{} not in golden", e.target));
                assert_eq!(g.2, m.name);
                assert_eq!(crcs.get(e.target.as_str()), Some(&g.0), "{}: CRC of {}", m.name, e.target);
                assert_eq!(g.3 == "EXPORT_SYMBOL_GPL", e.license_raw == "GPL");
                checked += 1;
            }
        }
        assert_eq!(checked, golden.iter().filter(|g| g.2 != "vmlinux").count(), "{name}");
    }
}

#[test]
fn scan_is_deterministic_across_thread_counts() {
    let tree = corpus("tiny-6.12");
    let one = scan(&tree, &thinpost::ScanOptions { jobs: Some(1) }).unwrap();
    let two = scan(&tree, &thinpost::ScanOptions { jobs: Some(2) }).unwrap();
    assert_eq!(one, two);
}
