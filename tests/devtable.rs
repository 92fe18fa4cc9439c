//! Device-table aliases (`file2alias.c`).
//!
//! - The real 7.2 trees: the aliases thinpost computes from each object equal the
//!   `MODULE_ALIAS` lines of the kernel's `*.mod.c` and the alias trailer of its
//!   `.vmlinux.export.c`.
//! - Sample modules, one per table type, compiled with clang-19 from `testdata/devtable/`
//!   against the kernel's own `mod_devicetable.h`: the kernel's 6.12 modpost and
//!   thinpost agree byte for byte; the 7.2 modpost and thinpost agree on the aliases, the
//!   table messages and the exit status.

mod support;

use std::path::Path;

use support::*;
use thinpost::modpost::devtable::{LayoutSource, Rules, Setup};
use thinpost::modpost::read::{read_object, Diag, Event, ReadSettings};

/// Reads `obj` (relative to `tree`) as modpost's read phase would with `setup`.
fn read_with(tree: &Path, obj: &str, setup: &Setup) -> thinpost::modpost::read::ReadObject {
    let data = std::fs::read(tree.join(obj)).unwrap_or_else(|e| panic!("{obj}: {e}"));
    let settings = ReadSettings {
        module_enabled: true,
        extra_warn: false,
        strip_llvm_suffix: true,
        collect_definitions: false,
        devtable: Some(setup),
    };
    read_object(obj, &data, settings)
}

fn setup_for(tree: &Path, version: (u32, u32)) -> Setup {
    Setup { rules: Rules::for_version(version.0, version.1), layouts: LayoutSource::load(tree, version) }
}

/// `MODULE_ALIAS("…");` lines of a generated `.mod.c`.
fn alias_lines(mod_c: &str) -> Vec<String> {
    mod_c.lines().filter(|l| l.starts_with("MODULE_ALIAS(")).map(str::to_string).collect()
}

fn table_diags(events: &[Event]) -> Vec<&Diag> {
    events.iter().filter_map(|e| if let Event::Diag(d) = e { Some(d) } else { None }).collect()
}

/// The kernel's aliases of every module and of vmlinux in a 7.2 tree, against thinpost's.
fn check_7_2_tree(name: &str, modules_with_aliases: usize) {
    let tree = corpus(name);
    let setup = setup_for(&tree, (7, 2));
    let order = std::fs::read_to_string(tree.join("modules.order")).unwrap();
    let mut with_aliases = 0;
    for obj in order.lines() {
        let golden = std::fs::read_to_string(tree.join(obj.replace(".o", ".mod.c"))).unwrap();
        let read = read_with(&tree, obj, &setup);
        assert!(table_diags(&read.events).is_empty(), "{obj}: {:?}", read.events);
        let ours: Vec<String> = read
            .module
            .unwrap()
            .aliases
            .iter()
            .map(|a| format!("MODULE_ALIAS(\"{}\");", String::from_utf8_lossy(&a.text)))
            .collect();
        assert_eq!(ours, alias_lines(&golden), "{obj}");
        with_aliases += usize::from(!ours.is_empty());
    }
    assert_eq!(with_aliases, modules_with_aliases, "{name}: modules with aliases");

    let golden = std::fs::read_to_string(tree.join(".vmlinux.export.c")).unwrap();
    let trailer = golden.split_once("#include <linux/module.h>\n").map(|(_, t)| t).unwrap();
    let golden_lines: Vec<&str> = trailer.lines().skip(2).collect();
    let read = read_with(&tree, "vmlinux.o", &setup);
    let ours: Vec<String> = read
        .module
        .unwrap()
        .aliases
        .iter()
        .map(|a| {
            let modname = String::from_utf8_lossy(a.builtin_modname.as_deref().unwrap_or(b"(null)")).into_owned();
            format!("MODULE_INFO({modname}.alias, \"{}\");", String::from_utf8_lossy(&a.text))
        })
        .collect();
    assert!(golden_lines.len() > 20, "{name}: {} built-in aliases", golden_lines.len());
    assert_eq!(ours, golden_lines, "{name}: .vmlinux.export.c alias trailer");
}

#[test]
fn small_7_2_dist_aliases_equal_the_kernels() {
    check_7_2_tree("small-7.2-dist", 9);
}

#[test]
fn small_7_2_arm64_dist_aliases_equal_the_kernels() {
    check_7_2_tree("small-7.2-arm64-dist", 6);
}
