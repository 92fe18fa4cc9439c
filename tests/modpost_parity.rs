//! `thinpost modpost` against the kernel's own outputs: run with the arguments recorded
//! in each tree's `.Module.symvers.cmd`, in a fresh copy with every output removed,
//! then compare byte for byte with the pristine golden files.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

/// modpost's arguments as kbuild recorded them (`savedcmd_Module.symvers := <modpost> ARGS`).
fn recorded_args(tree: &Path) -> Vec<String> {
    let cmd = std::fs::read_to_string(tree.join(".Module.symvers.cmd")).unwrap();
    let line = cmd.lines().find_map(|l| l.strip_prefix("savedcmd_Module.symvers := ")).unwrap();
    line.split_whitespace().skip(1).map(str::to_string).collect()
}

/// The outputs modpost writes, relative to the tree.
fn golden_outputs(tree: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("Module.symvers"), PathBuf::from(".vmlinux.export.c")];
    let order = std::fs::read_to_string(tree.join("modules.order")).unwrap();
    out.extend(order.lines().map(|m| PathBuf::from(format!("{}.mod.c", m.strip_suffix(".o").unwrap()))));
    out
}

/// Runs `cmd` in a copy of `pristine` whose outputs were deleted; asserts every output
/// equals the golden one and nothing was printed.
fn assert_parity(pristine: &Path, mut cmd: Command) {
    let copy = fresh_copy(pristine);
    let outputs = golden_outputs(pristine);
    for f in &outputs {
        std::fs::remove_file(copy.path().join(f)).unwrap();
    }
    let out = cmd.current_dir(copy.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "status {:?}, stderr:\n{stderr}", out.status);
    for f in &outputs {
        let ours = std::fs::read(copy.path().join(f)).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let golden = std::fs::read(pristine.join(f)).unwrap();
        assert!(ours == golden, "{} differs from the kernel's", f.display());
    }
    assert!(outputs.len() > 2);
}

fn thinpost_modpost(tree: &Path) -> Command {
    let mut c = thinpost();
    c.arg("modpost").args(recorded_args(tree));
    c
}

/// kbuild's arguments with vmlinux read from the natives in `vmlinux.a` instead of the
/// linked `vmlinux.o`.
fn thinpost_modpost_from_archive(tree: &Path) -> Command {
    let mut args: Vec<String> = recorded_args(tree).into_iter().filter(|a| a != "vmlinux.o").collect();
    args.extend(["--vmlinux-archive".to_string(), "vmlinux.a".to_string()]);
    let mut c = thinpost();
    c.arg("modpost").args(args);
    c
}

#[test]
fn tiny_6_12_byte_identical() {
    let tree = corpus("tiny-6.12");
    assert_eq!(golden_outputs(&tree).len(), 33);
    assert_parity(&tree, thinpost_modpost(&tree));
}

#[test]
fn tiny_6_12_dist_byte_identical() {
    let tree = corpus("tiny-6.12-dist");
    assert_parity(&tree, thinpost_modpost(&tree));
}

#[test]
fn sample_tree_byte_identical() {
    let tree = sample_tree();
    assert_parity(&tree, thinpost_modpost(&tree));
}

#[test]
fn dist_natives_read_from_vmlinux_a_give_the_same_outputs() {
    let tree = corpus("tiny-6.12-dist");
    assert_parity(&tree, thinpost_modpost_from_archive(&tree));
}

#[test]
fn small_7_2_dist_byte_identical() {
    let tree = corpus("small-7.2-dist");
    assert_eq!(golden_outputs(&tree).len(), 35);
    assert_parity(&tree, thinpost_modpost(&tree));
}

#[test]
fn small_7_2_arm64_dist_byte_identical() {
    let tree = corpus("small-7.2-arm64-dist");
    assert_parity(&tree, thinpost_modpost(&tree));
}

/// Both 7.2 trees again, vmlinux's exports and built-in aliases read from the native
/// members of `vmlinux.a` in parallel instead of from the linked `vmlinux.o`.
#[test]
fn small_7_2_dist_natives_read_from_vmlinux_a() {
    for name in ["small-7.2-dist", "small-7.2-arm64-dist"] {
        let tree = corpus(name);
        assert_parity(&tree, thinpost_modpost_from_archive(&tree));
    }
}

