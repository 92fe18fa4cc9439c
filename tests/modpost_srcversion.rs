//! `MODULE_INFO(srcversion, ...)`: thinpost against the kernel's reference modpost
//! (shipped in the tiny-6.12-dist corpus), on identical copies of each case: the same
//! messages, exit status and outputs.
//!
//! The sample tree's `.cmd` files name their sources as `../src/...`, so a case is a
//! workspace holding `tree/` and `src/` side by side, and modpost runs in `tree/`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const ARGS: &[&str] = &["-a", "-M", "-m", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];

fn reference() -> PathBuf {
    corpus("tiny-6.12-dist").join("scripts/mod/modpost")
}

/// The outputs modpost may write in `tree`.
fn outputs(tree: &Path) -> Vec<PathBuf> {
    let mut v = vec![PathBuf::from("Module.symvers"), PathBuf::from(".vmlinux.export.c")];
    for entry in std::fs::read_to_string(tree.join("modules.order")).unwrap().lines() {
        v.push(PathBuf::from(format!("{}.mod.c", entry.trim_end_matches(".o"))));
    }
    v
}

/// Runs the reference modpost and thinpost in two copies of `workspace` (in its
/// subdirectory `cwd`); asserts they agree and returns (exit status, stderr, the
/// reference's copy).
fn run_both(workspace: &Path, cwd: &str, args: &[&str]) -> (i32, String, tempfile::TempDir) {
    let ref_dir = fresh_copy(workspace);
    let ours_dir = fresh_copy(workspace);
    let refs = Command::new(reference()).args(args).current_dir(ref_dir.path().join(cwd)).output().unwrap();
    let ours = thinpost().arg("modpost").args(args).current_dir(ours_dir.path().join(cwd)).output().unwrap();
    let (ref_err, our_err) = (String::from_utf8_lossy(&refs.stderr), String::from_utf8_lossy(&ours.stderr));
    assert_eq!(our_err, ref_err, "stderr differs from the reference modpost");
    assert_eq!(ours.status.code(), refs.status.code(), "exit status differs");
    for f in outputs(&ref_dir.path().join(cwd)) {
        let a = std::fs::read(ref_dir.path().join(cwd).join(&f)).ok();
        let b = std::fs::read(ours_dir.path().join(cwd).join(&f)).ok();
        assert!(a == b, "{} differs", f.display());
    }
    (refs.status.code().unwrap(), ref_err.into_owned(), ref_dir)
}

/// The srcversion in a written `.mod.c`, if any.
fn srcversion_of(mod_c: &Path) -> Option<String> {
    let text = std::fs::read_to_string(mod_c).unwrap();
    let line = text.lines().find(|l| l.starts_with("MODULE_INFO(srcversion, "))?;
    assert!(text.ends_with(&format!("\n\n{line}\n")), "srcversion must close the file:\n{text}");
    Some(line.trim_start_matches("MODULE_INFO(srcversion, \"").trim_end_matches("\");").to_string())
}

/// A copy of the sample tree with its sources beside it.
struct Sample {
    ws: tempfile::TempDir,
}

