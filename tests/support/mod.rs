//! Shared test setup: the kernel corpora kept in `testdata/` are unpacked once into
//! `target/corpus/`, and tools are called by their versioned names.
#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Unpacks `testdata/<name>.tar.xz` into `target/corpus/<name>` once and returns it.
/// Safe when several test binaries race: each unpacks into its own temporary directory
/// and renames it into place; the loser discards its copy.
pub fn corpus(name: &str) -> PathBuf {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = root().join("target/corpus").join(name);
    let archive = root().join("testdata").join(format!("{name}.tar.xz"));
    let stamp = dir.join(format!(".unpacked-{name}"));
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (mtime(&stamp), mtime(&archive)) {
        (Some(unpacked), Some(packed)) if unpacked >= packed => return dir,
        // Unpacked from an older archive: move it aside (another binary may still read
        // it) and unpack again.
        (Some(_), _) => {
            let aside = dir.with_extension(format!("stale-{}", std::process::id()));
            if std::fs::rename(&dir, &aside).is_ok() {
                let _ = std::fs::remove_dir_all(&aside);
            }
        }
        _ => {}
    }
    let parent = dir.parent().unwrap();
    std::fs::create_dir_all(parent).unwrap();
    let tmp = tempfile::Builder::new().prefix(&format!(".tmp-{name}-")).tempdir_in(parent).unwrap().keep();
    let status = Command::new("tar").arg("xJf").arg(&archive).arg("-C").arg(&tmp).status().expect("tar runs");
    assert!(status.success(), "unpacking {} failed", archive.display());
    std::fs::write(tmp.join(format!(".unpacked-{name}")), b"").unwrap();
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another test binary won the race.
        let _ = std::fs::remove_dir_all(&tmp);
        assert!(dir.join(format!(".unpacked-{name}")).exists(), "corpus {name} not unpacked");
    }
    dir
}

/// A writable copy of a tree, for tests that modify inputs or run writers.
pub fn fresh_copy(src: &Path) -> tempfile::TempDir {
    let tmp = tempfile::Builder::new().prefix("thinpost-test-").tempdir_in(root().join("target")).unwrap();
    let status = Command::new("cp").arg("-a").arg(format!("{}/.", src.display())).arg(tmp.path()).status().unwrap();
    assert!(status.success());
    tmp
}

/// The sample tree checked into `testdata/sample/tree`.
pub fn sample_tree() -> PathBuf {
    root().join("testdata/sample/tree")
}

/// A versioned LLVM tool: `$VAR` if set, else `<name>-19`.
pub fn tool(var: &str, name: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| format!("{name}-19"))
}

pub fn thinpost() -> Command {
    Command::new(env!("CARGO_BIN_EXE_thinpost"))
}

/// Runs a command and returns stdout, panicking with its stderr on failure.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `Module.symvers` lines as (crc, symbol, module, export kind, namespace), read with the
/// library's symvers reader; the file must have modpost's current (namespace-last) layout.
pub fn read_symvers(path: &Path) -> Vec<(u32, String, String, String, String)> {
    let symvers = thinpost::kbuild::symvers::read(path).unwrap_or_else(|e| panic!("{e}"));
    symvers
        .records
        .into_iter()
        .map(|r| {
            assert_eq!(r.layout, thinpost::kbuild::symvers::Layout::NamespaceLast, "{}:{}", path.display(), r.line);
            (r.crc, r.symbol, r.module, r.export.as_str().to_string(), r.namespace)
        })
        .collect()
}

/// The gate's two-version sample, `target/gate-sample/{v1,v2}`, built once per test
/// binary from the current sources by `testdata/gate/gen.sh` with clang-19 and the
/// tiny-6.12 corpus's genksyms and modpost.
pub fn gate_sample_trees() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let tools = corpus("tiny-6.12").join("scripts");
        // Each test binary builds its own copy: binaries may run at the same time.
        let exe = std::env::current_exe().unwrap();
        let stem = exe.file_stem().unwrap().to_string_lossy().into_owned();
        let name = stem.rsplit_once('-').map_or(stem.as_str(), |(n, _)| n);
        let dir = root().join("target/gate-sample").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        for v in ["v1", "v2"] {
            run(Command::new(root().join("testdata/gate/gen.sh"))
                .arg(dir.join(v))
                .arg(v)
                .env("GENKSYMS", tools.join("genksyms/genksyms"))
                .env("MODPOST", tools.join("mod/modpost"))
                .env("CC", tool("CC", "clang"))
                .env("LD", tool("LD", "ld.lld")));
        }
        dir
    })
}

