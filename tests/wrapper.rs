//! thinpost as kbuild's compiler and linker, on the sample tree with the real clang and
//! lld: flags recorded by object contents and used by DTLTO (never guessed in a kbuild
//! tree), backend compiles served from the store, and masquerading links.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::*;

const CC22: &str = "clang-22";
const LD22: &str = "ld.lld-22";

fn savedcmd(tree: &Path, object: &str) -> String {
    let cmd = thinpost::kbuild::cmd::parse_cmd(
        &std::fs::read(tree.join(thinpost::kbuild::naming::crc_cmd_for(object))).unwrap(),
    )
    .unwrap();
    cmd.savedcmd.unwrap()
}

/// Recompiles `object` with clang-22, through thinpost's wrapper or not.
fn recompile(tree: &Path, object: &str, store: &Path, wrapped: bool) {
    let cc = if wrapped { format!("{} cc {CC22}", env!("CARGO_BIN_EXE_thinpost")) } else { CC22.to_string() };
    let line = savedcmd(tree, object).replacen("clang-19", &cc, 1);
    run(Command::new("sh").arg("-c").arg(line).current_dir(tree).env("THINPOST_CACHE_DIR", store));
}

/// Makes `object`'s `.cmd` file last build's: older than the object.
fn age_cmd_file(tree: &Path, object: &str) {
    let f = tree.join(thinpost::kbuild::naming::crc_cmd_for(object));
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options().write(true).open(f).unwrap().set_modified(old).unwrap();
}

fn dtlto_link(tree: &Path, store: &Path, inputs: &[&str]) -> Output {
    let mut c = Command::new(LD22);
    c.current_dir(tree).args(["-m", "elf_x86_64", "-r", "-o", "out.o"]).args(inputs);
    c.arg(format!("--thinlto-distributor={}", env!("CARGO_BIN_EXE_thinpost")))
        .arg("--thinlto-distributor-arg=dtlto")
        .arg(format!("--thinlto-remote-compiler={CC22}"))
        .env("THINPOST_CACHE_DIR", store)
        .env_remove("MAKEFLAGS");
    c.output().unwrap()
}

