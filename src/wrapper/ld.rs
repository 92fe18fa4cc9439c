//! thinpost as the linker kbuild runs (a link named `ld.lld-22` to thinpost, first in
//! `PATH` or named by `LD=`): every ThinLTO link — `vmlinux.o`, each module's `ld -r`,
//! the final links — gets its backends distributed by `thinpost dtlto` through lld's
//! DTLTO (lld 21+): `--thinlto-distributor=<thinpost> --thinlto-distributor-arg=dtlto
//! --thinlto-remote-compiler=<clang>`. The backends run with each object's own kbuild
//! flags and are served from the content-keyed store when their inputs are unchanged
//! (see [`crate::dtlto`]). A link without bitcode inputs is unaffected (lld distributes
//! nothing); `--version` probes go to lld unchanged.
//!
//! The thin-link of a distributed-ThinLTO kernel (`--thinlto-index-only`, 7.2's
//! `vmlinux.thinlto-index`) runs unchanged too, but lld rewrites every index shard
//! (`X.o.thinlto.bc`) on every link, so make finds every native older than its shard and
//! runs every backend again after any change. The shard names, with its SHA-1, every
//! module it reads (its own and each it imports from), so a shard whose bytes did not
//! change describes the same backend as before: the wrapper gives such a shard its old
//! modification time back, and make runs only the backends whose inputs changed. (The
//! backends make does run are still served from the store by the compiler wrapper.)
//!
//! The remote compiler is the clang of the linker's LLVM (`ld.lld-22` → `clang-22`),
//! or `$THINPOST_REMOTE_CC`. `THINPOST_DTLTO=0` turns the wrapper into plain lld.

use std::ffi::OsString;
use std::fs::FileTimes;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

/// Runs the linker `real` (invoked as `name`) with `args`, distributing ThinLTO
/// backends through thinpost.
pub fn run(name: &str, real: &Path, args: &[OsString]) -> ExitCode {
    if let Some(index) = thin_link_index(args) {
        return thin_link(real, args, &index);
    }
    if !wants_distribution(args) {
        return super::exec(real, args);
    }
    let compiler = std::env::var("THINPOST_REMOTE_CC").ok().filter(|c| !c.is_empty()).unwrap_or_else(|| {
        let base = name.rsplit('/').next().unwrap_or(name);
        base.replacen("ld.lld", "clang", 1)
    });
    let Some(clang) = super::real_tool(&compiler) else {
        eprintln!(
            "thinpost: error: {compiler}: not found in PATH; it runs the backends of distributed ThinLTO links \
             (set THINPOST_REMOTE_CC, or THINPOST_DTLTO=0 for plain lld)"
        );
        return ExitCode::from(1);
    };
    let me = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("thinpost: error: cannot find thinpost's own path: {e}");
            return ExitCode::from(1);
        }
    };
    let mut all: Vec<OsString> = args.to_vec();
    all.push(format!("--thinlto-distributor={}", me.display()).into());
    all.push("--thinlto-distributor-arg=dtlto".into());
    all.push(format!("--thinlto-remote-compiler={}", clang.display()).into());
    super::exec(real, &all)
}

/// The index file of a thin-link (`--thinlto-index-only=FILE`) whose shards are named
/// `X.o.thinlto.bc` beside each input (no `--thinlto-prefix-replace` or
/// `--thinlto-object-suffix-replace`), unless `THINPOST_DTLTO=0`.
fn thin_link_index(args: &[OsString]) -> Option<PathBuf> {
    if std::env::var("THINPOST_DTLTO").is_ok_and(|v| v == "0") {
        return None;
    }
    let mut index = None;
    for a in args {
        let a = a.to_str()?;
        if a.starts_with("--thinlto-prefix-replace") || a.starts_with("--thinlto-object-suffix-replace") {
            return None;
        }
        if let Some(f) = a.strip_prefix("--thinlto-index-only=") {
            index = Some(PathBuf::from(f));
        }
    }
    index
}

/// A shard as it was before the link: its contents' hash and its times.
struct ShardBefore {
    path: PathBuf,
    hash: blake3::Hash,
    modified: SystemTime,
    accessed: SystemTime,
}

/// Runs the thin-link, then gives every shard whose bytes it did not change its old
/// modification time back (see the module's documentation). The shards looked at are
/// those of the objects the previous link listed in the index file.
fn thin_link(real: &Path, args: &[OsString], index: &Path) -> ExitCode {
    let before: Vec<ShardBefore> = std::fs::read_to_string(index)
        .map(|list| list.lines().filter(|l| !l.is_empty()).filter_map(shard_before).collect())
        .unwrap_or_default();
    if let Err(code) = super::run_tool(real, args) {
        return code;
    }
    for b in &before {
        let unchanged = std::fs::read(&b.path).is_ok_and(|data| blake3::hash(&data) == b.hash);
        if unchanged {
            let times = FileTimes::new().set_modified(b.modified).set_accessed(b.accessed);
            if let Err(e) = std::fs::File::options().write(true).open(&b.path).and_then(|f| f.set_times(times)) {
                // Harmless: make runs that backend again, and the store serves it.
                eprintln!("thinpost: warning: {}: cannot keep its modification time: {e}", b.path.display());
            }
        }
    }
    ExitCode::SUCCESS
}

fn shard_before(object: &str) -> Option<ShardBefore> {
    let path = PathBuf::from(format!("{object}.thinlto.bc"));
    let meta = std::fs::metadata(&path).ok()?;
    let data = std::fs::read(&path).ok()?;
    Some(ShardBefore {
        hash: blake3::hash(&data),
        modified: meta.modified().ok()?,
        accessed: meta.accessed().ok()?,
        path,
    })
}

/// Whether a link should get thinpost as its DTLTO distributor.
fn wants_distribution(args: &[OsString]) -> bool {
    if std::env::var("THINPOST_DTLTO").is_ok_and(|v| v == "0") {
        return false;
    }
    !args.iter().any(|a| {
        let a = a.to_string_lossy();
        a.starts_with("--thinlto-index-only")
            || a.starts_with("--thinlto-distributor")
            || matches!(a.as_ref(), "--version" | "-v" | "-V" | "--help")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn which_links_are_distributed() {
        assert!(wants_distribution(&v("-m elf_x86_64 -r -o vmlinux.o --whole-archive vmlinux.a")));
        assert!(!wants_distribution(&v("-m elf_x86_64 -r --thinlto-index-only=vmlinux.thinlto-index @builtin.order")));
        assert!(!wants_distribution(&v("--version")));
        assert!(!wants_distribution(&v("-r -o x.o --thinlto-distributor=other a.o")));
    }

    #[test]
    fn thin_links() {
        let t = thin_link_index(&v("-m elf_x86_64 -r --thinlto-index-only=vmlinux.thinlto-index @builtin.order"));
        assert_eq!(t, Some(PathBuf::from("vmlinux.thinlto-index")));
        assert_eq!(thin_link_index(&v("-r -o vmlinux.o --whole-archive vmlinux.a")), None);
        assert_eq!(thin_link_index(&v("-r --thinlto-index-only=i --thinlto-prefix-replace=a;b @o")), None);
    }
}
