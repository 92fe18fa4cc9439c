//! The persistent runner (`--runner persistent`) against plain clang processes, with
//! the real clang-19: every native of tiny-6.12 and small-7.2-dist byte for byte, a
//! failing job's messages and status, and a killed worker or job retried. And the lto
//! runner (`--runner lto`, LLVM's ThinLTO backend in servers, configured as in-process
//! ld.lld): its natives link to what in-process lld links to, a job it declines or that
//! fails says what clang says, a killed server's job is retried.
#![cfg(feature = "persistent")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use support::*;
use thinpost::pipeline::persistent::PersistentRunner;
use thinpost::pipeline::runner::plain;

fn build(tree: &Path, runner: &str) -> String {
    let out = thinpost()
        .args(["build", "-j", "2", "--runner", runner])
        .arg(tree)
        .env("CC", tool("CC", "clang"))
        .env("LD", tool("LD", "ld.lld"))
        .env("AR", tool("AR", "llvm-ar"))
        .env_remove("MAKEFLAGS")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "thinpost build --runner {runner} failed:\n{err}");
    err
}

fn listed(tree: &Path) -> Vec<String> {
    std::fs::read_to_string(tree.join("vmlinux.thinlto-index")).unwrap().lines().map(str::to_string).collect()
}

/// tiny-6.12 (flags from `savedcmd_`) through the lto runner: the link of its natives
/// defines exactly what kbuild's in-process ThinLTO link (the corpus's vmlinux.o)
/// defines; the two jobs whose backends warn (-Wframe-larger-than) ran as clang, which
/// printed the warnings; a second run compiles nothing.
#[test]
fn tiny_6_12_lto_natives_link_like_in_process_lld() {
    let tree = fresh_copy(&corpus("tiny-6.12"));
    let log = build(tree.path(), "lto");
    assert!(log.contains("654 jobs: 654 compiled"), "{log}");
    assert!(!log.contains("thinpost: warning"), "{log}");
    for f in ["mas_wr_store_entry", "do_sys_poll"] {
        assert!(log.contains(&format!("in function '{f}' [-Wframe-larger-than]")), "{f}: {log}");
    }
    assert!(log.contains("thinpost: note: --runner lto: 2 jobs ran as the clang command"), "{log}");
    ld_r(tree.path(), "distributed.o", "vmlinux.a", &["-T", ".tmp_initcalls.lds"]);
    let ours = defined_globals(&tree.path().join("distributed.o"));
    assert_eq!(ours.len(), 9399);
    assert_eq!(ours, defined_globals(&tree.path().join("vmlinux.o")));
    assert!(build(tree.path(), "lto").contains("654 jobs: 0 compiled, 654 up to date"));
}

/// small-7.2-dist through the lto runner: every native defines what the native
/// kbuild's own backends wrote (the corpus's) defines.
#[test]
fn small_7_2_dist_lto_natives_define_what_kbuilds_define() {
    let pristine = corpus("small-7.2-dist");
    let tree = fresh_copy(&pristine);
    let log = build(tree.path(), "lto");
    assert!(log.contains("762 jobs: 762 compiled"), "{log}");
    let natives: Vec<String> = listed(tree.path()).iter().map(|o| native(o)).collect();
    assert_eq!(natives.len(), 762);
    let ours = defined_globals_of(tree.path(), &natives);
    let theirs = defined_globals_of(&pristine, &natives);
    let differ: Vec<&String> = natives.iter().filter(|n| ours[*n] != theirs[*n]).collect();
    assert!(differ.is_empty(), "{} natives define other symbols: {differ:?}", differ.len());
}

