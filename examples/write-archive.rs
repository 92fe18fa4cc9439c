//! Writes a thin archive with thinpost's writer, for timing it against `llvm-ar cDPrST`
//! and for trying it by hand:
//!
//! ```text
//! write-archive ARCHIVE [MEMBER...]
//! write-archive ARCHIVE --list FILE                 members one per line ("-": stdin)
//! write-archive ARCHIVE --list builtin.order --thinlto-index vmlinux.thinlto-index
//! ```
//!
//! The last form does what kbuild's distributed-mode `vmlinux.a` rule does with a shell
//! loop: every object listed in the index is replaced by its `X.thinlto-native.o`. (The
//! loop's `grep -q ${obj}` matches substrings as a regex; this matches whole lines.)
//! Member names are relative to the archive's directory.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use thinpost::formats::archive_write::write_thin_archive;
use thinpost::kbuild::order::parse_object_list;

fn read_list(path: &str) -> Result<Vec<String>, String> {
    let mut data = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut data).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut data)).map(|_| ())
    };
    read.map_err(|e| format!("{path}: {e}"))?;
    parse_object_list(&data).map_err(|e| format!("{path}: {e}"))
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: write-archive ARCHIVE [MEMBER...] | ARCHIVE --list FILE [--thinlto-index FILE]";
    let archive = PathBuf::from(args.next().ok_or(usage)?);
    let rest: Vec<String> = args.collect();
    let members = match rest.first().map(String::as_str) {
        Some("--list") => {
            let mut members = read_list(rest.get(1).ok_or(usage)?)?;
            match (rest.get(2).map(String::as_str), rest.get(3)) {
                (None, _) => {}
                (Some("--thinlto-index"), Some(index)) => {
                    let index = read_list(index)?;
                    let index: HashSet<&str> = index.iter().map(String::as_str).collect();
                    for m in &mut members {
                        if index.contains(m.as_str()) {
                            *m = format!("{}.thinlto-native.o", m.strip_suffix(".o").unwrap_or(m));
                        }
                    }
                }
                _ => return Err(usage.to_string()),
            }
            members
        }
        _ => rest,
    };
    write_thin_archive(Path::new(&archive), &members).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("write-archive: {e}");
            ExitCode::FAILURE
        }
    }
}
