//! The gate on a real CRC change: two versions of a small tree built by
//! `testdata/gate/gen.sh` with clang-19 and the kernel's own genksyms and modpost (from
//! the tiny-6.12 corpus). In v2, struct gate_request, the argument of the exported
//! gate_submit(), gains a member.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gate(dir: &Path, args: &[&str]) -> Outcome {
    let out = thinpost().current_dir(dir).arg("gate").args(args).output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const CHANGE: &str = "KABI: symbol gate_submit(mod:vmlinux) changed crc from 0x";
const CAUSE: &str = ": s#gate_request: member added: unsigned long flags";

#[test]
fn genksyms_gives_gate_submit_a_new_crc_and_nothing_else() {
    let dir = gate_sample_trees();
    let v1 = read_symvers(&dir.join("v1/Module.symvers"));
    let v2 = read_symvers(&dir.join("v2/Module.symvers"));
    assert_eq!(v1.len(), 4);
    for (a, b) in v1.iter().zip(&v2) {
        assert_eq!(a.1, b.1);
        assert_ne!(a.0, 0, "{}: modpost wrote no CRC", a.1);
        assert_eq!(a.0 == b.0, a.1 != "gate_submit", "{}", a.1);
    }
}

#[test]
fn crc_change_is_reported_and_explained_by_the_struct() {
    let dir = gate_sample_trees();
    let o = gate(
        dir,
        &[
            "--baseline",
            "v1/Module.symvers",
            "--baseline-symtypes",
            "v1",
            "--current",
            "v2/Module.symvers",
            "--current-symtypes",
            "v2",
        ],
    );
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stdout);
    assert!(lines[0].starts_with(CHANGE) && lines[0].ends_with(CAUSE), "{}", lines[0]);
    assert_eq!(lines[1], "gate: 4 symbols checked, 1 failing, 0 tolerated, 0 warnings, 0 notes: FAIL");
}

#[test]
fn objtree_mode_scans_the_tree_and_verifies_both_crcs() {
    let dir = gate_sample_trees();
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--baseline-symtypes", "v1", "v2", "--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["verdict"], "fail");
    assert_eq!(json["current"]["source"]["kind"], "objtree");
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!((f["kind"].as_str(), f["symbol"].as_str()), (Some("crc-changed"), Some("gate_submit")));
    // The current side points at genksyms' #SYMVER line in the .cmd file.
    assert!(f["current"]["origin"]["file"].as_str().unwrap().ends_with("kernel/.gate.o.cmd"));
    let e = &f["explanation"];
    assert_eq!(e["verified"], true, "{e:#}");
    // Both sides' expansions, rebuilt from .symtypes, hash to what genksyms wrote.
    for side in ["baseline", "current"] {
        assert_eq!(e[side]["recomputed"], e[side]["symver"], "{side}");
        assert_eq!(e[side]["recomputed"], e[side]["expected"], "{side}");
    }
    assert_eq!(e["changes"][0]["key"], "s#gate_request");
    assert_eq!(e["changes"][0]["details"][0], "member added: unsigned long flags");
}

#[test]
fn a_rule_that_passes_the_symbol_tolerates_the_change() {
    let dir = gate_sample_trees();
    let rules = dir.join("severities");
    std::fs::write(&rules, "# kabi.pl rules\ngate_pending FAIL\ngate_* PASS\n").unwrap();
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--baseline-symtypes", "v1", "--rules", "severities", "v2"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let line = o.stdout.lines().next().unwrap();
    assert!(line.starts_with(CHANGE), "{line}");
    assert!(line.ends_with(&format!("{CAUSE} (tolerated: severities:3: gate_* PASS)")), "{line}");
    assert!(o.stdout.ends_with("0 failing, 1 tolerated, 0 warnings, 0 notes: PASS\n"), "{}", o.stdout);
}

#[test]
fn a_stablelist_fails_only_the_symbols_it_names() {
    let dir = gate_sample_trees();
    std::fs::write(dir.join("stable-submit"), "[abi_symbol_list]\n  gate_submit\n").unwrap();
    std::fs::write(dir.join("stable-reset"), "gate_reset\n").unwrap();
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--stablelist", "stable-submit", "v2"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("(failed by stable-submit:2: gate_submit (stablelist))"), "{}", o.stdout);
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--stablelist", "stable-reset", "v2"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("(tolerated: not on the stablelist)"), "{}", o.stdout);
}

#[test]
fn a_stale_symtypes_is_reported_as_stale() {
    let dir = gate_sample_trees();
    let stale = dir.join("v2-stale");
    let _ = std::fs::remove_dir_all(&stale);
    run(Command::new("cp").arg("-a").arg(dir.join("v2")).arg(&stale));
    // The .symtypes no longer matches the #SYMVER line genksyms wrote for it.
    let st = stale.join("kernel/gate.symtypes");
    let text = std::fs::read_to_string(&st).unwrap().replace("unsigned long flags ;", "unsigned long flags2 ;");
    std::fs::write(&st, text).unwrap();
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--baseline-symtypes", "v1", "v2-stale"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let stale_line = o.stdout.lines().find(|l| l.starts_with("KABI: warning:")).expect(&o.stdout);
    assert!(stale_line.contains("v2-stale/kernel/gate.symtypes:"), "{stale_line}");
    assert!(stale_line.ends_with("the .symtypes or .cmd file is stale"), "{stale_line}");
    assert!(o.stdout.contains("flags2 [unverified: the .symtypes do not reproduce the compared CRCs]"), "{}", o.stdout);
}

#[test]
fn unchanged_tree_passes_in_objtree_mode() {
    let dir = gate_sample_trees();
    let o = gate(dir, &["--baseline", "v2/Module.symvers", "--baseline-symtypes", "v2", "v2"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(o.stdout, "gate: 4 symbols checked, 0 failing, 0 tolerated, 0 warnings, 0 notes: PASS\n");
}

#[test]
fn a_tree_without_symtypes_leaves_the_change_unexplained() {
    let dir = gate_sample_trees();
    let bare = dir.join("v2-bare");
    let _ = std::fs::remove_dir_all(&bare);
    run(Command::new("cp").arg("-a").arg(dir.join("v2")).arg(&bare));
    std::fs::remove_file(bare.join("kernel/gate.symtypes")).unwrap();
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--baseline-symtypes", "v1", "v2-bare"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let line = o.stdout.lines().next().unwrap();
    assert!(line.starts_with(CHANGE), "{line}");
    assert!(line.ends_with(" (no explanation: no .symtypes declares gate_submit in the current build)"), "{line}");
    // Explaining needs the baseline's .symtypes.
    let o = gate(dir, &["--baseline", "v1/Module.symvers", "--current-symtypes", "v2", "v2"]);
    assert_eq!(o.code, 2);
}
