//! `thinpost verify` on real trees: the distributed corpus verifies clean, and each
//! check fails on a sample tree (run through the real pipeline) broken the way it
//! describes, with the real clang-19.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::*;

/// testdata/sample copied (tree + src), then thin-linked and compiled to natives.
fn distributed_sample() -> (tempfile::TempDir, PathBuf) {
    let (tmp, tree) = sample_copy();
    pipeline(&tree, &["index", "backend"]);
    (tmp, tree)
}

/// Runs pipeline stages with the real toolchain.
fn pipeline(tree: &Path, stages: &[&str]) {
    for stage in stages {
        let out = thinpost()
            .arg(stage)
            .arg(tree)
            .env("CC", tool("CC", "clang"))
            .env("LD", tool("LD", "ld.lld"))
            .env_remove("MAKEFLAGS")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn verify(tree: &Path, extra: &[&str]) -> (i32, String) {
    let out: Output = thinpost().arg("verify").args(extra).arg(tree).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

fn assert_finding(tree: &Path, extra: &[&str], needle: &str) -> String {
    let (code, text) = verify(tree, extra);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains(needle), "no `{needle}` in:\n{text}");
    text
}

/// Adds module `drivers/neg/<name>.ko` compiled by clang-19 from `source`.
fn add_module(tree: &Path, name: &str, source: &str) {
    let include = root().join("testdata/sample/src/include");
    let dir = tree.join("drivers/neg");
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join(format!("{name}.c"));
    std::fs::write(
        &src,
        format!("#include <sample/export.h>\n#include <sample/module.h>\n#include <sample/api.h>\n{source}"),
    )
    .unwrap();
    let obj = format!("drivers/neg/{name}.o");
    compile_sample_module(tree, &include, &src, &obj, name);
    std::fs::write(dir.join(format!("{name}.mod")), format!("{obj}\n")).unwrap();
    std::fs::write(dir.join(format!(".{name}.o.cmd")), format!("savedcmd_{obj} := clang-19 -c -o {obj}\n")).unwrap();
    let mut order = std::fs::read_to_string(tree.join("modules.order")).unwrap();
    order.push_str(&format!("{obj}\n"));
    std::fs::write(tree.join("modules.order"), order).unwrap();
}

#[test]
fn the_distributed_sample_verifies_clean() {
    let (_tmp, tree) = distributed_sample();
    let (code, text) = verify(&tree, &["--strict"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}

#[test]
fn a_missing_native() {
    let (_tmp, tree) = distributed_sample();
    std::fs::remove_file(tree.join("kernel/core.thinlto-native.o")).unwrap();
    assert_finding(&tree, &[], "[coverage.missing-native] kernel/core.o: no native kernel/core.thinlto-native.o");
}

#[test]
fn a_stale_native_unless_its_recorded_key_still_matches() {
    let (_tmp, tree) = distributed_sample();
    let native = tree.join("kernel/core.thinlto-native.o");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(&native).unwrap().set_modified(old).unwrap();
    // The pipeline recorded the content key it built the native from: still fresh.
    let (code, text) = verify(&tree, &[]);
    assert_eq!(code, 0, "{text}");
    // Without that record, the mtime decides.
    std::fs::remove_dir_all(tree.join(".thinpost-cache")).unwrap();
    assert_finding(&tree, &[], "[coverage.stale-native] kernel/core.thinlto-native.o, kernel/core.o");
}

#[test]
fn a_native_built_from_bitcode_without_the_export() {
    let (_tmp, tree) = distributed_sample();
    // Rebuild kernel/nsapi.o's bitcode with one export removed, run the real
    // thin-link and backends on it, then put the original bitcode back.
    let cmd = thinpost::kbuild::cmd::parse_cmd(&std::fs::read(tree.join("kernel/.nsapi.o.cmd")).unwrap()).unwrap();
    let src = tree.join("../src/kernel/nsapi.c");
    let original = std::fs::read_to_string(&src).unwrap();
    let stripped: String =
        original.lines().filter(|l| !l.contains("EXPORT_SYMBOL_NS(ns_api_version")).map(|l| format!("{l}\n")).collect();
    assert_ne!(stripped.len(), original.len(), "the source no longer has that export");
    std::fs::write(&src, stripped).unwrap();
    let ir = tree.join("kernel/nsapi.o");
    let saved = std::fs::read(&ir).unwrap();
    run(Command::new("sh").arg("-c").arg(cmd.savedcmd.as_deref().unwrap()).current_dir(&tree));
    pipeline(&tree, &["index", "backend"]);
    std::fs::write(&ir, saved).unwrap();
    let native = tree.join("kernel/nsapi.thinlto-native.o");
    std::fs::File::options().write(true).open(&native).unwrap().set_modified(std::time::SystemTime::now()).unwrap();
    assert_finding(&tree, &[], "[export.label-missing] kernel/nsapi.o, kernel/nsapi.thinlto-native.o: the native's .export_symbol has no `__export_symbol_ns_api_version`");
}

#[test]
fn a_dropped_symver_line() {
    let (_tmp, tree) = distributed_sample();
    let cmd = tree.join("kernel/.core.o.cmd");
    let text: String = std::fs::read_to_string(&cmd)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("#SYMVER core_device_count "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&cmd, text).unwrap();
    // modpost only warns ("version generation failed"), so verify does too.
    let (code, text) = verify(&tree, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: [crc.missing] kernel/core.thinlto-native.o: `core_device_count` has no #SYMVER CRC"),
        "{text}"
    );
    assert_finding(
        &tree,
        &["--strict"],
        "[crc.missing] kernel/core.thinlto-native.o: `core_device_count` has no #SYMVER CRC",
    );
}

#[test]
fn the_same_symbol_exported_twice() {
    let (_tmp, tree) = distributed_sample();
    add_module(&tree, "dup", "int sample_panic_dup;\nunsigned int core_device_count = 3;\nEXPORT_SYMBOL(core_device_count);\nMODULE_LICENSE(\"GPL\");\n");
    assert_finding(
        &tree,
        &[],
        "[export.duplicate] kernel/core.thinlto-native.o, drivers/neg/dup.o: `core_device_count` is exported by both",
    );
}

#[test]
fn a_module_importing_what_nobody_exports() {
    let (_tmp, tree) = distributed_sample();
    add_module(
        &tree,
        "imp",
        "int ghost_api(void);\nint use_it(void);\nint use_it(void) { return ghost_api(); }\nMODULE_LICENSE(\"GPL\");\n",
    );
    assert_finding(
        &tree,
        &[],
        "[module.unresolved-import] drivers/neg/imp.o: `ghost_api` is exported by neither vmlinux nor any module",
    );
}

/// `count_bytes` is a static helper of lib/string.c that ThinLTO imports into another
/// object, so it is promoted and renamed `count_bytes.llvm.<digits>`.
#[test]
fn a_keep_listed_static_function_renamed_by_promotion() {
    let (tmp, tree) = distributed_sample();
    let keep = tmp.path().join("keep.txt");
    std::fs::write(&keep, "# livepatch targets\ncount_bytes\n").unwrap();
    let text = assert_finding(
        &tree,
        &["--keep", keep.to_str().unwrap()],
        "[rename.kept-symbol] lib/string.thinlto-native.o: `count_bytes` was renamed `count_bytes.llvm.",
    );
    assert!(text.contains("it is on the keep list"), "{text}");
}

#[test]
fn json_output_and_bad_input() {
    let (_tmp, tree) = distributed_sample();
    std::fs::remove_file(tree.join("kernel/core.thinlto-native.o")).unwrap();
    let out = thinpost().args(["verify", "--json"]).arg(&tree).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The missing native, then what it leaves undefined for the rest of the link.
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 1);
    assert_eq!(v["findings"][0]["check"], "coverage.missing-native");
    assert_eq!(v["findings"][0]["objects"][0], "kernel/core.o");
    // A truncated native: a finding against it, with the offset where reading stopped.
    let native = tree.join("lib/string.thinlto-native.o");
    let data = std::fs::read(&native).unwrap();
    std::fs::write(&native, &data[..100]).unwrap();
    let (code, text) = verify(&tree, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("[coverage.not-relocatable] lib/string.thinlto-native.o: ") && !text.contains("panicked"),
        "{text}"
    );
    // A tree without its objects' .cmd files is unusable input: exit 2, the file named.
    std::fs::remove_file(tree.join("lib/.string.o.cmd")).unwrap();
    let (code, text) = verify(&tree, &[]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("lib/.string.o.cmd"), "{text}");
}

/// A `#SYMVER` CRC that is not what genksyms' expansion of the `.symtypes` hashes to:
/// the `.cmd` file is stale, and modules built against it would be refused.
#[test]
fn a_stale_crc_against_its_symtypes() {
    let (_tmp, tree) = distributed_sample();
    let cmd = tree.join("kernel/.core.o.cmd");
    let text = std::fs::read_to_string(&cmd).unwrap();
    let line = text.lines().find(|l| l.starts_with("#SYMVER core_register_device ")).unwrap().to_string();
    std::fs::write(&cmd, text.replace(&line, "#SYMVER core_register_device 0x12345678")).unwrap();
    // Written by another run than the .symtypes beside it (verify expands only such pairs).
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(tree.join("kernel/core.symtypes")).unwrap().set_modified(old).unwrap();
    let text = assert_finding(&tree, &[], "[crc.stale] kernel/.core.o.cmd, kernel/core.symtypes: `core_register_device`: #SYMVER CRC 0x12345678 is not genksyms' CRC");
    assert!(text.contains(&format!("({})", line.rsplit(' ').next().unwrap())), "{text}");
}
