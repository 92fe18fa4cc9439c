//! The thin archive writer against `llvm-ar-19 cDPrST`, the command kbuild uses for
//! `vmlinux.a`: same member list, same directory, byte-identical output.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;
use thinpost::formats::archive::{parse_members, MemberData};
use thinpost::formats::archive_write::write_thin_archive;

/// `llvm-ar t` of an archive, run in its directory so the names come out as stored.
fn archive_members(archive: &Path) -> Vec<String> {
    let dir = archive.parent().unwrap();
    let out = run(Command::new(tool("AR", "llvm-ar")).arg("t").arg(archive.file_name().unwrap()).current_dir(dir));
    out.lines().map(str::to_string).collect()
}

/// Runs `llvm-ar cDPrST <name> <members...>` in `dir` on a fresh archive (kbuild removes
/// it first: `r` on an existing archive would replace members instead). The members go
/// through a response file, so 20,000 of them fit on no command line limit.
fn llvm_ar_thin(dir: &Path, name: &str, members: &[String]) -> Vec<u8> {
    let archive = dir.join(name);
    let _ = std::fs::remove_file(&archive);
    let rsp = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(rsp.path(), members.join("\n")).unwrap();
    run(Command::new(tool("AR", "llvm-ar"))
        .arg("cDPrST")
        .arg(name)
        .arg(format!("@{}", rsp.path().display()))
        .current_dir(dir));
    let bytes = std::fs::read(&archive).unwrap();
    std::fs::remove_file(&archive).unwrap();
    bytes
}

/// Writes `name` in `dir` with thinpost and returns its bytes, after checking that the
/// archive reader lists the same members, in order, pointing at the right files.
fn thinpost_thin(dir: &Path, name: &str, members: &[String]) -> Vec<u8> {
    let archive = dir.join(name);
    write_thin_archive(&archive, members).unwrap();
    let bytes = std::fs::read(&archive).unwrap();
    let read = parse_members(&archive, &bytes).unwrap();
    assert_eq!(read.len(), members.len());
    for ((got, data), want) in read.iter().zip(members) {
        assert_eq!(got, want);
        assert_eq!(data, &MemberData::External(dir.join(want)));
    }
    bytes
}

/// Asserts thinpost and a fresh llvm-ar run agree on `members` in `dir`; returns the bytes.
fn assert_same_as_llvm_ar(dir: &Path, members: &[String]) -> Vec<u8> {
    let ours = thinpost_thin(dir, "thinpost.a", members);
    let theirs = llvm_ar_thin(dir, "llvm-ar.a", members);
    if let Some(at) = ours.iter().zip(&theirs).position(|(a, b)| a != b) {
        panic!("first difference from llvm-ar at byte {at} of {}", ours.len());
    }
    assert_eq!(ours.len(), theirs.len(), "length differs from llvm-ar's");
    ours
}

/// Creates `name` under `dir` (and its directories) with `size` bytes.
fn touch(dir: &Path, name: &str, size: usize) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, vec![b'x'; size]).unwrap();
}

/// Rebuilding a kbuild tree's `vmlinux.a` from its own member list gives the file kbuild
/// wrote, and the file llvm-ar-19 writes today.
fn assert_rebuilds_vmlinux_a(tree: &Path, expected_members: usize) {
    let members = archive_members(&tree.join("vmlinux.a"));
    assert_eq!(members.len(), expected_members);
    let copy = fresh_copy(tree);
    let ours = assert_same_as_llvm_ar(copy.path(), &members);
    let kbuilds = std::fs::read(tree.join("vmlinux.a")).unwrap();
    assert!(ours == kbuilds, "differs from the tree's own vmlinux.a");
}

#[test]
fn dist_vmlinux_a_rebuilt_byte_identical() {
    // tiny-6.12-dist's vmlinux.a came from kbuild's loop over builtin.order piped into
    // `xargs llvm-ar cDPrST vmlinux.a` (see its .vmlinux.a.cmd).
    let tree = corpus("tiny-6.12-dist");
    let cmd = std::fs::read_to_string(tree.join(".vmlinux.a.cmd")).unwrap();
    assert!(cmd.contains("xargs llvm-ar cDPrST vmlinux.a"), "{cmd}");
    assert_rebuilds_vmlinux_a(&tree, 676);
}

#[test]
fn sample_tree_vmlinux_a_rebuilt_byte_identical() {
    assert_rebuilds_vmlinux_a(&sample_tree(), 10);
}

