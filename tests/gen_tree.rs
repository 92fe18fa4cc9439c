//! The scale generator (the `gen-tree/` workspace member) at a small size:
//! the kernel's own modpost accepts the tree without a word, and `thinpost modpost`
//! writes the same bytes.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;
use thinpost_gen_tree::{generate, Config};

fn small_config(seed: u64) -> Config {
    Config {
        seed,
        // Short deps_ blocks keep the test fast; the size only matters for benchmarks.
        cmd_deps_lines: 60,
        ld: tool("LD", "ld.lld"),
        ar: tool("AR", "llvm-ar"),
        ..Config::sized(300, 80)
    }
}

fn generated(seed: u64) -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("thinpost-gen-tree-").tempdir_in(root().join("target")).unwrap();
    generate(&small_config(seed), dir.path()).unwrap();
    dir
}

/// Every regular file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// modpost's outputs for the tree at `dir`.
fn outputs(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("Module.symvers"), PathBuf::from(".vmlinux.export.c")];
    let order = std::fs::read_to_string(dir.join("modules.order")).unwrap();
    out.extend(order.lines().map(|m| PathBuf::from(format!("{}.mod.c", m.strip_suffix(".o").unwrap()))));
    out
}

const MODPOST_ARGS: [&str; 8] = ["-M", "-m", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];

fn assert_quiet_success(what: &str, cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "{what}: status {:?}, stderr:\n{stderr}", out.status);
}

#[test]
fn the_kernels_modpost_accepts_the_tree_and_thinpost_writes_the_same_bytes() {
    let reference = generated(7);
    let ours = generated(7);

    // The same seed gives the same tree, byte for byte (vmlinux.o included).
    let tree_files = files(reference.path());
    assert_eq!(tree_files, files(ours.path()));
    for f in &tree_files {
        let a = std::fs::read(reference.path().join(f)).unwrap();
        assert!(a == std::fs::read(ours.path().join(f)).unwrap(), "{} differs between two runs", f.display());
    }

    let modpost = corpus("tiny-6.12-dist").join("scripts/mod/modpost");
    assert_quiet_success("reference modpost", Command::new(modpost).args(MODPOST_ARGS).current_dir(reference.path()));
    assert_quiet_success("thinpost modpost", thinpost().arg("modpost").args(MODPOST_ARGS).current_dir(ours.path()));

    let outputs = outputs(reference.path());
    assert_eq!(outputs.len(), 2 + 80);
    let mut with_aliases = 0;
    for f in &outputs {
        let golden = std::fs::read(reference.path().join(f)).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let mine = std::fs::read(ours.path().join(f)).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(mine == golden, "{} differs from the kernel's", f.display());
        with_aliases += usize::from(String::from_utf8_lossy(&golden).contains("MODULE_ALIAS(\""));
    }
    // About a third of the modules are drivers with device tables (pci, usb with
    // bcdDevice ranges, of), whose aliases the kernel's modpost and thinpost agree on.
    assert!((15..=45).contains(&with_aliases), "{with_aliases} of 80 modules have aliases");
}

#[test]
fn the_tree_looks_like_a_kernel_build() {
    let tree = generated(11);
    let dir = tree.path();

    // .vmlinux.objs is `llvm-ar t vmlinux.a`, in link order.
    let objs = std::fs::read_to_string(dir.join(".vmlinux.objs")).unwrap();
    assert_eq!(objs, run(Command::new(tool("AR", "llvm-ar")).arg("t").arg("vmlinux.a").current_dir(dir)));
    assert_eq!(objs, std::fs::read_to_string(dir.join("builtin.order")).unwrap());
    assert_eq!(objs.lines().count(), 300);
    assert!(objs.lines().any(|l| l == "kernel/module/version.o"));

    // A single-object module's .mod lists its own object; its .cmd ends with CRCs.
    let order = std::fs::read_to_string(dir.join("modules.order")).unwrap();
    let first = order.lines().next().unwrap();
    let stem = first.strip_suffix(".o").unwrap();
    assert_eq!(std::fs::read_to_string(dir.join(format!("{stem}.mod"))).unwrap(), format!("{first}\n"));
    let (d, base) = stem.rsplit_once('/').unwrap();
    let cmd = std::fs::read_to_string(dir.join(d).join(format!(".{base}.o.cmd"))).unwrap();
    assert!(cmd.starts_with(&format!("savedcmd_{first} := clang ")));
    assert!(cmd.contains(&format!("\ndeps_{first} := \\\n")));

    // modpost -m needs module_layout, a function of vmlinux.
    let nm = run(Command::new(tool("NM", "llvm-nm")).arg("vmlinux.o").current_dir(dir));
    assert!(nm.lines().any(|l| l.ends_with(" T module_layout")));
    assert!(nm.contains("__export_symbol_module_layout"));

    // Exports: some namespaced, some data, about half GPL-only; modules use each other.
    let modpost = corpus("tiny-6.12-dist").join("scripts/mod/modpost");
    assert_quiet_success("reference modpost", Command::new(modpost).args(MODPOST_ARGS).current_dir(dir));
    let symvers = read_symvers(&dir.join("Module.symvers"));
    assert_eq!(symvers.len(), 525);
    let gpl = symvers.iter().filter(|s| s.3 == "EXPORT_SYMBOL_GPL").count();
    assert!((150..375).contains(&gpl), "{gpl} of 525 GPL-only");
    assert!(symvers.iter().any(|s| !s.4.is_empty()));
    assert!(symvers.iter().any(|s| s.2 != "vmlinux"));
    let export_c = std::fs::read_to_string(dir.join(".vmlinux.export.c")).unwrap();
    assert!(export_c.contains("KSYMTAB_DATA("));
    let mod_c: Vec<String> = outputs(dir)[2..].iter().map(|f| std::fs::read_to_string(dir.join(f)).unwrap()).collect();
    assert!(mod_c.iter().any(|c| !c.contains("MODULE_INFO(depends, \"\");")), "no module depends on another");
    let uses_namespace = order.lines().any(|m| {
        let object = std::fs::read(dir.join(m)).unwrap();
        object.windows(10).any(|w| w == b"import_ns=")
    });
    assert!(uses_namespace, "no module imports a namespace");
    let imports = |c: &String| c.matches("\t{ 0x").count();
    let most = mod_c.iter().map(imports).max().unwrap();
    assert!(most >= 30, "the busiest module imports only {most} symbols");
}
