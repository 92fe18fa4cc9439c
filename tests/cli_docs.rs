//! Man pages and shell completions are generated from the clap definitions, so they
//! cannot drift from the command line: one page per command, completions that know
//! every command and option.

mod support;

use support::*;

const COMMANDS: &[&str] = &["scan", "verify", "build", "dtlto", "index", "backend", "archive", "gate", "modpost"];

#[test]
fn a_man_page_for_thinpost_and_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = thinpost().arg("man").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let top = std::fs::read_to_string(dir.path().join("thinpost.1")).unwrap();
    assert!(top.starts_with(".ie"), "roff: {}", &top[..top.len().min(80)]);
    for c in COMMANDS {
        let page = std::fs::read_to_string(dir.path().join(format!("thinpost-{c}.1"))).unwrap();
        assert!(page.contains(&format!("thinpost\\-{c}")), "thinpost-{c}.1 names its command");
        assert!(top.contains(c), "thinpost.1 lists {c}");
    }
    let verify = std::fs::read_to_string(dir.path().join("thinpost-verify.1")).unwrap();
    assert!(verify.contains("\\-\\-strict"), "options are documented");
}

#[test]
fn completions_know_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = thinpost().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let script = String::from_utf8(out.stdout).unwrap();
        for c in COMMANDS {
            assert!(script.contains(c), "{shell} completion lacks {c}");
        }
        assert!(script.contains("baseline-symtypes"), "{shell} completion lacks gate's options");
    }
    let out = thinpost().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown shell is bad usage");
}
