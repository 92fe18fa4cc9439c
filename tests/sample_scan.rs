//! The scan on the sample tree (testdata/sample/tree, made by gen.sh with the real
//! toolchain): the cases the kernel corpora lack.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use support::*;
use thinpost::formats::magic::ObjectKind;
use thinpost::inventory::read_object;
use thinpost::scan;

fn nm_defined(path: &std::path::Path) -> BTreeSet<String> {
    run(Command::new(tool("NM", "llvm-nm"))
        .args(["--defined-only", "--extern-only", "--format=just-symbols"])
        .arg(path))
    .lines()
    .map(str::to_string)
    .collect()
}

#[test]
fn every_sample_object_matches_llvm_nm_and_module_symvers() {
    let tree = sample_tree();
    let inv = scan(&tree, &Default::default()).unwrap();
    for o in &inv.objects {
        let ours: BTreeSet<String> = o.defined_globals().map(|s| s.name.clone()).collect();
        assert_eq!(ours, nm_defined(&tree.join(&o.path)), "{}", o.path);
    }
    // Every export carries the CRC, licence and namespace the kernel's modpost wrote.
    let golden = read_symvers(&tree.join("Module.symvers"));
    let mut seen = 0;
    for o in &inv.objects {
        for e in o.exports.iter().filter(|e| e.is_well_formed()) {
            let Some(crc) = o.crcs().iter().find(|c| c.symbol == e.target) else {
                // A module's linked object repeats its members' exports; CRCs are in the members' .cmd.
                assert!(o.roles.module && !o.roles.module_member, "{}: no CRC for {}", o.path, e.target);
                continue;
            };
            let g = golden.iter().find(|g| g.1 == e.target).unwrap();
            assert_eq!(crc.crc, g.0, "{}", e.target);
            assert_eq!(g.3 == "EXPORT_SYMBOL_GPL", e.license_raw == "GPL", "{}", e.target);
            assert_eq!(g.4, e.namespace, "{}", e.target);
            seen += 1;
        }
    }
    assert_eq!(seen, golden.len());
}

#[test]
fn a_bitcode_file_with_two_modules() {
    let inv = scan(&sample_tree(), &Default::default()).unwrap();
    let cfi = inv.object("kernel/cfi.o").unwrap();
    assert_eq!(cfi.kind, ObjectKind::IrRaw);
    let ir = cfi.ir.as_ref().unwrap();
    assert_eq!(ir.modules, 2);
    let exports: Vec<_> = cfi.exports.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(exports, ["cfi_dispatch", "cfi_call_handler"]);
    // Single-module objects say so.
    assert_eq!(inv.object("kernel/core.o").unwrap().ir.as_ref().unwrap().modules, 1);
}

#[test]
fn a_bitcode_file_in_the_wrapper() {
    let path = sample_tree().join("extra/wrapped.o");
    let o = read_object(&path).unwrap();
    assert_eq!(o.kind, ObjectKind::IrWrapper);
    let ours: BTreeSet<String> = o.defined_globals().map(|s| s.name.clone()).collect();
    assert_eq!(ours, nm_defined(&path));
    assert!(o.ir.as_ref().unwrap().target_triple.contains("apple-macosx"));
}

#[test]
fn shell_quoted_saved_c_flags() {
    let inv = scan(&sample_tree(), &Default::default()).unwrap();
    let params = inv.object("kernel/params.o").unwrap();
    let flags = params.cmd.as_ref().unwrap().saved_c_flags.as_ref().unwrap();
    assert!(flags.iter().any(|f| f == "-DGREETING=\"hello world\""), "{flags:?}");
    assert!(flags.iter().any(|f| f == "-DKBUILD_MODFILE=\"kernel/params\""), "{flags:?}");
    // savedcmd_ keeps the shell text, with Make's `$$` and `$(pound)` undone.
    let string = inv.object("lib/string.o").unwrap();
    assert!(string.cmd.as_ref().unwrap().savedcmd.as_ref().unwrap().contains(r#"-DSAMPLE_TAG='"$id#2"'"#));
}

#[test]
fn namespaces_and_data_exports_of_elf_objects() {
    let inv = scan(&sample_tree(), &Default::default()).unwrap();
    let checksum = inv.object("lib/checksum.o").unwrap();
    assert_eq!(checksum.kind, ObjectKind::ElfRel);
    let e = checksum.exports.iter().find(|e| e.target == "csum_table").unwrap();
    assert_eq!((e.license_raw.as_str(), e.namespace.as_str(), e.target_is_func), ("GPL", "SAMPLE_NS", Some(false)));
    let f = checksum.exports.iter().find(|e| e.target == "csum_fold_sample").unwrap();
    assert_eq!(f.target_is_func, Some(true));
}

#[test]
fn cli_json_and_list() {
    let tree = sample_tree();
    let json: serde_json::Value = serde_json::from_str(&run(thinpost().arg("scan").arg("--json").arg(&tree))).unwrap();
    assert_eq!(json["objects"].as_array().unwrap().len(), 14);
    assert_eq!(json["vmlinux_source"], "vmlinux-a");
    let list = run(thinpost().arg("scan").arg("--list").arg(&tree));
    assert!(list.lines().any(|l| l.starts_with("ir ") && l.contains("kernel/cfi.o")), "{list}");
    assert!(list.contains("vmlinux (vmlinux.a): 10 objects: 7 IR, 0 IR (wrapper), 3 ELF, 0 other"), "{list}");
}
