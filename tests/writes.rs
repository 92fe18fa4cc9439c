//! Outputs and what they replace: a regular file (or a new one) is replaced atomically;
//! a character device or FIFO is written through; a symlink is followed and its target
//! replaced; `/dev/stdout` in a pipe reaches the pipe. Run on the sample tree with
//! `thinpost modpost -o` and `thinpost gate -f FORMAT=FILE`.

mod support;

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Command, Stdio};

use support::*;

const MODPOST: &[&str] = &["modpost", "-M", "-m", "-E", "-T", "modules.order", "vmlinux.o", "-o"];

fn modpost_to(tree: &Path, out: &Path) -> std::process::Output {
    thinpost().args(MODPOST).arg(out).current_dir(tree).output().unwrap()
}

fn golden_symvers() -> Vec<u8> {
    std::fs::read(sample_tree().join("Module.symvers")).unwrap()
}

#[test]
fn a_character_device_is_written_through_not_replaced() {
    let (_tmp, tree) = sample_copy();
    let dev = tree.join("null-device");
    let made = Command::new("mknod").arg(&dev).args(["c", "1", "3"]).status().unwrap();
    if !made.success() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let out = modpost_to(&tree, &dev);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta = std::fs::symlink_metadata(&dev).unwrap();
    assert!(meta.file_type().is_char_device(), "the device node was replaced by a {:?}", meta.file_type());
}

#[test]
fn a_fifo_is_written_through() {
    let (_tmp, tree) = sample_copy();
    let fifo = tree.join("symvers.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut data = Vec::new();
            std::fs::File::open(&fifo).unwrap().read_to_end(&mut data).unwrap();
            data
        })
    };
    let out = modpost_to(&tree, &fifo);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(reader.join().unwrap(), golden_symvers());
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_symlink_is_followed_and_its_target_replaced() {
    let (_tmp, tree) = sample_copy();
    std::fs::create_dir_all(tree.join("out")).unwrap();
    std::fs::write(tree.join("out/real.symvers"), b"stale\n").unwrap();
    std::os::unix::fs::symlink("out/real.symvers", tree.join("link.symvers")).unwrap();
    let out = modpost_to(&tree, &tree.join("link.symvers"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(tree.join("link.symvers")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(tree.join("out/real.symvers")).unwrap(), golden_symvers());
}

#[test]
fn a_regular_file_is_replaced_atomically() {
    let (_tmp, tree) = sample_copy();
    let target = tree.join("Module.symvers");
    std::fs::write(&target, b"old\n").unwrap();
    // A reader that opened the old file keeps seeing the old contents: the new file is
    // a new inode renamed over it, never the old one rewritten in place.
    let mut held = std::fs::File::open(&target).unwrap();
    let out = modpost_to(&tree, &target);
    assert!(out.status.success());
    let mut old = String::new();
    held.read_to_string(&mut old).unwrap();
    assert_eq!(old, "old\n");
    assert_eq!(std::fs::read(&target).unwrap(), golden_symvers());
}

#[test]
fn gate_json_to_dev_stdout_in_a_pipe() {
    let (_tmp, tree) = sample_copy();
    let child = thinpost()
        .args(["gate", "--baseline", "Module.symvers", "--current", "Module.symvers", "-f", "json=/dev/stdout"])
        .current_dir(&tree)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the report reached the pipe");
    assert!(json.is_object());
    assert!(Path::new("/dev/stdout").exists(), "/dev/stdout is still there");
}

#[test]
fn gate_sarif_to_dev_null() {
    let (_tmp, tree) = sample_copy();
    let out = thinpost()
        .args(["gate", "--baseline", "Module.symvers", "--current", "Module.symvers", "-f", "sarif=/dev/null"])
        .current_dir(&tree)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}
