//! One input, three kernels: each case is built from the sample tree with the real
//! clang-19 (and genksyms), then run through the kernel's own modpost of Linux 6.12,
//! 7.2 and 7.3 and through thinpost, each in its own copy whose
//! `include/config/kernel.release` names the version. For every version thinpost must
//! print the same stderr, exit with the same status and write the same files as that
//! version's modpost; the cases are chosen so that the versions differ from each other.
//!
//! The 6.12 and 7.2 binaries ship in the corpora; the 7.3 one is built from Debian's
//! `linux-source-7.3` by `scripts/build-modpost.sh` (once per machine).

mod support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const VERSIONS: [&str; 3] = ["6.12", "7.2", "7.3"];

/// kbuild's arguments for a tree with CONFIG_MODVERSIONS: `-m` until 6.13, `-m -b`
/// (CONFIG_BASIC_MODVERSIONS, the default) since.
fn kbuild_args(version: &str) -> Vec<&'static str> {
    let mut v = vec!["-M", "-m"];
    if version != "6.12" {
        v.push("-b");
    }
    v.extend(["-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"]);
    v
}

/// What one version printed and returned.
#[derive(Debug)]
struct Outcome {
    code: i32,
    stderr: String,
    /// Contents of every output file the reference wrote (None: not written).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl Outcome {
    fn file(&self, name: &str) -> String {
        let f = self.files.iter().find(|(p, _)| p == Path::new(name)).unwrap_or_else(|| panic!("no output {name}"));
        String::from_utf8_lossy(f.1.as_deref().unwrap_or_default()).into_owned()
    }
}

/// A copy of the sample tree with extra modules.
struct Case {
    tree: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        Case { tree: fresh_copy(&sample_tree()) }
    }

    fn path(&self) -> &Path {
        self.tree.path()
    }

    fn module(self, dir: &str, name: &str, source: &str) -> Self {
        add_sample_module(self.path(), dir, name, source);
        self
    }

    fn write(self, rel: &str, data: &str) -> Self {
        std::fs::write(self.path().join(rel), data).unwrap();
        self
    }

    /// Runs version `v`'s modpost and thinpost with `args` on two copies (release set
    /// to `v`), asserts they agree, and returns what the reference did.
    fn run(&self, v: &str, args: &[&str]) -> Outcome {
        let reference = reference_modpost(v, "x86");
        let ours_dir = fresh_copy(self.path());
        let ref_dir = fresh_copy(self.path());
        for d in [&ours_dir, &ref_dir] {
            std::fs::write(d.path().join("include/config/kernel.release"), format!("{v}.0\n")).unwrap();
        }
        // Both run as `modpost` (getopt's messages name argv[0]).
        let refs = Command::new(&reference).arg0("modpost").args(args).current_dir(ref_dir.path()).output().unwrap();
        let ours = thinpost().arg0("modpost").args(args).current_dir(ours_dir.path()).output().unwrap();
        let (ref_err, our_err) = (String::from_utf8_lossy(&refs.stderr), String::from_utf8_lossy(&ours.stderr));
        assert_eq!(our_err, ref_err, "Linux {v}: stderr differs from the reference modpost ({args:?})");
        assert_eq!(ours.status.code(), refs.status.code(), "Linux {v}: exit status differs ({args:?})");
        let mut files = Vec::new();
        for f in outputs(ref_dir.path()) {
            let a = std::fs::read(ref_dir.path().join(&f)).ok();
            let b = std::fs::read(ours_dir.path().join(&f)).ok();
            assert!(a == b, "Linux {v}: {} differs ({args:?})", f.display());
            files.push((f, a));
        }
        Outcome { code: refs.status.code().unwrap_or(-1), stderr: ref_err.into_owned(), files }
    }

    /// Every version with kbuild's arguments for it (plus `extra`).
    fn run_all(&self, extra: &[&str]) -> Vec<Outcome> {
        VERSIONS
            .iter()
            .map(|v| {
                let mut args = extra.to_vec();
                args.extend(kbuild_args(v));
                self.run(v, &args)
            })
            .collect()
    }
}

fn outputs(tree: &Path) -> Vec<PathBuf> {
    let mut v = vec![PathBuf::from("Module.symvers"), PathBuf::from(".vmlinux.export.c"), PathBuf::from("nsdeps")];
    for entry in std::fs::read_to_string(tree.join("modules.order")).unwrap().lines() {
        v.push(PathBuf::from(format!("{}.mod.c", entry.trim_end_matches(".o"))));
    }
    v
}

const PRELUDE: &str = "#include <sample/export.h>\n#include <sample/module.h>\n#include <sample/api.h>\n";

