//! DTLTO both ways, with Debian's clang-22 / ld.lld-22: thinpost as lld's distributor
//! (`--thinlto-distributor`), and `thinpost build --distributor`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use support::*;

const CC22: &str = "clang-22";
const LD22: &str = "ld.lld-22";
const NM22: &str = "llvm-nm-22";

fn defined_globals(obj: &Path) -> BTreeSet<String> {
    run(Command::new(NM22).args(["--defined-only", "--extern-only", "--format=just-symbols"]).arg(obj))
        .lines()
        .map(str::to_string)
        .collect()
}

/// `ld.lld-22 -r` of `archive`, in-process or with thinpost as the distributor.
fn link(tree: &Path, out: &str, archive: &str, cache: &Path, distributed: bool, extra: &[&str]) -> Output {
    let mut c = Command::new(LD22);
    c.current_dir(tree).args(["-m", "elf_x86_64"]).args(extra).args(["-r", "-o", out]);
    c.args(["--whole-archive", archive, "--no-whole-archive"]);
    if distributed {
        c.arg(format!("--thinlto-distributor={}", env!("CARGO_BIN_EXE_thinpost")))
            .arg("--thinlto-distributor-arg=dtlto")
            .arg(format!("--thinlto-remote-compiler={CC22}"));
    } else {
        c.arg("--thinlto-jobs=2");
    }
    c.env("THINPOST_CACHE_DIR", cache).env_remove("MAKEFLAGS");
    let o = c.output().unwrap();
    assert!(o.status.success(), "{c:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

#[test]
fn lld_22_with_thinpost_as_distributor_equals_in_process_and_caches() {
    let (tmp, tree) = sample_copy();
    let cache = tmp.path().join("cache");
    rebuild_sample_through_wrapper(&tree, CC22, &cache);
    let first = link(&tree, "dtlto.o", "vmlinux.a", &cache, true, &[]);
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(err.contains("thinpost dtlto: 7 jobs: 7 compiled, 0 from cache, 0 failed"), "{err}");
    link(&tree, "in-process.o", "vmlinux.a", &cache, false, &[]);
    let d = defined_globals(&tree.join("dtlto.o"));
    assert!(d.contains("sample_panic") && d.contains("__typeid__ZTSFiiE_global_addr"));
    assert_eq!(d, defined_globals(&tree.join("in-process.o")));
    // The same link again: the linker's file names embed its PID, the cache keys on
    // contents, so nothing is compiled.
    let second = link(&tree, "dtlto2.o", "vmlinux.a", &cache, true, &[]);
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("thinpost dtlto: 7 jobs: 0 compiled, 7 from cache, 0 failed"), "{err}");
    assert_eq!(defined_globals(&tree.join("dtlto2.o")), d);
}

/// clang-19 kernel bitcode, backends by clang-22 through thinpost with each object's
/// kbuild flags (-fno-PIE among them: lld passes only generic options).
#[test]
fn tiny_6_12_vmlinux_a_through_dtlto_equals_in_process() {
    let tree = fresh_copy(&corpus("tiny-6.12"));
    let cache = tree.path().join("dtlto-cache");
    let flags = ["-mllvm", "-import-instr-limit=5", "-z", "noexecstack", "-T", ".tmp_initcalls.lds"];
    let out = link(tree.path(), "dtlto.o", "vmlinux.a", &cache, true, &flags);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("thinpost dtlto: 654 jobs: 654 compiled"), "{err}");
    link(tree.path(), "in-process.o", "vmlinux.a", &cache, false, &flags);
    let d = defined_globals(&tree.path().join("dtlto.o"));
    assert_eq!(d.len(), 9399);
    assert_eq!(d, defined_globals(&tree.path().join("in-process.o")));
}

fn build(tree: &Path, extra: &[&str]) -> Output {
    thinpost()
        .arg("build")
        .args(extra)
        .arg(tree)
        .env("CC", tool("CC", "clang"))
        .env("LD", tool("LD", "ld.lld"))
        .env("THINPOST_CACHE_DIR", tree.join("../dtlto-cache"))
        .env_remove("MAKEFLAGS")
        .output()
        .unwrap()
}

