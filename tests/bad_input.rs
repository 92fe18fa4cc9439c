//! Bad input: truncated archives, ELF and bitcode, unreadable `.cmd` files. Each gives
//! an error naming the file and exit status 2 from the CLI, never a panic.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;
use thinpost::formats::{bitcode, elf};

const IR_OBJ: &str = "init/version.o";
const ELF_OBJ: &str = "arch/x86/entry/entry_64.o";

/// A two-object kbuild tree (one IR, one ELF object from tiny-6.12) with a thin
/// `vmlinux.a` made by the real llvm-ar.
fn small_tree() -> tempfile::TempDir {
    let src = corpus("tiny-6.12");
    let tmp = tempfile::Builder::new().prefix("thinpost-bad-").tempdir_in(root().join("target")).unwrap();
    for obj in [IR_OBJ, ELF_OBJ] {
        let cmd = thinpost::kbuild::naming::crc_cmd_for(obj);
        for f in [obj, cmd.as_str()] {
            let to = tmp.path().join(f);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(src.join(f), &to).unwrap();
        }
    }
    run(Command::new(tool("AR", "llvm-ar")).current_dir(tmp.path()).args(["cDPrST", "vmlinux.a", IR_OBJ, ELF_OBJ]));
    tmp
}

fn truncate(path: &Path, len: u64) {
    std::fs::OpenOptions::new().write(true).open(path).unwrap().set_len(len).unwrap();
}

/// Runs `thinpost scan` and returns (exit code, stderr).
fn cli_scan(tree: &Path) -> (i32, String) {
    let out = thinpost().arg("scan").arg(tree).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_fails_naming(tree: &Path, file: &str) {
    let err = thinpost::scan(tree, &Default::default()).unwrap_err().to_string();
    assert!(err.contains(file), "error {err:?} does not name {file}");
    let (code, stderr) = cli_scan(tree);
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(stderr.contains(file) && stderr.starts_with("thinpost: error: "), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[test]
fn the_small_tree_scans_cleanly() {
    let tree = small_tree();
    let inv = thinpost::scan(tree.path(), &Default::default()).unwrap();
    assert_eq!(inv.vmlinux.len(), 2);
    let (code, _) = cli_scan(tree.path());
    assert_eq!(code, 0);
}

#[test]
fn truncated_archive() {
    let tree = small_tree();
    let a = tree.path().join("vmlinux.a");
    let len = std::fs::metadata(&a).unwrap().len();
    truncate(&a, len - 7);
    assert_fails_naming(tree.path(), "vmlinux.a");
}

#[test]
fn truncated_elf() {
    let tree = small_tree();
    truncate(&tree.path().join(ELF_OBJ), 300);
    assert_fails_naming(tree.path(), ELF_OBJ);
}

#[test]
fn truncated_bitcode() {
    let tree = small_tree();
    let f = tree.path().join(IR_OBJ);
    let len = std::fs::metadata(&f).unwrap().len();
    truncate(&f, len / 2);
    assert_fails_naming(tree.path(), IR_OBJ);
}

#[test]
fn unreadable_cmd_file() {
    let tree = small_tree();
    // A directory where the `.cmd` file should be cannot be read, even by root.
    let cmd = tree.path().join("init/.version.o.cmd");
    std::fs::remove_file(&cmd).unwrap();
    std::fs::create_dir(&cmd).unwrap();
    assert_fails_naming(tree.path(), "init/.version.o.cmd");
}

#[test]
fn missing_cmd_file() {
    let tree = small_tree();
    std::fs::remove_file(tree.path().join("arch/x86/entry/.entry_64.o.cmd")).unwrap();
    assert_fails_naming(tree.path(), "arch/x86/entry/.entry_64.o.cmd");
}

#[test]
fn missing_member() {
    let tree = small_tree();
    std::fs::remove_file(tree.path().join(IR_OBJ)).unwrap();
    assert_fails_naming(tree.path(), IR_OBJ);
}

#[test]
fn not_an_object() {
    let tree = small_tree();
    std::fs::write(tree.path().join(IR_OBJ), b"this is not an object file\n").unwrap();
    assert_fails_naming(tree.path(), IR_OBJ);
}

/// Every prefix of a real bitcode and a real ELF object parses to `Ok` or an error,
/// never a panic; and every proper prefix of the bitcode is an error (a truncated
/// symbol table must not pass as a shorter one).
#[test]
fn every_truncation_of_real_objects_is_handled() {
    let src = corpus("tiny-6.12");
    let ir = std::fs::read(src.join(IR_OBJ)).unwrap();
    bitcode::read_bitcode(&ir).unwrap();
    for len in 0..ir.len() {
        let r = bitcode::read_bitcode(&ir[..len]);
        // The stream may end in zero padding; only cuts inside it can succeed.
        if r.is_ok() {
            assert!(ir[len..].iter().all(|&b| b == 0), "prefix of {len} bytes parsed");
        }
    }
    let obj = std::fs::read(src.join(ELF_OBJ)).unwrap();
    elf::read_elf(&obj).unwrap();
    for len in 0..obj.len() {
        let _ = elf::read_elf(&obj[..len]);
    }
}

/// Every command that takes an object tree refuses a path that is none: missing, or a
/// directory with nothing of `vmlinux.a`, `.vmlinux.objs`, `builtin.order`,
/// `modules.order` — exit 2, naming the path and what is missing, never a green run.
#[test]
fn a_path_that_is_not_an_object_tree_is_refused_by_every_command() {
    let empty = tempfile::tempdir().unwrap();
    let missing = empty.path().join("no-such-dir");
    let symvers = sample_tree().join("Module.symvers");
    for dir in [empty.path().to_path_buf(), missing] {
        let d = dir.to_str().unwrap();
        let commands: Vec<Vec<&str>> = vec![
            vec!["scan", d],
            vec!["verify", d],
            vec!["gate", "--baseline", symvers.to_str().unwrap(), d],
            vec!["build", d],
            vec!["index", d],
            vec!["backend", d],
            vec!["archive", d],
        ];
        for args in commands {
            let out = thinpost().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(d), "{args:?}: the message names the path: {err}");
            if dir == empty.path() {
                assert!(err.contains("not a kbuild object tree") && err.contains("modules.order"), "{args:?}: {err}");
            } else {
                assert!(err.contains("No such file or directory"), "{args:?}: {err}");
            }
            assert!(out.stdout.is_empty(), "{args:?}: no report for a wrong path");
        }
    }
}