#[test]
fn twenty_thousand_nested_members() {
    let dir = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for i in 0..20_000usize {
        // Short names at the top and a few levels down, and long kernel-like paths.
        let name = match i % 4 {
            0 => format!("o{i}.o"),
            1 => format!("d{}/x{i}.o", i % 7),
            2 => format!("drivers/net/ethernet/vendor{}/chip{}/a_rather_long_object_name_{i}.o", i % 13, i % 5),
            _ => format!("fs/sub{}/deeper/level/m{i}.thinlto-native.o", i % 11),
        };
        touch(dir.path(), &name, i % 37);
        members.push(name);
    }
    assert_same_as_llvm_ar(dir.path(), &members);
}

#[test]
fn names_around_sixteen_characters_and_odd_sizes() {
    let dir = tempfile::tempdir().unwrap();
    // 15 and 16 characters are where regular GNU archives switch from the header's name
    // field to the name table; thin archives put every name in the table.
    let names = [
        "fifteen_chars.o",
        "sixteen_chars_.o",
        "fourteen_chr.o",
        "seventeen_chars.o",
        "d/fifteen_char.o",
        "a.o",
        "b",
        "zero.o",
        "fifteen_chr_2.o",
    ];
    let lengths: Vec<usize> = names.iter().map(|n| n.len()).collect();
    assert_eq!(lengths, [15, 16, 14, 17, 16, 3, 1, 6, 15]);
    let sizes = [1, 2, 3, 12345, 9999, 0, 7, 65535, 0];
    for (n, s) in names.iter().zip(sizes) {
        touch(dir.path(), n, s);
    }
    let members: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    assert_same_as_llvm_ar(dir.path(), &members);
    // Odd and even name-table lengths (the table is padded with "\n" to even).
    assert_same_as_llvm_ar(dir.path(), &members[..1]);
    assert_same_as_llvm_ar(dir.path(), &members[1..2]);
    // A member listed twice is kept twice.
    let twice = vec!["a.o".to_string(), "b".to_string(), "a.o".to_string()];
    assert_same_as_llvm_ar(dir.path(), &twice);
}

#[test]
fn no_members_is_the_magic_alone() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = assert_same_as_llvm_ar(dir.path(), &[]);
    assert_eq!(bytes, b"!<thin>\n");
}

#[test]
fn symlinked_member_takes_its_target_size() {
    let dir = tempfile::tempdir().unwrap();
    touch(dir.path(), "real/obj.o", 333);
    std::os::unix::fs::symlink("real/obj.o", dir.path().join("link.o")).unwrap();
    assert_same_as_llvm_ar(dir.path(), &["link.o".to_string(), "real/obj.o".to_string()]);
}

/// Writes `members` over an existing archive and returns the error text, after checking
/// the old archive is intact and no temporary file is left.
fn refused(members: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    touch(dir.path(), "ok.o", 4);
    let archive: PathBuf = dir.path().join("vmlinux.a");
    std::fs::write(&archive, b"old contents").unwrap();
    let members: Vec<String> = members.iter().map(|s| s.to_string()).collect();
    let err = write_thin_archive(&archive, &members).unwrap_err().to_string();
    assert_eq!(std::fs::read(&archive).unwrap(), b"old contents");
    let mut left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    left.sort();
    assert_eq!(left, ["ok.o", "vmlinux.a"]);
    err
}

#[test]
fn refuses_paths_that_leave_the_objtree() {
    let err = refused(&["ok.o", "/abs/path.o"]);
    assert!(err.contains("vmlinux.a") && err.contains("`/abs/path.o`") && err.contains("absolute"), "{err}");
    let err = refused(&["ok.o", "../outside.o"]);
    assert!(err.contains("`../outside.o`") && err.contains("`..`"), "{err}");
    let err = refused(&["lib/../../outside.o"]);
    assert!(err.contains("`lib/../../outside.o`"), "{err}");
}

#[test]
fn refuses_names_llvm_ar_would_record_differently() {
    for bad in ["./ok.o", "lib//ok.o", "lib/./ok.o", ""] {
        let err = refused(&["ok.o", bad]);
        assert!(err.contains(&format!("`{bad}`")), "{err}");
    }
    let err = refused(&["ok\n.o"]);
    assert!(err.contains("`ok\\n.o`") && err.contains("newline"), "{err}");
}

#[test]
fn missing_or_odd_members_are_errors_naming_the_file() {
    let err = refused(&["ok.o", "init/missing.o"]);
    assert!(err.contains("init/missing.o"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("adir")).unwrap();
    let err = write_thin_archive(&dir.path().join("x.a"), &["adir".to_string()]).unwrap_err().to_string();
    assert!(err.contains("adir") && err.contains("not a regular file"), "{err}");
    assert!(!dir.path().join("x.a").exists());
}
