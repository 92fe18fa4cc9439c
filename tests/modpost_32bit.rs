//! modpost on a 32-bit kernel: an i386 tree (ELF32, REL relocations) built with the real
//! clang-19, ld.lld-19 and genksyms from `testdata/modpost32/`, run through the kernel's
//! own 6.12 modpost built for i386 (`scripts/build-modpost.sh 6.12 i386`) and through
//! thinpost: stderr, exit status and every output identical.

mod support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

fn flags(name: &str, module: bool) -> Vec<String> {
    let include = root().join("testdata/sample/src/include");
    let kconfig = root().join("testdata/modpost32/kconfig.h");
    let mut f: Vec<String> =
        ["--target=i386-linux-gnu", "-O2", "-fno-PIE", "-ffreestanding", "-nostdinc"].map(String::from).to_vec();
    f.push(format!("-I{}", include.display()));
    f.extend([
        "-include".to_string(),
        kconfig.display().to_string(),
        "-include".into(),
        "sample/compiler_types.h".into(),
    ]);
    f.push("-D__KERNEL__".into());
    if module {
        f.push("-DMODULE".into());
    }
    f.push(format!("-DKBUILD_MODNAME=\"{name}\""));
    f.push(format!("-D__KBUILD_MODNAME=kmod_{name}"));
    f
}

/// Compiles `src` into `obj` in `tree` and writes its `.cmd` file with genksyms' CRCs.
fn compile(tree: &Path, src: &str, obj: &str, name: &str, module: bool) {
    let src = root().join("testdata/modpost32/src").join(src);
    let fl = flags(name, module);
    std::fs::create_dir_all(tree.join(obj).parent().unwrap()).unwrap();
    run(Command::new(tool("CC", "clang")).current_dir(tree).args(&fl).args(["-c", "-o", obj]).arg(&src));
    let pre = run(Command::new(tool("CC", "clang")).args(&fl).args(["-E", "-D__GENKSYMS__"]).arg(&src));
    let mut gk = Command::new(corpus("tiny-6.12").join("scripts/genksyms/genksyms"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(gk.stdin.as_mut().unwrap(), pre.as_bytes()).unwrap();
    drop(gk.stdin.take());
    let crcs = String::from_utf8(gk.wait_with_output().unwrap().stdout).unwrap();
    let (dir, base) = obj.rsplit_once('/').unwrap();
    std::fs::write(
        tree.join(format!("{dir}/.{base}.cmd")),
        format!("savedcmd_{obj} := clang-19 -c -o {obj}\n\n{crcs}"),
    )
    .unwrap();
}

fn build_tree() -> tempfile::TempDir {
    let t = tempfile::Builder::new().prefix("thinpost-32bit-").tempdir_in(root().join("target")).unwrap();
    let tree = t.path();
    compile(tree, "kernel/core32.c", "kernel/core32.o", "core32", false);
    compile(tree, "drivers/m32.c", "drivers/m32/m32.o", "m32", true);
    run(Command::new(tool("LD", "ld.lld")).current_dir(tree).args([
        "-m",
        "elf_i386",
        "-r",
        "-o",
        "vmlinux.o",
        "kernel/core32.o",
    ]));
    std::fs::write(tree.join(".vmlinux.objs"), "kernel/core32.o\n").unwrap();
    std::fs::write(tree.join("drivers/m32/m32.mod"), "drivers/m32/m32.o\n").unwrap();
    std::fs::write(tree.join("modules.order"), "drivers/m32/m32.o\n").unwrap();
    std::fs::create_dir_all(tree.join("include/config")).unwrap();
    std::fs::write(tree.join("include/config/kernel.release"), "6.12.117\n").unwrap();
    t
}

fn outputs() -> Vec<PathBuf> {
    ["Module.symvers", ".vmlinux.export.c", "drivers/m32/m32.mod.c"].map(PathBuf::from).to_vec()
}

#[test]
fn an_i386_tree_agrees_with_the_kernels_32_bit_modpost() {
    let reference = reference_modpost("6.12", "i386");
    let tree = build_tree();
    let elf = std::fs::read(tree.path().join("vmlinux.o")).unwrap();
    assert_eq!(elf[4], 1, "vmlinux.o is ELFCLASS32");
    for args in [
        &["-M", "-m", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"][..],
        &["-M", "-m", "-w", "-N", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"][..],
        &["-M", "-m", "-w", "-N", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"][..],
    ] {
        let (a, b) = (fresh_copy(tree.path()), fresh_copy(tree.path()));
        let refs = Command::new(&reference).arg0("modpost").args(args).current_dir(a.path()).output().unwrap();
        let ours = thinpost().arg0("modpost").args(args).current_dir(b.path()).output().unwrap();
        let ref_err = String::from_utf8_lossy(&refs.stderr);
        assert_eq!(String::from_utf8_lossy(&ours.stderr), ref_err, "{args:?}");
        assert_eq!(ours.status.code(), refs.status.code(), "{args:?}");
        for f in outputs() {
            assert_eq!(
                std::fs::read(b.path().join(&f)).ok(),
                std::fs::read(a.path().join(&f)).ok(),
                "{} ({args:?})",
                f.display()
            );
        }
        // The case covers what differs on 32-bit: REL relocations in the section
        // mismatch and the exports, and the module was checked at all.
        assert!(ref_err.contains("vmlinux: section mismatch in reference: core32_hook+0x0 (section: .data) -> core32_early (section: .init.text)"), "{ref_err}");
        assert!(ref_err.contains("nobody32_exports_this"), "{ref_err}");
    }
    // The outputs of a successful run were written and name the 32-bit exports.
    let ok = fresh_copy(tree.path());
    let args = ["-M", "-m", "-w", "-N", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];
    let ours = thinpost().arg0("modpost").args(args).current_dir(ok.path()).output().unwrap();
    assert_eq!(ours.status.code(), Some(0));
    let symvers = std::fs::read_to_string(ok.path().join("Module.symvers")).unwrap();
    assert!(symvers.contains("\tcore32_ns_get\tvmlinux\tEXPORT_SYMBOL_GPL\tCORE32_NS\n"), "{symvers}");
    assert!(symvers.contains("\tm32_value\tdrivers/m32/m32\tEXPORT_SYMBOL\t\n"), "{symvers}");
}