/// A writable copy of testdata/sample (the tree and the sources its `.cmd` files name,
/// side by side); returns the temporary directory and the tree inside it.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::Builder::new().prefix("thinpost-sample-").tempdir_in(root().join("target")).unwrap();
    for part in ["tree", "src"] {
        let status = Command::new("cp")
            .arg("-a")
            .arg(root().join("testdata/sample").join(part))
            .arg(tmp.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let tree = tmp.path().join("tree");
    (tmp, tree)
}

/// The compiler flags of a sample-tree module `name` (C using the sample headers under
/// `include`), as kbuild would pass them for x86_64.
fn sample_module_flags(include: &Path, name: &str) -> Vec<String> {
    let mut flags: Vec<String> =
        ["--target=x86_64-linux-gnu", "-O2", "-fno-PIE", "-mcmodel=kernel", "-ffreestanding", "-nostdinc"]
            .map(String::from)
            .to_vec();
    flags.push(format!("-I{}", include.display()));
    flags.extend(
        ["-include", "sample/kconfig.h", "-include", "sample/compiler_types.h", "-D__KERNEL__", "-DMODULE"]
            .map(String::from),
    );
    flags.push(format!("-DKBUILD_MODNAME=\"{name}\""));
    flags.push(format!("-D__KBUILD_MODNAME=kmod_{name}"));
    flags
}

/// Compiles `src` (C using the sample tree's headers under `include`) into the module
/// object `obj` (relative to `tree`) with the real clang-19, as kbuild would for module
/// `name`: plain `-c`, so the object is native ELF.
pub fn compile_sample_module(tree: &Path, include: &Path, src: &Path, obj: &str, name: &str) {
    run(Command::new(tool("CC", "clang"))
        .current_dir(tree)
        .args(sample_module_flags(include, name))
        .args(["-c", "-o", obj])
        .arg(src));
}

/// genksyms' `#SYMVER` lines for `src`, as kbuild appends them to the object's `.cmd`
/// file: the source preprocessed with `-D__GENKSYMS__` and run through the kernel's real
/// genksyms (the tiny-6.12 corpus's).
pub fn genksyms_lines(include: &Path, src: &Path, name: &str) -> String {
    let pre = run(Command::new(tool("CC", "clang"))
        .args(sample_module_flags(include, name))
        .args(["-E", "-D__GENKSYMS__"])
        .arg(src));
    let genksyms = corpus("tiny-6.12").join("scripts/genksyms/genksyms");
    let mut child = Command::new(genksyms)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("genksyms runs");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), pre.as_bytes()).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "genksyms failed on {}", src.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The kernel's own `modpost` of Linux `version` built for `arch` (`x86`, `i386`,