#[test]
fn build_through_thinpost_as_distributor_equals_a_local_build() {
    let (_a, local) = sample_copy();
    let (_b, remote) = sample_copy();
    let out = build(&local, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let distributor = format!("{} dtlto", env!("CARGO_BIN_EXE_thinpost"));
    let out = build(&remote, &["--distributor", &distributor]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("(distributed)").count(), 7, "{err}");
    let listed = std::fs::read_to_string(local.join("vmlinux.thinlto-index")).unwrap();
    for o in listed
        .lines()
        .map(|o| format!("{}.thinlto-native.o", o.strip_suffix(".o").unwrap()))
        .chain(["vmlinux.a".to_string()])
    {
        assert!(std::fs::read(local.join(&o)).unwrap() == std::fs::read(remote.join(&o)).unwrap(), "{o} differs");
    }
    // Nothing changed: the second build hands nothing to the distributor.
    let out = build(&remote, &["--distributor", &distributor]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.contains("0 compiled, 7 up to date"), "{err}");
}

#[test]
fn a_distributor_that_leaves_no_outputs_fails_the_build() {
    let (_t, tree) = sample_copy();
    let out = build(&tree, &["--distributor", "true"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("thinpost: error: kernel/core.o: the distributor left no valid kernel/core.thinlto-native.o"),
        "{err}"
    );
    assert!(!tree.join("kernel/core.thinlto-native.o").exists());
}

fn dtlto(json: &Path, cache: &Path) -> (i32, String) {
    let out = thinpost()
        .arg("dtlto")
        .arg("--cache-dir")
        .arg(cache)
        .arg(json)
        .current_dir(json.parent().unwrap())
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn malformed_json_failing_jobs_and_missing_outputs() {
    let (tmp, tree) = sample_copy();
    // DTLTO for any program, not a kernel tree: lld's options are the job's.
    std::fs::remove_file(tree.join("include/config/auto.conf")).unwrap();
    let cache = tmp.path().join("cache");
    let bad = tree.join("bad.json");
    std::fs::write(&bad, b"{\"common\": {\"linker_output\": \"x\",\n \"args\": 7}}").unwrap();
    let (code, err) = dtlto(&bad, &cache);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.json: line 2: DTLTO JSON"), "{err}");

    // A real shard for kernel/core.o, from a real thin-link.
    run(Command::new(LD22).current_dir(&tree).args([
        "-m",
        "elf_x86_64",
        "-r",
        "--thinlto-index-only=idx",
        "kernel/core.o",
        "lib/string.o",
    ]));
    let job = |compiler: &str, bitcode: &str| {
        serde_json::json!({
            "common": {"linker_output": "out.o", "args": [compiler, "-c", "--target=x86_64-pc-linux-gnu", "-O2", "-fno-PIE"], "inputs": []},
            "jobs": [{"args": [bitcode, "-fthinlto-index=kernel/core.o.thinlto.bc", "-o", "core.native.o"],
                      "inputs": [bitcode, "kernel/core.o.thinlto.bc"], "outputs": ["core.native.o"]}]
        })
    };
    // A job whose compile fails: named, with its command.
    std::fs::write(tree.join("broken.o"), b"BC\xc0\xde not really bitcode").unwrap();
    let failing = tree.join("failing.json");
    std::fs::write(&failing, job(CC22, "broken.o").to_string()).unwrap();
    let (code, err) = dtlto(&failing, &cache);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("thinpost: error: broken.o: backend compile failed") && err.contains("command: clang-22 "),
        "{err}"
    );
    // A "compiler" that exits 0 and writes nothing.
    let silent = tree.join("silent.json");
    std::fs::write(&silent, job("true", "kernel/core.o").to_string()).unwrap();
    let (code, err) = dtlto(&silent, &cache);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("kernel/core.o: backend compile exited 0 but left no valid object"), "{err}");
    // The same job with the real compiler succeeds.
    let good = tree.join("good.json");
    std::fs::write(&good, job(CC22, "kernel/core.o").to_string()).unwrap();
    let (code, err) = dtlto(&good, &cache);
    assert_eq!(code, 0, "{err}");
    assert!(tree.join("core.native.o").exists());
}

/// Under `make -j`, every module link runs its own `thinpost dtlto`, all on one store.
/// Four links of the same objects at once: each succeeds with correct outputs; the
/// store ends with one read-only entry per job, none sharing an inode with a build
/// tree file, and no temporary left behind.
#[test]
fn concurrent_links_share_one_store() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (tmp, tree) = sample_copy();
    let cache = tmp.path().join("shared-store");
    rebuild_sample_through_wrapper(&tree, CC22, &cache);
    link(&tree, "reference.o", "vmlinux.a", &cache, false, &[]);
    let expected = defined_globals(&tree.join("reference.o"));
    let children: Vec<_> = (0..4)
        .map(|i| {
            let mut c = Command::new(LD22);
            c.current_dir(&tree).args(["-m", "elf_x86_64", "-r", "-o", &format!("concurrent{i}.o")]);
            c.args(["--whole-archive", "vmlinux.a", "--no-whole-archive"]);
            c.arg(format!("--thinlto-distributor={}", env!("CARGO_BIN_EXE_thinpost")))
                .arg("--thinlto-distributor-arg=dtlto")
                .arg(format!("--thinlto-remote-compiler={CC22}"));
            c.env("THINPOST_CACHE_DIR", &cache).env_remove("MAKEFLAGS");
            c.stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "link {i}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(defined_globals(&tree.join(format!("concurrent{i}.o"))), expected, "link {i}");
    }
    let entries: Vec<_> = std::fs::read_dir(cache.join("store")).unwrap().map(|e| e.unwrap()).collect();
    assert_eq!(entries.len(), 7, "one entry per job: {:?}", entries.iter().map(|e| e.file_name()).collect::<Vec<_>>());
    let tree_inodes: BTreeSet<u64> =
        walk(&tree).into_iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.ino()).collect();
    for e in entries {
        let m = e.metadata().unwrap();
        assert!(!e.file_name().to_string_lossy().starts_with('.'), "temporary left: {:?}", e.file_name());
        assert_eq!(m.permissions().mode() & 0o222, 0, "{:?} is read-only", e.file_name());
        assert!(!tree_inodes.contains(&m.ino()), "{:?} shares an inode with the build tree", e.file_name());
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
