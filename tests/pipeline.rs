//! The distributed ThinLTO pipeline with the real clang-19 / ld.lld-19: the sample tree
//! end to end, the stock tiny-6.12 tree, the cache, failures and make's jobserver.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use support::*;
use thinpost::formats::archive::read_flattened;
use thinpost::formats::thinlto_index::shard_modules;

fn build(tree: &Path, stage: &str, extra: &[&str]) -> Output {
    thinpost()
        .arg(stage)
        .args(["-j", "2"])
        .args(extra)
        .arg(tree)
        .env("CC", tool("CC", "clang"))
        .env("LD", tool("LD", "ld.lld"))
        .env("AR", tool("AR", "llvm-ar"))
        .env_remove("MAKEFLAGS")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "thinpost failed:\n{err}");
    err
}

/// The "N compiled" count of the summary line.
fn compiled(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("thinpost: backends:"))
        .unwrap_or_else(|| panic!("no summary:\n{stderr}"));
    let before = line.split(" compiled,").next().unwrap();
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

fn members(archive: &Path) -> Vec<String> {
    read_flattened(archive).unwrap().into_iter().map(|m| m.name).collect()
}

#[test]
fn sample_tree_end_to_end_equals_in_process_thinlto() {
    let (_tmp, tree) = sample_copy();
    let err = ok(build(&tree, "build", &[]));
    assert_eq!(compiled(&err), 7, "{err}");
    // The IR archive was preserved and the new vmlinux.a holds natives (and the
    // regular-LTO object of the two-module CFI object).
    let ir = members(&tree.join("built-in-fixup.a"));
    let natives = members(&tree.join("vmlinux.a"));
    assert_eq!(natives.last().map(String::as_str), Some("vmlinux.lto-regular.o"));
    assert_eq!(natives.len(), ir.len() + 1);
    for (i, n) in ir.iter().zip(&natives) {
        let is_ir = std::fs::read(tree.join(i)).unwrap().starts_with(b"BC");
        assert_eq!(n, &if is_ir { native(i) } else { i.clone() });
    }
    ld_r(&tree, "distributed.o", "vmlinux.a", &[]);
    ld_r(&tree, "in-process.o", "built-in-fixup.a", &[]);
    let d = defined_globals(&tree.join("distributed.o"));
    assert!(d.contains("sample_panic") && d.contains("__typeid__ZTSFiiE_global_addr"));
    assert_eq!(d, defined_globals(&tree.join("in-process.o")));
}

#[test]
fn the_cache_runs_only_what_changed() {
    let (_tmp, tree) = sample_copy();
    ok(build(&tree, "build", &[]));
    // Nothing changed: no job runs.
    let err = ok(build(&tree, "build", &["-v"]));
    assert_eq!(compiled(&err), 0, "{err}");
    // The thin-link rewrites every shard (new mtimes, same bytes): no job runs.
    std::fs::remove_dir_all(tree.join(".thinpost-cache/outputs")).unwrap();
    std::fs::create_dir(tree.join(".thinpost-cache/outputs")).unwrap();
    let shard = tree.join("kernel/core.o.thinlto.bc");
    let before = std::fs::metadata(&shard).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let err = ok(build(&tree, "build", &[]));
    assert!(err.contains("  LD      vmlinux.thinlto-index"), "the thin-link ran again:\n{err}");
    assert_ne!(std::fs::metadata(&shard).unwrap().modified().unwrap(), before);
    assert_eq!(compiled(&err), 0, "{err}");
    // Change one bitcode object (recompile a changed source with its own command):
    // exactly the jobs that read it run again.
    let src = tree.join("../src/kernel/params.c");
    let mut text = std::fs::read_to_string(&src).unwrap();
    text.push_str("\nint sample_params_extra(int x);\nint sample_params_extra(int x) { return x * 3; }\n");
    std::fs::write(&src, text).unwrap();
    let cmd = thinpost::kbuild::cmd::parse_cmd(&std::fs::read(tree.join("kernel/.params.o.cmd")).unwrap()).unwrap();
    run(Command::new("sh").arg("-c").arg(cmd.savedcmd.unwrap()).current_dir(&tree));
    let err = ok(build(&tree, "build", &[]));
    let listed = std::fs::read_to_string(tree.join("vmlinux.thinlto-index")).unwrap();
    let readers: BTreeSet<String> = listed
        .lines()
        .filter(|o| {
            let shard = std::fs::read(tree.join(format!("{o}.thinlto.bc"))).unwrap();
            shard_modules(&shard).unwrap().iter().any(|m| m == "kernel/params.o")
        })
        .map(str::to_string)
        .collect();
    // kbuild-style quiet lines name the kernel object: `  BE      kernel/params.o`.
    let ran: BTreeSet<String> = err.lines().filter_map(|l| l.strip_prefix("  BE      ")).map(str::to_string).collect();
    assert!(ran.contains("kernel/params.o"), "{err}");
    assert!(readers.len() < listed.lines().count(), "every job reads params.o: the test proves nothing");
    assert_eq!(ran, readers, "{err}");
}