fn module_source(body: &str) -> String {
    format!("{PRELUDE}{body}\nMODULE_LICENSE(\"GPL\");\nMODULE_DESCRIPTION(\"test\");\n")
}

#[test]
fn the_sample_with_each_versions_kbuild_arguments() {
    let nodesc = format!("{PRELUDE}static int f(void) {{ return 0; }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n");
    let out = Case::new().module("drivers/bar", "nodesc", &nodesc).run_all(&[]);
    // 6.12: KSYMTAB with the licence, `%#8x` versions; 7.x: SYMBOL_FLAGS, `0x%08x`,
    // the alias trailer in .vmlinux.export.c, and a warning for a module without
    // MODULE_DESCRIPTION (6.12 warns only with -W).
    assert!(out[0].file(".vmlinux.export.c").contains("\"_gpl\""));
    assert!(out[1].file(".vmlinux.export.c").contains("SYMBOL_FLAGS("));
    assert!(out[1].file(".vmlinux.export.c").ends_with("#define __MODULE_INFO_PREFIX\n"));
    assert_eq!(out[0].stderr, "");
    assert_eq!(out[1].stderr, "WARNING: modpost: missing MODULE_DESCRIPTION() in drivers/bar/nodesc.o\n");
    assert_eq!(out[2].stderr, "WARNING: modpost: drivers/bar/nodesc.ko: missing MODULE_DESCRIPTION()\n");
    assert!(out[0].file("drivers/foo/foo.mod.c").contains("____versions"));
    assert!(out[1].file("drivers/foo/foo.mod.c").contains("\t{ 0x"));
}