/// Builds `corpus` twice, with plain clang processes and with the persistent runner,
/// and compares every native byte for byte. All of them: a native that differs in one
/// byte is what this runner must never produce, and a sample could miss the one object
/// whose flags the runner mishandles (about 2 × 40 s on 2 idle cores per corpus).
fn every_native_equals_plain_clang(corpus_name: &str, expected: usize) {
    let pristine = corpus(corpus_name);
    let a = fresh_copy(&pristine);
    let b = fresh_copy(&pristine);
    let plain_log = build(a.path(), "clang");
    let persistent_log = build(b.path(), "persistent");
    assert!(!persistent_log.contains("thinpost: warning"), "{persistent_log}");
    // The compilers' own messages (-Wframe-larger-than on tiny-6.12) are the same lines;
    // jobs finish in a different order, and the summary's time differs.
    let messages = |log: &str| {
        let mut lines: Vec<String> =
            log.lines().filter(|l| !l.starts_with("thinpost: backends:")).map(str::to_string).collect();
        lines.sort();
        lines
    };
    assert_eq!(messages(&plain_log), messages(&persistent_log));
    assert!(plain_log.contains(&format!("{expected} jobs: {expected} compiled")), "{plain_log}");
    assert!(persistent_log.contains(&format!("{expected} jobs: {expected} compiled")), "{persistent_log}");
    let objects = listed(a.path());
    assert_eq!(objects.len(), expected);
    let differ: Vec<&String> = objects
        .iter()
        .filter(|o| {
            let x = std::fs::read(a.path().join(native(o))).unwrap();
            let y = std::fs::read(b.path().join(native(o))).unwrap();
            x != y
        })
        .collect();
    assert!(differ.is_empty(), "{} natives differ: {differ:?}", differ.len());
    assert_eq!(std::fs::read(a.path().join("vmlinux.a")).unwrap(), std::fs::read(b.path().join("vmlinux.a")).unwrap());
}

#[test]
fn tiny_6_12_every_native_equals_plain_clang() {
    every_native_equals_plain_clang("tiny-6.12", 654);
}

#[test]
fn small_7_2_dist_every_native_equals_plain_clang() {
    every_native_equals_plain_clang("small-7.2-dist", 762);
}

/// A tree with its thin-link done, and the backend command of `object` in it.
struct Indexed {
    _tmp: tempfile::TempDir,
    tree: PathBuf,
    clang: String,
}

fn indexed_sample() -> Indexed {
    let (tmp, tree) = sample_copy();
    let out = thinpost()
        .args(["index"])
        .arg(&tree)
        .env("CC", tool("CC", "clang"))
        .env("LD", tool("LD", "ld.lld"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Indexed { _tmp: tmp, tree, clang: tool("CC", "clang") }
}

/// The backend command of `object` (from the pipeline's own planner), writing `output`.
fn backend_argv(ix: &Indexed, object: &str, output: &str) -> Vec<String> {
    let tools = thinpost::pipeline::tools::Toolchain { cc: ix.clang.clone(), ld: String::new(), ar: String::new() };
    let jobs = thinpost::pipeline::plan_backends(&ix.tree, &tools).unwrap();
    let job = jobs.iter().find(|j| j.object == object).unwrap_or_else(|| panic!("no job for {object}"));
    let mut argv = vec![ix.clang.clone()];
    argv.extend(job.args.iter().cloned());
    let o = argv.iter().rposition(|a| a == "-o").unwrap();
    argv[o + 1] = output.to_string();
    argv
}

fn same_output(a: &Output, b: &Output, what: &str) {
    assert_eq!(a.status, b.status, "{what}: status");
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout), "{what}: stdout");
    assert_eq!(String::from_utf8_lossy(&a.stderr), String::from_utf8_lossy(&b.stderr), "{what}: stderr");
}

type Start = fn(&str, usize) -> Result<PersistentRunner, thinpost::pipeline::persistent::StartError>;

#[test]
fn a_failing_job_says_what_clang_says() {
    failing_job_says_what_clang_says(PersistentRunner::start);
}

/// The lto server takes none of these: each runs as the clang command.
#[test]
fn a_failing_job_in_the_lto_runner_says_what_clang_says() {
    failing_job_says_what_clang_says(PersistentRunner::start_lto);
}