#[test]
fn a_failing_backend_is_named_and_leaves_no_native() {
    let (_tmp, tree) = sample_copy();
    ok(build(&tree, "index", &[]));
    // Corrupt one bitcode object after the thin-link: its backend must fail.
    let obj = tree.join("lib/string.o");
    let data = std::fs::read(&obj).unwrap();
    std::fs::write(&obj, &data[..data.len() / 2]).unwrap();
    let out = build(&tree, "backend", &["-k"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("thinpost: error: lib/string.o: backend compile failed"), "{err}");
    assert!(err.contains("  command: clang-19 ") && err.contains("-fthinlto-index=lib/string.o.thinlto.bc"), "{err}");
    assert!(!tree.join("lib/string.thinlto-native.o").exists());
    let leftovers: Vec<_> = std::fs::read_dir(tree.join("lib"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("thinpost-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // With -k every job that does not read the corrupt object still ran and succeeded.
    let listed = std::fs::read_to_string(tree.join("vmlinux.thinlto-index")).unwrap();
    let mut independent = 0;
    for o in listed.lines() {
        let shard = std::fs::read(tree.join(format!("{o}.thinlto.bc"))).unwrap();
        let reads_corrupt = shard_modules(&shard).unwrap().iter().any(|m| m == "lib/string.o");
        assert_eq!(tree.join(native(o)).exists(), !reads_corrupt, "{o}");
        independent += usize::from(!reads_corrupt);
    }
    assert!(independent > 0);
}

#[test]
fn make_jobserver_is_used_with_plus_and_detected_as_closed_without() {
    let (_tmp, tree) = sample_copy();
    ok(build(&tree, "index", &[]));
    let bin = env!("CARGO_BIN_EXE_thinpost");
    let cc = tool("CC", "clang");
    // Two recipes without `+` in one make run (as every module link under `make -j`):
    // make's closed jobserver is reported once, not by each.
    let makefile = format!(
        "with-plus:\n\t+{bin} backend -v {t}\nwithout-plus: a b\na:\n\t{bin} backend -v --cache-dir {t}/.c2 {t}\nb: a\n\t{bin} backend -v --cache-dir {t}/.c3 {t}\n",
        t = tree.display()
    );
    std::fs::write(tree.join("jobs.mk"), makefile).unwrap();
    let out = Command::new("make")
        .args(["-j2", "-f", "jobs.mk", "with-plus"])
        .current_dir(&tree)
        .env("CC", &cc)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("with jobserver"), "{err}");
    let out = Command::new("make")
        .args(["-j2", "-f", "jobs.mk", "without-plus"])
        .current_dir(&tree)
        .env("CC", &cc)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("make's jobserver is in MAKEFLAGS but not usable here").count(), 1, "{err}");
    assert!(err.contains("with -j"), "{err}");
}

/// A released kernel (flags from `savedcmd_`): all 654 IR objects through the backends;
/// the link of the natives defines exactly what kbuild's in-process ThinLTO link
/// (the corpus's vmlinux.o) defines.
#[test]
fn tiny_6_12_stock_tree_equals_in_process_vmlinux_o() {
    let tree = fresh_copy(&corpus("tiny-6.12"));
    let err = ok(build(tree.path(), "build", &[]));
    assert_eq!(compiled(&err), 654, "{err}");
    assert_eq!(members(&tree.path().join("vmlinux.a")).len(), 676);
    ld_r(tree.path(), "distributed.o", "vmlinux.a", &["-T", ".tmp_initcalls.lds"]);
    let ours = defined_globals(&tree.path().join("distributed.o"));
    assert_eq!(ours.len(), 9399);
    assert_eq!(ours, defined_globals(&tree.path().join("vmlinux.o")));
    // A second run compiles nothing.
    assert_eq!(compiled(&ok(build(tree.path(), "build", &[]))), 0);
}

/// A tree with the distributed-ThinLTO patches: rebuilt from its IR archive, the natives
/// define what the corpus's natives define and vmlinux.a lists the same members.
#[test]
fn tiny_6_12_dist_natives_match_the_corpus() {
    let pristine = corpus("tiny-6.12-dist");
    let tree = fresh_copy(&pristine);
    let listed: Vec<String> =
        std::fs::read_to_string(pristine.join("vmlinux.thinlto-index")).unwrap().lines().map(str::to_string).collect();
    for o in &listed {
        std::fs::remove_file(tree.path().join(native(o))).unwrap();
        std::fs::remove_file(tree.path().join(format!("{o}.thinlto.bc"))).unwrap();
    }
    for f in ["vmlinux.a", "vmlinux.thinlto-index", "builtin.order"] {
        std::fs::remove_file(tree.path().join(f)).unwrap();
    }
    let err = ok(build(tree.path(), "build", &[]));
    assert_eq!(compiled(&err), 654, "{err}");
    assert_eq!(members(&tree.path().join("vmlinux.a")), members(&pristine.join("vmlinux.a")));
    let natives: Vec<String> = listed.iter().map(|o| native(o)).collect();
    let ours = defined_globals_of(tree.path(), &natives);
    let theirs = defined_globals_of(&pristine, &natives);
    for n in &natives {
        assert_eq!(ours[n], theirs[n], "{n}");
    }
}
