//! thinpost as the linker kbuild runs (a link named `ld.lld-22` to thinpost, first in
//! `PATH` or named by `LD=`): every ThinLTO link — `vmlinux.o`, each module's `ld -r`,
//! the final links — gets its backends distributed by `thinpost dtlto` through lld's
//! DTLTO (lld 21+): `--thinlto-distributor=<thinpost> --thinlto-distributor-arg=dtlto
//! --thinlto-remote-compiler=<clang>`. The backends run with each object's own kbuild
//! flags and are served from the content-keyed store when their inputs are unchanged
//! (see [`crate::dtlto`]). A link without bitcode inputs is unaffected (lld distributes
//! nothing); the thin-link of a distributed-ThinLTO kernel
//! (`--thinlto-index-only`) and `--version` probes go to lld unchanged.
//!
//! The remote compiler is the clang of the linker's LLVM (`ld.lld-22` → `clang-22`),
//! or `$THINPOST_REMOTE_CC`. `THINPOST_DTLTO=0` turns the wrapper into plain lld.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

/// Runs the linker `real` (invoked as `name`) with `args`, distributing ThinLTO
/// backends through thinpost.
pub fn run(name: &str, real: &Path, args: &[OsString]) -> ExitCode {
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
}