/// A single-object module is compiled and `ld -r`'d in one recipe, before kbuild writes
/// its `.cmd` file: the flags the wrapper recorded for the object's exact contents are
/// used; without them, thinpost refuses to guess and names the object.
#[test]
fn dtlto_uses_recorded_flags_and_never_guesses_in_a_kbuild_tree() {
    let (tmp, tree) = sample_copy();
    let store = tmp.path().join("store");
    recompile(&tree, "kernel/core.o", &store, true);
    recompile(&tree, "lib/string.o", &store, false);
    age_cmd_file(&tree, "kernel/core.o");
    age_cmd_file(&tree, "lib/string.o");
    let out = dtlto_link(&tree, &store, &["kernel/core.o", "lib/string.o"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("thinpost: error: lib/string.o: no kbuild flags for this object's backend"), "{err}");
    assert!(!err.contains("kernel/core.o: no kbuild flags"), "{err}");
    // Built through the wrapper, the object's flags are known.
    recompile(&tree, "lib/string.o", &store, true);
    age_cmd_file(&tree, "lib/string.o");
    let out = dtlto_link(&tree, &store, &["kernel/core.o", "lib/string.o"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("thinpost dtlto: 2 jobs: 2 compiled"), "{err}");
    // A .cmd file written after the object (as kbuild does) is as good.
    let (tmp2, tree2) = sample_copy();
    recompile(&tree2, "lib/string.o", &tmp2.path().join("s"), false);
    let f = tree2.join("lib/.string.o.cmd");
    std::fs::File::options().write(true).open(&f).unwrap().set_modified(std::time::SystemTime::now()).unwrap();
    let out = dtlto_link(&tree2, &tmp2.path().join("s"), &["lib/string.o"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn log_lines(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log).unwrap_or_default().lines().map(str::to_string).collect()
}

/// Linux 7.2's kbuild runs each backend as `$(CC) … -fthinlto-index=X.o.thinlto.bc -c -o
/// X.thinlto-native.o X.o`; through the wrapper, a rerun whose inputs are unchanged is
/// served from the store, byte for byte, and a changed input compiles again.
#[test]
fn backend_compiles_are_served_from_the_store() {
    let (tmp, tree) = sample_copy();
    let store = tmp.path().join("store");
    let log = tmp.path().join("log");
    let out = thinpost()
        .args(["index", "."])
        .current_dir(&tree)
        .env("CC", "clang-19")
        .env("LD", "ld.lld-19")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tools =
        thinpost::pipeline::tools::Toolchain { cc: "clang-19".into(), ld: "ld.lld-19".into(), ar: "llvm-ar-19".into() };
    let jobs = thinpost::pipeline::plan_backends(&tree, &tools).unwrap();
    let job = jobs.iter().find(|j| j.object == "kernel/core.o").unwrap();
    let backend = |tree: &Path| {
        let out = thinpost()
            .args(["cc", "clang-19"])
            .args(&job.args)
            .current_dir(tree)
            .env("THINPOST_CACHE_DIR", &store)
            .env("THINPOST_LOG", &log)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::read(tree.join(&job.output)).unwrap()
    };
    let first = backend(&tree);
    let lines = log_lines(&log);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("compiled\tkernel/core.o\t"), "{lines:?}");
    // The same compile again (make reruns it after every thin-link): a copy.
    std::fs::remove_file(tree.join(&job.output)).unwrap();
    let shard = tree.join(&job.shard);
    let bytes = std::fs::read(&shard).unwrap();
    std::fs::write(&shard, &bytes).unwrap(); // rewritten by a thin-link: same bytes, new mtime
    assert_eq!(backend(&tree), first);
    assert!(log_lines(&log)[1].starts_with("restored\tkernel/core.o\t"));
    // The plain compiler writes the same native.
    let plain = tmp.path().join("plain.o");
    let mut args = job.args.clone();
    let o = args.iter().position(|a| a == "-o").unwrap();
    args[o + 1] = plain.display().to_string();
    run(Command::new("clang-19").args(&args).current_dir(&tree));
    assert_eq!(std::fs::read(&plain).unwrap(), first);
    // A module the backend imports changes: compiled again.
    let imported: Vec<String> = job.inputs.iter().filter(|i| i.ends_with(".o") && **i != job.object).cloned().collect();
    assert!(!imported.is_empty(), "kernel/core.o's shard imports nothing: the test proves nothing");
    // A real change to its source (a new function), compiled with its own command.
    let words = thinpost::kbuild::cmd::shell_split(&savedcmd(&tree, &imported[0])).unwrap();
    let source = tree.join(words.iter().rev().find(|w| w.ends_with(".c")).unwrap());
    let mut text = std::fs::read_to_string(&source).unwrap();
    text.push_str("\nint thinpost_test_added(int x);\nint thinpost_test_added(int x) { return x * 7; }\n");
    std::fs::write(&source, text).unwrap();
    run(Command::new("sh").arg("-c").arg(savedcmd(&tree, &imported[0])).current_dir(&tree));
    backend(&tree);
    let third = &log_lines(&log)[2];
    assert!(third.starts_with("compiled\tkernel/core.o\t"), "{third}");
    // The log names what the backend read besides its bitcode: the changed module too.
    assert!(third.split('\t').nth(2).unwrap().split(' ').any(|m| m == imported[0]), "{third}");
}

/// ccache's symlink mode: links named like the tools, first in `PATH`. The linker link
/// distributes ThinLTO backends to thinpost; `--version` probes see the real tools.
#[test]
fn masquerading_links() {
    let (tmp, tree) = sample_copy();
    let store = tmp.path().join("store");
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for name in [CC22, LD22] {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_thinpost"), bin.join(name)).unwrap();
    }
    let path: PathBuf = bin.clone();
    let env_path = format!("{}:{}", path.display(), std::env::var("PATH").unwrap());
    let version = |name: &str| {
        let out = Command::new(name).arg("--version").env("PATH", &env_path).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(version(LD22), run(Command::new(LD22).arg("--version")));
    assert_eq!(version(CC22), run(Command::new(CC22).arg("--version")));
    // Every bitcode object compiled through the compiler link (flags recorded), then
    // vmlinux.o linked through the linker link.
    for m in thinpost::formats::archive::read_flattened(&tree.join("vmlinux.a")).unwrap() {
        if std::fs::read(tree.join(&m.name)).unwrap().starts_with(b"BC") {
            let line = savedcmd(&tree, &m.name).replacen("clang-19", CC22, 1);
            run(Command::new("sh")
                .arg("-c")
                .arg(line)
                .current_dir(&tree)
                .env("PATH", &env_path)
                .env("THINPOST_CACHE_DIR", &store));
        }
    }
    let out = Command::new(LD22)
        .current_dir(&tree)
        .args(["-m", "elf_x86_64", "-r", "-o", "vmlinux.o", "--whole-archive", "vmlinux.a", "--no-whole-archive"])
        .env("PATH", &env_path)
        .env("THINPOST_CACHE_DIR", &store)
        .env_remove("MAKEFLAGS")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("thinpost dtlto: 7 jobs: 7 compiled"), "{err}");
    assert!(err.contains("  BE      kernel/core.o"), "quiet lines name the kernel object: {err}");
    // THINPOST_DTLTO=0: plain lld, in-process ThinLTO.
    let out = Command::new(LD22)
        .current_dir(&tree)
        .args(["-m", "elf_x86_64", "-r", "-o", "vmlinux-plain.o", "--whole-archive", "vmlinux.a", "--no-whole-archive"])
        .env("PATH", &env_path)
        .env("THINPOST_DTLTO", "0")
        .output()
        .unwrap();
    assert!(out.status.success() && !String::from_utf8_lossy(&out.stderr).contains("thinpost dtlto"));
}

/// The thin-link of a distributed-ThinLTO tree (7.2's `--thinlto-index-only`) through the
/// linker wrapper: lld rewrites every index shard, and the wrapper gives back their old
/// modification time to those whose bytes did not change, so make runs only the backends
/// whose inputs changed. Plain lld (`THINPOST_DTLTO=0`) leaves every shard new.
#[test]
fn thin_link_keeps_the_time_of_unchanged_shards() {
    let (_tmp, tree) = sample_copy();
    let ir = ["init/main.o", "kernel/module.o", "kernel/core.o", "kernel/params.o", "kernel/nsapi.o", "lib/string.o"];
    std::fs::write(tree.join("thin.order"), ir.map(|o| format!("{o}\n")).concat()).unwrap();
    let link = |plain: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_thinpost"));
        c.current_dir(&tree)
            .args(["ld", LD22, "-m", "elf_x86_64", "-r", "--thinlto-index-only=thin.index", "@thin.order"])
            .env_remove("MAKEFLAGS");
        if plain {
            c.env("THINPOST_DTLTO", "0");
        }
        run(&mut c);
    };
    let shard = |o: &str| tree.join(format!("{o}.thinlto.bc"));
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    let age_all = || {
        for o in ir {
            std::fs::File::options().write(true).open(shard(o)).unwrap().set_modified(old).unwrap();
        }
    };
    let mtime = |o: &str| std::fs::metadata(shard(o)).unwrap().modified().unwrap();

    link(false);
    assert_eq!(std::fs::read_to_string(tree.join("thin.index")).unwrap().lines().count(), ir.len());
    age_all();
    link(false);
    for o in ir {
        assert_eq!(mtime(o), old, "{o}: an unchanged shard got a new time");
    }

    // lib/string.o compiled again with other code (-O1): its shard and those of the
    // objects importing from it change (each names the SHA-1 of what it reads).
    let before: Vec<Vec<u8>> = ir.iter().map(|o| std::fs::read(shard(o)).unwrap()).collect();
    let line = format!("{} -O1", savedcmd(&tree, "lib/string.o"));
    run(Command::new("sh").arg("-c").arg(line).current_dir(&tree));
    link(false);
    let (mut changed, mut kept) = (0, 0);
    for (o, b) in ir.iter().zip(&before) {
        if std::fs::read(shard(o)).unwrap() == *b {
            assert_eq!(mtime(o), old, "{o}: unchanged bytes, new time");
            kept += 1;
        } else {
            assert!(mtime(o) > old, "{o}: changed bytes kept the old time");
            changed += 1;
        }
    }
    assert!(mtime("lib/string.o") > old);
    assert!(changed >= 1 && kept >= 1, "changed {changed}, kept {kept}");

    age_all();
    link(true);
    for o in ir {
        assert!(mtime(o) > old, "{o}: plain lld rewrote it, so its time is new");
    }
}
