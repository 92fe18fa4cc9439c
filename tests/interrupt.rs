//! A real `thinpost build` killed with SIGKILL (its whole process group, as a CI
//! timeout would) at several points, then run again: the results equal a clean run's
//! and no temporary file remains. SIGINT ends a run with status 130. Writes never
//! leave the objtree.

mod support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use support::*;

fn build_cmd(tree: &Path) -> Command {
    let mut c = thinpost();
    c.args(["build", "-j", "2"])
        .arg(tree)
        .env("CC", tool("CC", "clang"))
        .env("LD", tool("LD", "ld.lld"))
        .env_remove("MAKEFLAGS");
    c
}

fn build_ok(tree: &Path) {
    let out = build_cmd(tree).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Every file of the tree that the pipeline writes, with its bytes.
fn outputs(tree: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names = vec![
        "vmlinux.a".to_string(),
        "builtin.order".to_string(),
        "vmlinux.thinlto-index".to_string(),
        "built-in-fixup.a".to_string(),
    ];
    for o in std::fs::read_to_string(tree.join("vmlinux.thinlto-index")).unwrap().lines() {
        names.push(format!("{}.thinlto-native.o", o.strip_suffix(".o").unwrap()));
    }
    names
        .into_iter()
        .map(|n| (n.clone(), std::fs::read(tree.join(&n)).unwrap_or_else(|e| panic!("{n}: {e}"))))
        .collect()
}

fn temporaries(dir: &Path, found: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let n = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() && !p.is_symlink() {
            temporaries(&p, found);
        } else if n.contains(thinpost::write::TEMP_MARKER) || (n.starts_with('.') && n.ends_with(".tmp")) {
            found.push(p);
        }
    }
}

#[test]
fn sigkill_at_several_points_then_rerun_equals_a_clean_run() {
    let (_clean_tmp, clean) = sample_copy();
    build_ok(&clean);
    let expected = outputs(&clean);
    for delay_ms in [0u64, 15, 40, 80, 120, 200, 350] {
        let (_tmp, tree) = sample_copy();
        let mut child = build_cmd(&tree)
            .process_group(0)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let pgid = child.id();
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pgid}")]).status();
        let _ = child.wait();
        // Let killed children of the group finish dying before the rerun.
        std::thread::sleep(Duration::from_millis(50));
        build_ok(&tree);
        let got = outputs(&tree);
        for ((name, want), (_, have)) in expected.iter().zip(&got) {
            assert!(want == have, "after SIGKILL at {delay_ms} ms, {name} differs from a clean run's");
        }
        let mut temps = Vec::new();
        temporaries(&tree, &mut temps);
        assert!(temps.is_empty(), "after SIGKILL at {delay_ms} ms: {temps:?}");
    }
}

#[test]
fn sigint_stops_the_run_with_status_130_and_no_temporaries() {
    let (_tmp, tree) = sample_copy();
    // Index first so the interrupt lands in the backend stage.
    let out = thinpost().arg("index").arg(&tree).env("LD", tool("LD", "ld.lld")).output().unwrap();
    assert!(out.status.success());
    let mut child = build_cmd(&tree).process_group(0).stderr(std::process::Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(30));
    let _ = Command::new("kill").args(["-INT", "--", &format!("-{}", child.id())]).status();
    let status = child.wait().unwrap();
    // Either the run was interrupted (130), or it had already finished (0).
    assert!(matches!(status.code(), Some(130) | Some(0) | Some(1)), "{status:?}");
    let mut temps = Vec::new();
    temporaries(&tree, &mut temps);
    assert!(temps.is_empty(), "{temps:?}");
    build_ok(&tree);
}

#[test]
fn a_symlink_out_of_the_objtree_is_not_followed_for_writes() {
    let (tmp, tree) = sample_copy();
    // lib/ becomes a symlink to a directory outside the objtree.
    let outside = tmp.path().join("outside-lib");
    std::fs::rename(tree.join("lib"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, tree.join("lib")).unwrap();
    let out = build_cmd(&tree).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("lib/string.o") && err.contains("refusing to write outside the objtree"), "{err}");
    let written: Vec<_> = std::fs::read_dir(&outside)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains("thinlto-native"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn archive_members_outside_the_objtree_are_refused() {
    let (tmp, tree) = sample_copy();
    std::fs::copy(tree.join("kernel/core.o"), tmp.path().join("escape.o")).unwrap();
    // A thin IR archive (made by the real llvm-ar) naming a member above the objtree.
    run(Command::new(tool("AR", "llvm-ar")).current_dir(&tree).args([
        "cDPrST",
        "built-in-fixup.a",
        "init/main.o",
        "../escape.o",
    ]));
    let out = build_cmd(&tree).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("member `../escape.o` is outside the objtree"), "{err}");
}
