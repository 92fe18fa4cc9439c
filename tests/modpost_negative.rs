//! Failure cases, built from the sample tree with the real clang-19: each is run through
//! the kernel's reference modpost (shipped in the tiny-6.12-dist corpus) and through
//! thinpost, on identical copies; messages, exit status and outputs must agree.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

const ARGS: &[&str] = &["-M", "-m", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];

/// A copy of the sample tree to break.
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

    fn add_module(&self, dir: &str, name: &str, source: &str) {
        add_sample_module(self.path(), dir, name, source);
    }

    /// Runs the reference modpost and thinpost on two copies of the case; asserts they
    /// agree and returns (exit status, stderr).
    fn run_both(&self, args: &[&str]) -> (i32, String) {
        let reference = corpus("tiny-6.12-dist").join("scripts/mod/modpost");
        let ours_dir = fresh_copy(self.path());
        let ref_dir = fresh_copy(self.path());
        let refs = Command::new(&reference).args(args).current_dir(ref_dir.path()).output().unwrap();
        let ours = thinpost().arg("modpost").args(args).current_dir(ours_dir.path()).output().unwrap();
        let (ref_err, our_err) = (String::from_utf8_lossy(&refs.stderr), String::from_utf8_lossy(&ours.stderr));
        assert_eq!(our_err, ref_err, "stderr differs from the reference modpost");
        assert_eq!(ours.status.code(), refs.status.code(), "exit status differs");
        for f in outputs(ref_dir.path()) {
            let a = std::fs::read(ref_dir.path().join(&f)).ok();
            let b = std::fs::read(ours_dir.path().join(&f)).ok();
            assert!(a == b, "{} differs", f.display());
        }
        (refs.status.code().unwrap(), ref_err.into_owned())
    }
}

fn outputs(tree: &Path) -> Vec<PathBuf> {
    let mut v = vec![PathBuf::from("Module.symvers"), PathBuf::from(".vmlinux.export.c")];
    for entry in std::fs::read_to_string(tree.join("modules.order")).unwrap().lines() {
        v.push(PathBuf::from(format!("{}.mod.c", entry.trim_end_matches(".o"))));
    }
    v
}

const PRELUDE: &str = "#include <sample/export.h>\n#include <sample/module.h>\n#include <sample/api.h>\n";

#[test]
fn the_unmodified_sample_agrees() {
    let (code, err) = Case::new().run_both(ARGS);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn an_undefined_symbol() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "undef",
        &format!("{PRELUDE}int nobody_exports_this(int);\nstatic int f(void) {{ return nobody_exports_this(1); }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n"),
    );
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(err.contains("ERROR: modpost: \"nobody_exports_this\" [drivers/neg/undef.ko] undefined!"), "{err}");
    // -w makes it a warning and the run succeeds.
    let (code, err) = c.run_both(&[&["-w"], ARGS].concat());
    assert_eq!(code, 0);
    assert!(err.starts_with("WARNING: modpost: \"nobody_exports_this\""), "{err}");
}

#[test]
fn more_than_ten_undefined_symbols_are_suppressed() {
    let c = Case::new();
    let mut src = PRELUDE.to_string();
    let mut body = String::new();
    for i in 0..14 {
        src.push_str(&format!("int missing_{i}(void);\n"));
        body.push_str(&format!("missing_{i}() + "));
    }
    src.push_str(&format!("static int f(void) {{ return {body}0; }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n"));
    c.add_module("drivers/neg", "many", &src);
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert_eq!(err.matches("undefined!").count(), 10);
    assert!(
        err.contains("WARNING: modpost: suppressed 4 unresolved symbol warnings because there were too many)"),
        "{err}"
    );
}

#[test]
fn a_double_export() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "dup",
        &format!("{PRELUDE}int sample_strnlen_dup(void) {{ return 0; }}\nint bar_value = 1;\nEXPORT_SYMBOL(bar_value);\nMODULE_LICENSE(\"GPL\");\n"),
    );
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "ERROR: modpost: drivers/neg/dup: 'bar_value' exported twice. Previous export was in drivers/bar/bar.ko"
        ),
        "{err}"
    );
}

#[test]
fn a_gpl_only_symbol_used_by_a_non_gpl_module() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "prop",
        &format!("{PRELUDE}static struct sample_device d;\nstatic int f(void) {{ return core_register_device(&d); }}\nmodule_init(f);\nMODULE_LICENSE(\"Proprietary\");\n"),
    );
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(
        err.contains("ERROR: modpost: GPL-incompatible module prop.ko uses GPL-only symbol 'core_register_device'"),
        "{err}"
    );
}

#[test]
fn a_missing_namespace_import() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "nons",
        &format!(
            "{PRELUDE}static int f(void) {{ return ns_api_version; }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n"
        ),
    );
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "ERROR: modpost: module nons uses symbol ns_api_version from namespace SAMPLE_NS, but does not import it."
        ),
        "{err}"
    );
    // -N, and -d writes the namespace dependencies.
    let (code, _) = c.run_both(&[&["-N", "-d", "modules.nsdeps"], ARGS].concat());
    assert_eq!(code, 0);
}

#[test]
fn a_missing_crc() {
    let c = Case::new();
    let cmd = c.path().join("kernel/.core.o.cmd");
    let text = std::fs::read_to_string(&cmd).unwrap();
    let text: String =
        text.lines().filter(|l| !l.starts_with("#SYMVER core_register_device ")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&cmd, text).unwrap();
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 0);
    assert!(
        err.contains("WARNING: modpost: EXPORT symbol \"core_register_device\" [vmlinux] version generation failed"),
        "{err}"
    );
    assert!(err.contains("WARNING: modpost: \"core_register_device\" [drivers/bar/bar.ko] has no CRC!"), "{err}");
}