impl Sample {
    fn new() -> Self {
        let ws = tempfile::Builder::new().prefix("thinpost-srcversion-").tempdir_in(root().join("target")).unwrap();
        for part in ["tree", "src"] {
            let status = Command::new("cp")
                .arg("-a")
                .arg(root().join("testdata/sample").join(part))
                .arg(ws.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        Sample { ws }
    }

    fn tree(&self) -> PathBuf {
        self.ws.path().join("tree")
    }

    fn write(&self, rel: &str, data: &[u8]) {
        let p = self.tree().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }

    /// Replaces bar's `source_` line in its `.cmd` with `block` (the `#SYMVER` lines
    /// stay, so `-m` still finds bar's CRCs).
    fn set_bar_sources(&self, block: &str) {
        let p = self.tree().join("drivers/bar/.bar.o.cmd");
        let text = std::fs::read_to_string(&p).unwrap();
        let line = text.lines().find(|l| l.starts_with("source_")).unwrap().to_string();
        std::fs::write(&p, text.replacen(&format!("{line}\n"), block, 1)).unwrap();
    }

    fn run(&self, args: &[&str]) -> (i32, String, tempfile::TempDir) {
        run_both(self.ws.path(), "tree", args)
    }

    /// Adds module `dir/name.ko` built from `source` with clang-19, with a kbuild-like
    /// `.cmd` whose `source_` and `deps_` lines are `cmd_lines`, at the end of
    /// modules.order.
    fn add_module(&self, dir: &str, name: &str, source: &str, cmd_lines: &str) {
        let include = self.ws.path().join("src/include");
        let src = self.ws.path().join(format!("src/{dir}/{name}.c"));
        std::fs::create_dir_all(src.parent().unwrap()).unwrap();
        std::fs::create_dir_all(self.tree().join(dir)).unwrap();
        std::fs::write(&src, source).unwrap();
        let obj = format!("{dir}/{name}.o");
        compile_sample_module(&self.tree(), &include, &src, &obj, name);
        self.write(&format!("{dir}/{name}.mod"), format!("{obj}\n").as_bytes());
        self.write(
            &format!("{dir}/.{name}.o.cmd"),
            format!("savedcmd_{obj} := clang-19 -c -o {obj}\n\n{cmd_lines}").as_bytes(),
        );
        let mut order = std::fs::read_to_string(self.tree().join("modules.order")).unwrap();
        order.push_str(&format!("{obj}\n"));
        std::fs::write(self.tree().join("modules.order"), order).unwrap();
    }
}

const PRELUDE: &str = "#include <sample/export.h>\n#include <sample/module.h>\n#include <sample/api.h>\n";

#[test]
fn the_sample_tree_with_all_versions() {
    let s = Sample::new();
    let (code, err, out) = s.run(ARGS);
    assert_eq!((code, err.as_str()), (0, ""));
    // As printed by Linux 6.12's modpost.
    let tree = out.path().join("tree");
    assert_eq!(srcversion_of(&tree.join("drivers/bar/bar.mod.c")).as_deref(), Some("CE615E5EA899FDFC74FF4D9"));
    assert_eq!(srcversion_of(&tree.join("drivers/foo/foo.mod.c")).as_deref(), Some("1AB1A6A3063AE84D45D3B5F"));
}

#[test]
fn no_srcversion_without_a_or_a_version_tag() {
    let s = Sample::new();
    let (code, err, out) = s.run(&ARGS[1..]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(srcversion_of(&out.path().join("tree/drivers/bar/bar.mod.c")), None);
    // Without -a nothing is read for it: a missing source is no error.
    std::fs::remove_file(s.ws.path().join("src/drivers/bar/bar.c")).unwrap();
    assert_eq!(s.run(&ARGS[1..]).0, 0);
}

#[test]
fn a_version_tag_without_a() {
    let s = Sample::new();
    // Headers in the object's directory count, wherever they are (a substring test);
    // others, and those in subdirectories, are never opened.
    s.write("../src/include/drivers/ver/local.h", b"#define LOCAL 1 /* counted */\n");
    s.write("../src/drivers/ver/sub/deeper.h", b"#define DEEPER 2\n");
    let cmd = "source_drivers/ver/ver.o := ../src/drivers/ver/ver.c\n\n\
               deps_drivers/ver/ver.o := \\\n\
               \x20 ../src/include/sample/kconfig.h \\\n\
               \x20   $(wildcard include/config/64BIT) \\\n\
               \x20 ../src/include/drivers/ver/local.h \\\n\
               \x20 ../src/drivers/ver/sub/deeper.h \\\n\
               \x20 ../src/include/missing/not-opened.h \\\n\
               \n\
               drivers/ver/ver.o: $(deps_drivers/ver/ver.o)\n";
    s.add_module(
        "drivers/ver",
        "ver",
        &format!(
            "{PRELUDE}static int f(void) {{ return 0; }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\nMODULE_INFO(version, \"1.2\");\n"
        ),
        cmd,
    );
    let (code, err, out) = s.run(&ARGS[1..]);
    assert_eq!((code, err.as_str()), (0, ""));
    let tree = out.path().join("tree");
    let ver = srcversion_of(&tree.join("drivers/ver/ver.mod.c")).expect("a srcversion for the versioned module");
    assert_eq!(ver.len(), 23);
    assert_eq!(srcversion_of(&tree.join("drivers/bar/bar.mod.c")), None);

    // The local header is hashed: changing it changes the srcversion.
    s.write("../src/include/drivers/ver/local.h", b"#define LOCAL 2\n");
    let (_, _, out2) = s.run(&ARGS[1..]);
    let ver2 = srcversion_of(&out2.path().join("tree/drivers/ver/ver.mod.c")).unwrap();
    assert_ne!(ver, ver2);
    // Its comments and white space are not.
    s.write("../src/include/drivers/ver/local.h", b"#define  LOCAL 2 /* other */ \n\n");
    let (_, _, out3) = s.run(&ARGS[1..]);
    assert_eq!(srcversion_of(&out3.path().join("tree/drivers/ver/ver.mod.c")).unwrap(), ver2);
    // A missing one is fatal.
    std::fs::remove_file(s.ws.path().join("src/include/drivers/ver/local.h")).unwrap();
    let (code, err, _) = s.run(&ARGS[1..]);
    assert_eq!((code, err.as_str()), (1, "../src/include/drivers/ver/local.h: No such file or directory\n"));
}

#[test]
fn a_malformed_source_line_comes_after_the_section_mismatches() {
    let s = Sample::new();
    s.add_module(
        "drivers/neg",
        "mism",
        &format!(
            "{PRELUDE}__attribute__((section(\".init.text\"))) int setup_thing(void) {{ return 1; }}\n\
             int (*thing_hook)(void) = setup_thing;\nstatic int f(void) {{ return thing_hook(); }}\nmodule_init(f);\n\
             MODULE_LICENSE(\"GPL\");\nMODULE_INFO(version, \"0.1\");\n"
        ),
        "  source_drivers/neg/mism.o:=../src/drivers/neg/mism.c\n",
    );
    let no_e: Vec<&str> = ARGS[1..].iter().copied().filter(|a| *a != "-E").collect();
    let (code, err, out) = s.run(&no_e);
    assert_eq!(code, 0);
    let mismatch = err.find("section mismatch in reference: thing_hook").expect(&err);
    let malformed = err
        .find("WARNING: modpost: malformed line: source_drivers/neg/mism.o:=../src/drivers/neg/mism.c\n")
        .expect(&err);
    assert!(mismatch < malformed, "{err}");
    // Hashing stopped: no srcversion at all.
    assert_eq!(srcversion_of(&out.path().join("tree/drivers/neg/mism.mod.c")), None);
}

#[test]
fn missing_files_are_fatal() {
    // The source file.
    let s = Sample::new();
    std::fs::remove_file(s.ws.path().join("src/drivers/bar/bar.c")).unwrap();
    let (code, err, _) = s.run(ARGS);
    assert_eq!((code, err.as_str()), (1, "../src/drivers/bar/bar.c: No such file or directory\n"));

    // A source_ line ending in a space names "", and perror("") has no prefix.
    let s = Sample::new();
    s.set_bar_sources("source_drivers/bar/bar.o := \n");
    let (code, err, _) = s.run(ARGS);
    assert_eq!((code, err.as_str()), (1, "No such file or directory\n"));

    // A directory.
    let s = Sample::new();
    s.set_bar_sources("source_drivers/bar/bar.o := ../src/drivers\n");
    let (code, err, _) = s.run(ARGS);
    assert_eq!((code, err.as_str()), (1, "../src/drivers: Is a directory\n"));

    // The object list, and a .cmd file, without -m (which would read them too).
    let no_m: Vec<&str> = ARGS.iter().copied().filter(|a| *a != "-m").collect();
    let s = Sample::new();
    std::fs::remove_file(s.tree().join("drivers/foo/foo.mod")).unwrap();
    let (code, err, _) = s.run(&no_m);
    assert_eq!((code, err.as_str()), (1, "drivers/foo/foo.mod: No such file or directory\n"));
    let s = Sample::new();
    std::fs::remove_file(s.tree().join("drivers/foo/.foo_util.o.cmd")).unwrap();
    let (code, err, _) = s.run(&no_m);
    assert_eq!((code, err.as_str()), (1, "drivers/foo/.foo_util.o.cmd: No such file or directory\n"));
}

#[test]
fn object_list_and_cmd_file_quirks() {
    let s = Sample::new();
    // Empty lines are skipped, static libraries too (their .cmd is never read), an
    // object may come twice, and the last line needs no newline.
    s.write("drivers/bar/bar.mod", b"\n\ndrivers/bar/lib.a\ndrivers/bar/bar.o\n\ndrivers/bar/bar.o");
    s.write("../src/drivers/bar/in-dir.h", b"int in_dir;\n");
    s.write("../src/drivers/bar/second.c", b"int second;\n");
    // Leading blanks are trimmed, the path after the *last* space is the source, several
    // source_ lines all count, and the deps stop at the first line without a trailing
    // backslash (here an all-blank one): later entries are never opened.
    s.set_bar_sources(
        "\t  source_drivers/bar/bar.o := ignored words ../src/drivers/bar/bar.c\n\n\
         source_second := ../src/drivers/bar/second.c\n\
         deps_drivers/bar/bar.o := \\\n\
         \x20 ../src/drivers/bar/in-dir.h \\\n\
         \x20 ../src/drivers/bar/in-dir.h\t\\\n\
         \x20 \n\
         \x20 ../src/drivers/bar/not-there.h \\\n",
    );
    let (code, err, out) = s.run(ARGS);
    assert_eq!(code, 0, "{err}");
    assert!(srcversion_of(&out.path().join("tree/drivers/bar/bar.mod.c")).is_some());
}

#[test]
fn parse_file_rules_and_md4_block_boundaries() {
    // Sources whose hashed bytes number around the 56- and 64-byte block boundaries,
    // with white space, comments, strings, line continuations and a NUL (the end).
    for n in [0usize, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 128] {
        let s = Sample::new();
        let mut src = Vec::new();
        src.extend_from_slice(b"/* header */ \t\r\n");
        for i in 0..n {
            src.push(b'a' + (i % 26) as u8);
            if i % 7 == 3 {
                src.extend_from_slice(b" \\\n\x0b\x0c/*/ ");
            }
        }
        src.extend_from_slice(b"\n\"str \\\" ing\" // tail /* x */ y\0after the NUL");
        s.write("../src/drivers/bar/bar.c", &src);
        let (code, err, _) = s.run(ARGS);
        assert_eq!((code, err.as_str()), (0, ""), "length {n}");
    }
}

#[test]
fn the_tiny_corpora_name_sources_that_are_not_here() {
    for name in ["tiny-6.12", "tiny-6.12-dist"] {
        let tree = corpus(name);
        let (code, err, _) = run_both(&tree, ".", ARGS);
        let first_source = format!("/usr/src/linux-source-{}/mm/zsmalloc.c", name.trim_start_matches("tiny-"));
        if Path::new(&first_source).exists() {
            assert_eq!((code, err.as_str()), (0, ""));
        } else {
            assert_eq!((code, err), (1, format!("{first_source}: No such file or directory\n")));
        }
    }
}

/// The dist corpus with its source paths pointed at stub files: real kbuild `.cmd`
/// files, with `include/crypto/...` headers counted for `crypto/` modules.
#[test]
fn the_dist_corpus_with_stub_sources() {
    const PREFIX: &str = "/usr/src/linux-source-6.12-dist/";
    let tree = fresh_copy(&corpus("tiny-6.12-dist"));
    let order = std::fs::read_to_string(tree.path().join("modules.order")).unwrap();
    let mut stubs = std::collections::BTreeSet::new();
    for m in order.lines() {
        let list = std::fs::read_to_string(tree.path().join(m.replace(".o", ".mod"))).unwrap();
        for obj in list.lines().filter(|l| !l.is_empty()) {
            let (dir, base) = obj.rsplit_once('/').unwrap();
            let cmd = tree.path().join(format!("{dir}/.{base}.cmd"));
            let text = std::fs::read_to_string(&cmd).unwrap();
            for word in text.split_whitespace().filter_map(|w| w.strip_prefix(PREFIX)) {
                stubs.insert(word.to_string());
            }
            std::fs::write(&cmd, text.replace(PREFIX, "stub-src/")).unwrap();
        }
    }
    assert!(stubs.len() > 100);
    for (i, rel) in stubs.iter().enumerate() {
        let p = tree.path().join("stub-src").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, format!("/* {rel} */\n#define STUB_{i} \"{rel}\"\n")).unwrap();
    }
    let (code, err, out) = run_both(tree.path(), ".", ARGS);
    assert_eq!((code, err.as_str()), (0, ""));
    let versions: Vec<Option<String>> =
        order.lines().map(|m| srcversion_of(&out.path().join(m.replace(".o", ".mod.c")))).collect();
    assert!(versions.iter().all(Option::is_some));
}