/// `arm64`), for side-by-side runs. The 6.12 and 7.2 x86/arm64 binaries ship in the
/// corpora; the others are built from Debian's kernel source by
/// `scripts/build-modpost.sh` once per machine, into
/// `$THINPOST_MODPOST_DIR` (default `/var/tmp/thinpost-modpost`), under a lock so test
/// binaries running at once build each one only once.
pub fn reference_modpost(version: &str, arch: &str) -> PathBuf {
    match (version, arch) {
        ("6.12", "x86") => return corpus("tiny-6.12-dist").join("scripts/mod/modpost"),
        ("7.2", "x86") => return corpus("small-7.2-dist").join("scripts/mod/modpost"),
        ("7.2", "arm64") => return corpus("small-7.2-arm64-dist").join("scripts/mod/modpost"),
        _ => {}
    }
    let dir =
        PathBuf::from(std::env::var("THINPOST_MODPOST_DIR").unwrap_or_else(|_| "/var/tmp/thinpost-modpost".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{version}-{arch}"));
    let lock = dir.join(format!(".{version}-{arch}.lock"));
    let stdout = run(Command::new("flock")
        .arg(&lock)
        .arg(root().join("scripts/build-modpost.sh"))
        .arg(version)
        .arg(arch)
        .arg(&out));
    let bin = PathBuf::from(stdout.lines().last().unwrap_or_default());
    assert!(bin.is_file(), "build-modpost.sh printed no binary: {stdout}");
    bin
}

/// Adds module `dir/name.ko`, built from the C `source` (using the sample tree's
/// headers) with the real clang-19, to the kbuild-shaped tree `tree`: its object, `.mod`
/// and `.cmd` files, and a line at the end of `modules.order`.
pub fn add_sample_module(tree: &Path, dir: &str, name: &str, source: &str) {
    let include = root().join("testdata/sample/src/include");
    let src_dir = tree.join("src-extra");
    std::fs::create_dir_all(&src_dir).unwrap();
    std::fs::create_dir_all(tree.join(dir)).unwrap();
    let src = src_dir.join(format!("{name}.c"));
    std::fs::write(&src, source).unwrap();
    let obj = format!("{dir}/{name}.o");
    compile_sample_module(tree, &include, &src, &obj, name);
    std::fs::write(tree.join(format!("{dir}/{name}.mod")), format!("{obj}\n")).unwrap();
    let symvers = genksyms_lines(&include, &src, name);
    std::fs::write(
        tree.join(format!("{dir}/.{name}.o.cmd")),
        format!("savedcmd_{obj} := clang-19 -c -o {obj}\n\n{symvers}"),
    )
    .unwrap();
    let mut order = std::fs::read_to_string(tree.join("modules.order")).unwrap();
    order.push_str(&format!("{obj}\n"));
    std::fs::write(tree.join("modules.order"), order).unwrap();
}

/// Recompiles every bitcode object of the sample's `vmlinux.a`, each with its own
/// recorded command, with `cc` (e.g. `clang-22`) through thinpost's compiler wrapper
/// (as kbuild would with `CC="thinpost cc clang-22"`), which records each object's
/// flags in `store`: the flags `thinpost dtlto` compiles the backends with.
pub fn rebuild_sample_through_wrapper(tree: &Path, cc: &str, store: &Path) {
    let wrapper = format!("{} cc {cc}", env!("CARGO_BIN_EXE_thinpost"));
    for m in thinpost::formats::archive::read_flattened(&tree.join("vmlinux.a")).unwrap() {
        if !std::fs::read(tree.join(&m.name)).unwrap().starts_with(b"BC") {
            continue;
        }
        let cmd = thinpost::kbuild::cmd::parse_cmd(
            &std::fs::read(tree.join(thinpost::kbuild::naming::crc_cmd_for(&m.name))).unwrap(),
        )
        .unwrap();
        let line = cmd.savedcmd.unwrap().replacen("clang-19", &wrapper, 1);
        run(Command::new("sh").arg("-c").arg(line).current_dir(tree).env("THINPOST_CACHE_DIR", store));
    }
}

/// The defined global symbols of an object (llvm-nm; `$NM` or the versioned name).
pub fn defined_globals(obj: &Path) -> BTreeSet<String> {
    run(Command::new(tool("NM", "llvm-nm")).args(["--defined-only", "--extern-only", "--format=just-symbols"]).arg(obj))
        .lines()
        .map(str::to_string)
        .collect()
}

/// `ld.lld -r` of a whole archive in `tree`, as kbuild links vmlinux.o.
pub fn ld_r(tree: &Path, out: &str, archive: &str, extra: &[&str]) {
    run(Command::new(tool("LD", "ld.lld"))
        .current_dir(tree)
        .args(["-m", "elf_x86_64", "-r", "-o", out])
        .args(extra)
        .args(["--whole-archive", archive, "--no-whole-archive"]));
}

/// `X.o` → `X.thinlto-native.o`.
pub fn native(o: &str) -> String {
    format!("{}.thinlto-native.o", o.strip_suffix(".o").unwrap())
}

/// Defined globals of many objects at once (one llvm-nm per 200 files), by path; an
/// object that defines none maps to an empty set.
pub fn defined_globals_of<S: AsRef<str>>(tree: &Path, objs: &[S]) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> =
        objs.iter().map(|o| (o.as_ref().to_string(), BTreeSet::new())).collect();
    for chunk in objs.chunks(200) {
        let out = run(Command::new(tool("NM", "llvm-nm"))
            .current_dir(tree)
            .args(["--defined-only", "--extern-only", "-A", "--format=just-symbols"])
            .args(chunk.iter().map(AsRef::as_ref)));
        for line in out.lines() {
            let (f, sym) = line.split_once(": ").unwrap_or_else(|| panic!("llvm-nm line {line:?}"));
            map.get_mut(f).unwrap_or_else(|| panic!("llvm-nm named {f}, not asked for")).insert(sym.to_string());
        }
    }
    map
}