#[test]
fn a_missing_cmd_file() {
    let c = Case::new();
    std::fs::remove_file(c.path().join("kernel/.core.o.cmd")).unwrap();
    let (code, err) = c.run_both(ARGS);
    assert_eq!((code, err.as_str()), (1, "kernel/.core.o.cmd: No such file or directory\n"));
}

#[test]
fn a_missing_license() {
    let c = Case::new();
    c.add_module("drivers/neg", "nolic", &format!("{PRELUDE}static int f(void) {{ return 0; }}\nmodule_init(f);\n"));
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(err.contains("ERROR: modpost: missing MODULE_LICENSE() in drivers/neg/nolic.o"), "{err}");
}

#[test]
fn a_local_symbol_exported() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "local",
        &format!(
            "{PRELUDE}static int hidden(void) {{ return 3; }}\nEXPORT_SYMBOL(hidden);\nMODULE_LICENSE(\"GPL\");\n"
        ),
    );
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(err.contains("local symbol 'hidden' was exported"), "{err}");
}

#[test]
fn a_section_mismatch() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "mism",
        &format!(
            "{PRELUDE}__attribute__((section(\".init.text\"))) int setup_thing(void) {{ return 1; }}\n\
             int (*thing_hook)(void) = setup_thing;\nstatic int f(void) {{ return thing_hook(); }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n"
        ),
    );
    let (code, err) = c.run_both(ARGS);
    assert_eq!(code, 1);
    assert!(err.contains("WARNING: modpost: drivers/neg/mism: section mismatch in reference: thing_hook+0x0 (section: .data) -> setup_thing (section: .init.text)"), "{err}");
    assert!(err.contains("ERROR: modpost: Section mismatches detected."), "{err}");
    // Without -E the mismatch is a warning only.
    let no_e: Vec<&str> = ARGS.iter().copied().filter(|a| *a != "-E").collect();
    assert_eq!(c.run_both(&no_e).0, 0);
}

/// ThinLTO renames promoted locals to `name.llvm.<digits>`; modpost's whitelist glob
/// `*_ops` then misses, and it reports a false mismatch (failing the build under -E).
/// thinpost matches the whitelist against the name without the suffix; `--compat`
/// reproduces modpost exactly.
#[test]
fn llvm_renamed_ops_structs_are_whitelisted_unless_compat() {
    let c = Case::new();
    c.add_module(
        "drivers/neg",
        "renamed",
        &format!(
            "{PRELUDE}__attribute__((section(\".init.text\"))) int tcp4_proc_init_net(void) {{ return 1; }}\n\
             struct pernet_ops {{ int (*init)(void); }};\n\
             struct pernet_ops tcp4_net_ops __asm__(\"tcp4_net_ops.llvm.4753657668180294246\") = {{ .init = tcp4_proc_init_net }};\n\
             static int f(void) {{ return tcp4_net_ops.init != 0; }}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n"
        ),
    );
    let reference = corpus("tiny-6.12-dist").join("scripts/mod/modpost");
    let run_in = |mut cmd: Command| {
        let dir = fresh_copy(c.path());
        let out = cmd.args(ARGS).current_dir(dir.path()).output().unwrap();
        (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (ref_code, ref_err) = run_in(Command::new(&reference));
    assert_eq!(ref_code, 1);
    assert!(ref_err.contains("drivers/neg/renamed: section mismatch in reference: tcp4_net_ops.llvm.4753657668180294246+0x0 (section: .data) -> tcp4_proc_init_net (section: .init.text)"), "{ref_err}");

    let mut ours = thinpost();
    ours.arg("modpost");
    assert_eq!(run_in(ours), (0, String::new()));

    let mut compat = thinpost();
    compat.args(["modpost", "--compat"]);
    assert_eq!(run_in(compat), (ref_code, ref_err));
}

/// `__ex_table` entries must point into text: into `.rodata` modpost reports a
/// mismatch and "references non-executable section"; into `.altinstr_replacement`
/// it is fatal ("black-listed"). Both against the reference binary.
#[test]
fn extable_references_outside_text() {
    for (name, target_section) in [("extab", ".rodata"), ("extalt", ".altinstr_replacement")] {
        let c = Case::new();
        c.add_module(
            "drivers/neg",
            name,
            &format!(
                "{PRELUDE}static int f(void) {{\n  asm volatile(\"1: nop\\n\"\n    \".pushsection {target_section},\\\"a\\\"\\n\"\n    \"fixup_target: .byte 0\\n\"\n    \".popsection\\n\"\n    \".pushsection __ex_table,\\\"a\\\"\\n\"\n    \".long 1b - .\\n\"\n    \".long fixup_target - .\\n\"\n    \".popsection\\n\");\n  return 0;\n}}\nmodule_init(f);\nMODULE_LICENSE(\"GPL\");\n"
            ),
        );
        let (code, err) = c.run_both(ARGS);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("section mismatch in reference") && err.contains("__ex_table"), "{err}");
        let followup = if target_section == ".rodata" {
            "references non-executable section '.rodata'"
        } else {
            "which is black-listed"
        };
        assert!(err.contains(followup), "{err}");
    }
}