/// Each corpus's version is found in the tree (`include/config/kernel.release`), and
/// `--kernel-version` overrides it: the 7.2 tree run as 6.12 gets 6.12's formats.
#[test]
fn kernel_version_detection_and_override() {
    for (name, release) in [("tiny-6.12", "6.12.117"), ("small-7.2-dist", "7.2.13"), ("small-7.2-arm64-dist", "7.2.13")]
    {
        let tree = corpus(name);
        assert_eq!(std::fs::read_to_string(tree.join("include/config/kernel.release")).unwrap().trim(), release);
        let v = thinpost::kbuild::version::detect(&tree).unwrap();
        assert_eq!(v.version.to_string(), release.rsplit_once('.').unwrap().0);
        // Saying the tree's own version changes nothing.
        let mut c = thinpost_modpost(&tree);
        c.arg(format!("--kernel-version={}", v.version));
        assert_parity(&tree, c);
    }
    // The 7.2 tree as 6.12: -b/-x are not 6.12 options (getopt refuses them)...
    let tree = corpus("small-7.2-dist");
    let copy = fresh_copy(&tree);
    let out = thinpost_modpost(&tree).arg("--kernel-version=6.12").current_dir(copy.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid option -- 'b'"));
    // ...and with 6.12's arguments the exports are written the 6.12 way.
    let args = ["--kernel-version=6.12", "-M", "-m", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];
    let out = thinpost().arg("modpost").args(args).current_dir(copy.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let export_c = std::fs::read_to_string(copy.path().join(".vmlinux.export.c")).unwrap();
    assert!(!export_c.contains("SYMBOL_FLAGS(") && export_c.contains("\"_gpl\""));
    // A tree newer than thinpost knows is handled as the newest, with one line saying so.
    let copy = fresh_copy(&tree);
    std::fs::write(copy.path().join("include/config/kernel.release"), "9.1.0\n").unwrap();
    let out = thinpost_modpost(&tree).current_dir(copy.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("thinpost: Linux 9.1 is newer than the newest kernel thinpost knows (7.3)"), "{err}");
}

/// A tree whose version cannot be found: the newest behaviour the options allow, said
/// once. `-m` without `-b` or `-x` is only what kbuild passes before 6.14.
#[test]
fn an_unknown_version_is_said_once() {
    let tree = sample_tree();
    let copy = fresh_copy(&tree);
    std::fs::remove_file(copy.path().join("include/config/kernel.release")).unwrap();
    let out = thinpost_modpost(&tree).current_dir(copy.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot tell the kernel version") && err.contains("using Linux 6.13's behaviour"), "{err}");
    // 6.13 writes what 6.12 wrote for this tree (no device tables, no namespaces of
    // `module:`): the outputs are the golden ones.
    for f in golden_outputs(&tree) {
        assert_eq!(
            std::fs::read(copy.path().join(&f)).unwrap(),
            std::fs::read(tree.join(&f)).unwrap(),
            "{}",
            f.display()
        );
    }
    let out = thinpost()
        .args(["modpost", "-M", "-m", "-b", "-T", "modules.order", "vmlinux.o"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("using Linux 7.3's behaviour"));
}

#[test]
fn a_link_named_modpost_behaves_as_modpost() {
    let tree = corpus("tiny-6.12");
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("modpost");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_thinpost"), &link).unwrap();
    let mut c = Command::new(&link);
    c.args(recorded_args(&tree));
    assert_parity(&tree, c);
}

#[test]
fn unknown_flags_are_refused_like_getopt() {
    let out = thinpost().args(["modpost", "-M", "-q", "vmlinux.o"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "thinpost modpost: invalid option -- 'q'\n");
    let out = thinpost().args(["modpost", "-o"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "thinpost modpost: option requires an argument -- 'o'\n");
}

/// Unchanged `.mod.c` files are not rewritten (make would rebuild the modules), while
/// Module.symvers is, as kbuild's `if_changed` needs.
#[test]
fn unchanged_outputs_keep_their_mtime() {
    let tree = sample_tree();
    let copy = fresh_copy(&tree);
    let modc = copy.path().join("drivers/foo/foo.mod.c");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    for f in [&modc, &copy.path().join("Module.symvers")] {
        std::fs::File::options().write(true).open(f).unwrap().set_modified(old).unwrap();
    }
    let out = thinpost_modpost(&tree).current_dir(copy.path()).output().unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::metadata(&modc).unwrap().modified().unwrap(), old);
    assert_ne!(std::fs::metadata(copy.path().join("Module.symvers")).unwrap().modified().unwrap(), old);
}

/// The CRC index: a second run reads unchanged `.cmd` files from it and writes the same
/// bytes; a `.cmd` file rewritten with another CRC is read again, never served stale.
#[test]
fn the_crc_index_gives_the_same_outputs_and_notices_changes() {
    let pristine = corpus("tiny-6.12");
    let copy = fresh_copy(&pristine);
    let run_modpost = |extra: &[&str]| {
        let out = thinpost_modpost(&pristine).args(extra).current_dir(copy.path()).output().unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::read(copy.path().join("Module.symvers")).unwrap()
    };
    let first = run_modpost(&[]);
    assert!(copy.path().join(".thinpost-cache/modpost-crcs").exists());
    assert_eq!(run_modpost(&[]), first);
    assert_eq!(first, std::fs::read(pristine.join("Module.symvers")).unwrap());
    // Rewrite one CRC (same length, so the size is unchanged: the stamp's times and
    // inode must catch it).
    let cmd = copy.path().join("init/.main.o.cmd");
    let text = std::fs::read_to_string(&cmd).unwrap();
    let line = text.lines().find(|l| l.starts_with("#SYMVER reset_devices ")).unwrap().to_string();
    let changed = "#SYMVER reset_devices 0x0badf00d";
    assert_eq!(changed.len(), line.len());
    let tmp = copy.path().join("init/.main.o.cmd.new");
    std::fs::write(&tmp, text.replace(&line, changed)).unwrap();
    std::fs::rename(&tmp, &cmd).unwrap();
    let symvers = String::from_utf8(run_modpost(&[])).unwrap();
    assert!(symvers.contains("0x0badf00d\treset_devices\tvmlinux"), "the changed CRC was not read");
    // --no-crc-cache reads everything and agrees.
    assert_eq!(String::from_utf8(run_modpost(&["--no-crc-cache"])).unwrap(), symvers);
}