fn failing_job_says_what_clang_says(start: Start) {
    let ix = indexed_sample();
    let runner = start(&ix.clang, 1).unwrap();
    // A corrupt bitcode object: -cc1 reports it.
    let obj = ix.tree.join("lib/string.o");
    let data = std::fs::read(&obj).unwrap();
    std::fs::write(&obj, &data[..data.len() / 2]).unwrap();
    let argv = backend_argv(&ix, "lib/string.o", "lib/string.thinlto-native.o");
    let ours = runner.run(&argv, &ix.tree).unwrap();
    let theirs = plain(&argv, &ix.tree).unwrap();
    assert!(!theirs.status.success());
    assert!(!theirs.stderr.is_empty());
    same_output(&ours, &theirs, "corrupt bitcode");
    // The driver's own errors: a missing input, an unknown option.
    let mut missing = argv.clone();
    *missing.last_mut().unwrap() = "lib/no-such-object.o".to_string();
    same_output(&runner.run(&missing, &ix.tree).unwrap(), &plain(&missing, &ix.tree).unwrap(), "missing input");
    let mut unknown = argv.clone();
    unknown.insert(1, "-fno-such-option".to_string());
    same_output(&runner.run(&unknown, &ix.tree).unwrap(), &plain(&unknown, &ix.tree).unwrap(), "unknown option");
    // Output on standard output too (-###), and a directory that does not exist.
    let mut print = argv.clone();
    print.insert(1, "--version".to_string());
    same_output(&runner.run(&print, &ix.tree).unwrap(), &plain(&print, &ix.tree).unwrap(), "--version");
    let nowhere = ix.tree.join("no-such-dir");
    assert_eq!(
        runner.run(&argv, &nowhere).unwrap_err().kind(),
        plain(&argv, &nowhere).unwrap_err().kind(),
        "a missing directory"
    );
}

/// The worker's process and the pid of the job it is running (its only child).
fn running_job(worker: u32) -> Option<u32> {
    let children = std::fs::read_to_string(format!("/proc/{worker}/task/{worker}/children")).ok()?;
    children.split_whitespace().next()?.parse().ok()
}

fn kill(pid: u32) {
    let status = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    assert!(status.success());
}