#[test]
fn basic_and_extended_modversions_flags() {
    let c = Case::new();
    // 6.12's getopt knows neither -b nor -x.
    let args = ["-M", "-m", "-b", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];
    let o = c.run("6.12", &args);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("invalid option -- 'b'"), "{}", o.stderr);
    for v in ["7.2", "7.3"] {
        // -m alone: no ____versions at all.
        let only_m = c.run(v, &["-M", "-m", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"]);
        assert!(!only_m.file("drivers/foo/foo.mod.c").contains("____versions"));
        // -x without -b: the extended tables only.
        let x = c.run(v, &["-M", "-m", "-x", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"]);
        let modc = x.file("drivers/foo/foo.mod.c");
        assert!(modc.contains("____version_ext_names") && !modc.contains("____versions[]"), "{modc}");
        // -b -x: both.
        let bx = c.run(v, &["-M", "-m", "-b", "-x", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"]);
        let modc = bx.file("drivers/foo/foo.mod.c");
        assert!(modc.contains("____version_ext_crcs") && modc.contains("____versions[]"), "{modc}");
    }
}

#[test]
fn an_export_in_a_module_namespace() {
    // EXPORT_SYMBOL_FOR_MODULES(nsx_fn, "nsuser,nsg*") (6.16): modules named in the list
    // need no import; others still do.
    let c = Case::new()
        .module(
            "drivers/ns",
            "nsx",
            &module_source(
                "int nsx_fn(int a) { return a + 1; }\n__EXPORT_SYMBOL(nsx_fn, \"GPL\", \"module:nsuser,nsg*\");",
            ),
        )
        .module(
            "drivers/ns",
            "nsuser",
            &module_source("int nsx_fn(int);\nstatic int f(void) { return nsx_fn(1); }\nmodule_init(f);"),
        )
        .module(
            "drivers/ns",
            "nsgx",
            &module_source("int nsx_fn(int);\nstatic int f(void) { return nsx_fn(2); }\nmodule_init(f);"),
        )
        .module(
            "drivers/ns",
            "nsother",
            &module_source("int nsx_fn(int);\nstatic int f(void) { return nsx_fn(3); }\nmodule_init(f);"),
        );
    let out = c.run_all(&["-N", "-d", "nsdeps"]);
    // 6.12: an ordinary namespace that three modules fail to import.
    assert_eq!(out[0].file("nsdeps").matches("module:nsuser,nsg*").count(), 3, "{}", out[0].file("nsdeps"));
    // 7.x: only the module the list does not name.
    for o in &out[1..] {
        assert_eq!(o.file("nsdeps"), "drivers/ns/nsother.ko: module:nsuser,nsg*\n");
    }
    assert!(out[2].stderr.contains("WARNING: modpost: drivers/ns/nsother.ko: module uses symbol 'nsx_fn' from namespace 'module:nsuser,nsg*', but does not import it."), "{}", out[2].stderr);
    assert!(out[1].file("drivers/ns/nsx.mod.c").contains("SYMBOL_FLAGS(nsx_fn, 0x01);"));
}

#[test]
fn importing_a_module_namespace_explicitly() {
    let c = Case::new().module(
        "drivers/ns",
        "imp",
        &module_source("MODULE_INFO(import_ns, \"module:imp\");\nstatic int f(void) { return 0; }\nmodule_init(f);"),
    );
    let out = c.run_all(&[]);
    assert_eq!(out[0].code, 0);
    assert_eq!(out[1].code, 1);
    assert!(
        out[1]
            .stderr
            .contains("ERROR: modpost: drivers/ns/imp: explicitly importing namespace \"module:imp\" is not allowed."),
        "{}",
        out[1].stderr
    );
    assert!(
        out[2]
            .stderr
            .contains("ERROR: modpost: drivers/ns/imp.ko: explicitly importing namespace 'module:imp' is not allowed."),
        "{}",
        out[2].stderr
    );
}

#[test]
fn symbol_names_longer_than_a_versions_entry() {
    let long = "a_symbol_name_that_is_longer_than_fifty_five_characters_xyz";
    assert!(long.len() >= 56);
    let c = Case::new()
        .module(
            "drivers/lng",
            "lexp",
            &module_source(&format!("int {long}(void) {{ return 7; }}\nEXPORT_SYMBOL({long});")),
        )
        .module(
            "drivers/lng",
            "luse",
            &module_source(&format!("int {long}(void);\nstatic int f(void) {{ return {long}(); }}\nmodule_init(f);")),
        );
    let out = c.run_all(&[]);
    for o in &out {
        assert_eq!(o.code, 1, "{}", o.stderr);
        assert!(o.stderr.contains("too long symbol"), "{}", o.stderr);
    }
    // With -x the name goes to the extended table only, and the run succeeds.
    for v in ["7.2", "7.3"] {
        let o = c.run(v, &["-M", "-m", "-b", "-x", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let modc = o.file("drivers/lng/luse.mod.c");
        assert!(modc.contains(&format!("\t\"{long}\\0\"\n")), "{modc}");
    }
}

#[test]
fn symbol_get_keeps_an_export_under_trimming() {
    // A module that only looks an export up with symbol_get() (6.14's .no_trim_symbol).
    let c = Case::new()
        .module("drivers/get", "gexp", &module_source("int got_by_name(void) { return 1; }\nEXPORT_SYMBOL(got_by_name);"))
        .module(
            "drivers/get",
            "guse",
            &module_source("static const char __notrim[] __used __section(\".no_trim_symbol\") = \"got_by_name\";\nstatic int f(void) { return 0; }\nmodule_init(f);"),
        );
    let out = c.run_all(&["-t"]);
    assert!(!out[0].file("Module.symvers").contains("got_by_name"));
    assert!(out[1].file("Module.symvers").contains("got_by_name"));
    assert!(out[2].file("Module.symvers").contains("got_by_name"));
}

#[test]
fn an_undefined_section_start_symbol() {
    let c = Case::new().module(
        "drivers/sec",
        "bounds",
        &module_source(
            "extern char __start_mysec[];\nstatic int f(void) { return __start_mysec[0]; }\nmodule_init(f);",
        ),
    );
    let out = c.run_all(&[]);
    assert_eq!(out[0].code, 1);
    assert!(out[0].stderr.contains("\"__start_mysec\" [drivers/sec/bounds.ko] undefined!"), "{}", out[0].stderr);
    assert_eq!((out[1].code, out[2].code), (0, 0));
}

#[test]
fn same_module_in_two_symbol_dumps() {
    let line = "0x00000000\tdumped_sym\tdrivers/ext/ext\tEXPORT_SYMBOL\t\n";
    let c = Case::new().write("A.symvers", line).write("B.symvers", line);
    let out: Vec<Outcome> = VERSIONS
        .iter()
        .map(|v| {
            let mut args = vec!["-e", "-i", "A.symvers", "-i", "B.symvers"];
            args.extend(kbuild_args(v));
            c.run(v, &args)
        })
        .collect();
    assert_eq!(out[0].code, 1);
    assert!(out[0].stderr.contains("'dumped_sym' exported twice"), "{}", out[0].stderr);
    assert!(!out[1].stderr.contains("exported twice"));
}

#[test]
fn section_mismatch_whitelist_changes() {
    // A `*_probe` structure (whitelisted until 7.0) and a ThinLTO-renamed `*_ops`
    // (whitelisted since 7.2) pointing into .init.text.
    let c = Case::new().module(
        "drivers/wl",
        "wl",
        &module_source(
            "__attribute__((section(\".init.text\"))) int wl_init_fn(void) { return 1; }\n\
             struct hook { int (*fn)(void); };\n\
             struct hook wl_probe = { .fn = wl_init_fn };\n\
             struct hook wl_ops __asm__(\"wl_ops.llvm.123456\") = { .fn = wl_init_fn };\n\
             static int f(void) { return wl_probe.fn != 0 && wl_ops.fn != 0; }\nmodule_init(f);",
        ),
    );
    // With --compat thinpost reproduces each version's whitelist exactly, including
    // 6.12's false mismatch on the renamed ops.
    let out: Vec<Outcome> = VERSIONS
        .iter()
        .map(|v| {
            let theirs = kbuild_args(v);
            let mut ours = vec!["--compat"];
            ours.extend(&theirs);
            c.run_with(v, &ours, &theirs)
        })
        .collect();
    assert!(out[0].stderr.contains("wl_ops.llvm.123456") && !out[0].stderr.contains("wl_probe"), "{}", out[0].stderr);
    for o in &out[1..] {
        assert!(o.stderr.contains("wl_probe") && !o.stderr.contains("wl_ops"), "{}", o.stderr);
    }
    // By default thinpost does not repeat 6.12's false mismatch (README: where thinpost
    // deliberately differs); from 7.2 on, upstream agrees and the default is exact.
    let dir = fresh_copy(c.path());
    std::fs::write(dir.path().join("include/config/kernel.release"), "6.12.0\n").unwrap();
    let ours = thinpost().arg("modpost").args(kbuild_args("6.12")).current_dir(dir.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&ours.stderr).contains("wl_ops"));
    c.run("7.2", &kbuild_args("7.2"));
}

impl Case {
    /// As [`Case::run`], with thinpost's arguments `ours` and the reference's `theirs`.
    fn run_with(&self, v: &str, ours: &[&str], theirs: &[&str]) -> Outcome {
        let reference = reference_modpost(v, "x86");
        let (a, b) = (fresh_copy(self.path()), fresh_copy(self.path()));
        for d in [&a, &b] {
            std::fs::write(d.path().join("include/config/kernel.release"), format!("{v}.0\n")).unwrap();
        }
        let refs = Command::new(&reference).arg0("modpost").args(theirs).current_dir(b.path()).output().unwrap();
        let mine = thinpost().arg0("modpost").args(ours).current_dir(a.path()).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&mine.stderr), String::from_utf8_lossy(&refs.stderr), "Linux {v}");
        assert_eq!(mine.status.code(), refs.status.code(), "Linux {v}");
        Outcome {
            code: refs.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&refs.stderr).into_owned(),
            files: Vec::new(),
        }
    }
}

#[test]
fn a_non_allocatable_coverage_section() {
    let c = Case::new().module(
        "drivers/cov",
        "cov",
        &module_source("asm(\".section __llvm_covmap,\\\"\\\",@progbits\\n.byte 1\\n.previous\");\nstatic int f(void) { return 0; }\nmodule_init(f);"),
    );
    let out = c.run_all(&[]);
    assert!(
        out[0].stderr.contains("drivers/cov/cov (__llvm_covmap): unexpected non-allocatable section."),
        "{}",
        out[0].stderr
    );
    assert!(!out[1].stderr.contains("__llvm_covmap"));
}

#[test]
fn messages_about_one_module_in_7_3() {
    // An undefined symbol, a GPL-only import by a non-GPL module, a double export.
    let c = Case::new()
        .module("drivers/msg", "m1", &format!("{PRELUDE}int nobody_has_this(int);\nint bar_value = 3;\nEXPORT_SYMBOL(bar_value);\nstatic int f(void) {{ return nobody_has_this(1); }}\nmodule_init(f);\nMODULE_LICENSE(\"Proprietary\");\nMODULE_DESCRIPTION(\"m\");\n"));
    let out = c.run_all(&[]);
    for o in &out {
        assert_eq!(o.code, 1);
    }
    assert!(
        out[1].stderr.contains("ERROR: modpost: \"nobody_has_this\" [drivers/msg/m1.ko] undefined!"),
        "{}",
        out[1].stderr
    );
    assert!(
        out[2].stderr.contains("ERROR: modpost: drivers/msg/m1.ko: symbol 'nobody_has_this' undefined!"),
        "{}",
        out[2].stderr
    );
    assert!(
        out[2].stderr.contains("ERROR: modpost: drivers/msg/m1.ko: symbol 'bar_value' exported twice."),
        "{}",
        out[2].stderr
    );
}