/// Runs the sample tree's largest job in `runner` while `victim` picks a process to
/// kill once the job runs; the job must still succeed, retried as a clang process,
/// with the native plain clang writes.
fn killed_and_retried(start: Start, victim: impl Fn(u32) -> Option<u32> + Send + 'static, expect: &str) {
    let ix = indexed_sample();
    let runner = start(&ix.clang, 1).unwrap();
    let worker = runner.worker_pids()[0];
    let argv = backend_argv(&ix, "kernel/params.o", "persistent.o");
    let reference = plain(&backend_argv(&ix, "kernel/params.o", "plain.o"), &ix.tree).unwrap();
    assert!(reference.status.success());
    let killer = std::thread::spawn(move || {
        for _ in 0..2000 {
            if let Some(pid) = victim(worker) {
                kill(pid);
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        false
    });
    let (out, note) = runner.run_noted(&argv, &ix.tree);
    assert!(killer.join().unwrap(), "nothing was killed");
    let out = out.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let note = note.expect("the retry is reported");
    assert!(note.contains(expect) && note.contains("retried as a clang process"), "{note}");
    assert_eq!(std::fs::read(ix.tree.join("persistent.o")).unwrap(), std::fs::read(ix.tree.join("plain.o")).unwrap());
    // The runner goes on: the next job runs in a worker again, without a note.
    let (again, note) = runner.run_noted(&backend_argv(&ix, "kernel/params.o", "again.o"), &ix.tree);
    assert!(again.unwrap().status.success());
    assert_eq!(note, None);
}

#[test]
fn a_killed_worker_loses_only_its_job_which_is_retried() {
    killed_and_retried(PersistentRunner::start, |worker| running_job(worker).map(|_| worker), "died");
}

/// An lto server killed while it runs a job (its state `R`: between jobs it sleeps in
/// `read`): the job is retried as a clang process, the server replaced.
#[test]
fn a_killed_lto_server_loses_only_its_job_which_is_retried() {
    let running = |worker: u32| {
        let stat = std::fs::read_to_string(format!("/proc/{worker}/stat")).ok()?;
        let state = stat.rsplit_once(") ")?.1.split(' ').next()?;
        (state == "R").then_some(worker)
    };
    killed_and_retried(PersistentRunner::start_lto, running, "died");
}

#[test]
fn a_killed_job_is_retried() {
    killed_and_retried(PersistentRunner::start, running_job, "killed by signal 9");
}

#[test]
fn a_compiler_that_cannot_serve_is_refused_and_the_cli_falls_back() {
    let e = PersistentRunner::start("no-such-clang-19", 1).err().expect("no such compiler");
    assert!(e.to_string().starts_with("cannot start no-such-clang-19: "), "{e}");
    // A wrapper script: the process is the shell, whose `main` is not the compiler's.
    let ix = indexed_sample();
    let wrapper = ix.tree.join("cc-wrapper");
    std::fs::write(&wrapper, format!("#!/bin/sh\nexec {} \"$@\"\n", ix.clang)).unwrap();
    std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let wrapper = wrapper.to_str().unwrap().to_string();
    let e = PersistentRunner::start(&wrapper, 1).err().expect("a script cannot serve");
    assert!(e.to_string().contains("did not become a fork server"), "{e}");
    // From the command line: one warning, then every job runs as a clang process.
    let out = thinpost()
        .args(["backend", "-j", "2", "--runner", "persistent", "--cc", &wrapper])
        .arg(&ix.tree)
        .env_remove("MAKEFLAGS")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("--runner persistent: ").count(), 1, "{err}");
    assert!(err.contains("running jobs as clang processes"), "{err}");
}

/// lld-22 with `thinpost dtlto --runner persistent` as its distributor links the same
/// object as with `--runner clang`, byte for byte.
#[test]
fn dtlto_through_the_persistent_runner_links_the_same_object() {
    let (tmp, tree) = sample_copy();
    let recorded = tmp.path().join("recorded");
    rebuild_sample_through_wrapper(&tree, "clang-22", &recorded);
    let link = |out: &str, runner: &str| {
        // Each link its own store (nothing from cache), with the recorded flags.
        let store = tmp.path().join(format!("cache-{runner}"));
        std::fs::create_dir_all(&store).unwrap();
        run(std::process::Command::new("cp").arg("-a").arg(recorded.join("flags")).arg(&store));
        let o = std::process::Command::new("ld.lld-22")
            .current_dir(&tree)
            .args(["-m", "elf_x86_64", "-r", "-o", out, "--whole-archive", "vmlinux.a", "--no-whole-archive"])
            .arg(format!("--thinlto-distributor={}", env!("CARGO_BIN_EXE_thinpost")))
            .args(["--thinlto-distributor-arg=dtlto", &format!("--thinlto-distributor-arg=--runner={runner}")])
            .arg("--thinlto-remote-compiler=clang-22")
            .env("THINPOST_CACHE_DIR", tmp.path().join(format!("cache-{runner}")))
            .env_remove("MAKEFLAGS")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(o.status.success(), "{err}");
        assert!(err.contains("thinpost dtlto: 7 jobs: 7 compiled, 0 from cache, 0 failed"), "{err}");
        assert!(!err.contains("thinpost: warning"), "{err}");
        std::fs::read(tree.join(out)).unwrap()
    };
    assert_eq!(link("plain.o", "clang"), link("persistent.o", "persistent"));
    // The lto runner: lld's natives, so the link defines what in-process lld-22's does.
    link("lto.o", "lto");
    run(std::process::Command::new("ld.lld-22").current_dir(&tree).args([
        "-m",
        "elf_x86_64",
        "-r",
        "-o",
        "in-process.o",
        "--whole-archive",
        "vmlinux.a",
        "--no-whole-archive",
    ]));
    let lto = defined_globals(&tree.join("lto.o"));
    assert!(!lto.is_empty());
    assert_eq!(lto, defined_globals(&tree.join("in-process.o")));
}
