//! thinpost inside kbuild as the compiler and the linker it runs, the way kbuild users
//! already put ccache there:
//!
//! - `make CC="thinpost cc clang-22" LD=…`: the `cc` and `ld` subcommands take the real
//!   tool as their first argument;
//! - masquerading (ccache's symlink mode): a directory of links named like the tools
//!   (`clang-22`, `ld.lld-22` → thinpost) first in `PATH`, or named by `CC=`/`LD=`.
//!   Invoked under a tool's name, thinpost runs the next program of that name in `PATH`
//!   that is not itself. kbuild passes `$(LD)` as `--ld-path=$(LD)` to clang for user
//!   programs, so `LD` must be one word: a link is the way to wrap the linker.
//!
//! What each does is in [`cc`] and [`ld`]; everything else is passed to the real tool
//! unchanged (`exec`, so `--version`, `-E` and Kconfig's probes see the real tool).

pub mod cc;
pub mod ld;

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Which tool a masquerading link stands for, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// `clang`, `clang-22`.
    Compiler,
    /// `ld.lld`, `ld.lld-22`.
    Linker,
}

impl Tool {
    /// The tool a program name stands for (`clang-22` → compiler), if any.
    pub fn from_name(name: &str) -> Option<Tool> {
        let version_ok = |rest: &str| {
            rest.is_empty()
                || rest.strip_prefix('-').is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty())
        };
        if let Some(rest) = name.strip_prefix("clang") {
            return version_ok(rest).then_some(Tool::Compiler);
        }
        if let Some(rest) = name.strip_prefix("ld.lld") {
            return version_ok(rest).then_some(Tool::Linker);
        }
        None
    }
}

/// The real program `name` names: the first of that name in `PATH` (or the path itself)
/// that is not thinpost, so a masquerading link never runs itself.
pub fn real_tool(name: &str) -> Option<PathBuf> {
    let me = std::env::current_exe().ok().and_then(|p| p.canonicalize().ok());
    let not_me = |p: &Path| p.is_file() && p.canonicalize().ok() != me;
    if name.contains('/') {
        let p = PathBuf::from(name);
        return not_me(&p).then_some(p);
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| not_me(p))
}

/// Replaces this process with `program args` (returns only when that fails).
fn exec(program: &Path, args: &[OsString]) -> ExitCode {
    let err = Command::new(program).args(args).exec();
    eprintln!("thinpost: error: cannot run {}: {err}", program.display());
    ExitCode::from(127)
}

/// Runs `program args` to its end: `Err` with the exit status to pass on when it could
/// not start (127) or did not succeed (its status; 1 for a signal).
fn run_tool(program: &Path, args: &[OsString]) -> Result<(), ExitCode> {
    match Command::new(program).args(args).status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(ExitCode::from(s.code().map_or(1, |c| c.clamp(1, 255) as u8))),
        Err(e) => {
            eprintln!("thinpost: error: cannot run {}: {e}", program.display());
            Err(ExitCode::from(127))
        }
    }
}

/// `thinpost cc COMPILER ARGS…` / `thinpost ld LINKER ARGS…`, or a masquerading link
/// invoked as `name` with `args`.
pub fn run(tool: Tool, name: &str, args: &[OsString]) -> ExitCode {
    let Some(real) = real_tool(name) else {
        eprintln!("thinpost: error: {name}: no such program in PATH (other than thinpost itself)");
        return ExitCode::from(127);
    };
    match tool {
        Tool::Compiler => cc::run(&real, args),
        Tool::Linker => ld::run(name, &real, args),
    }
}

/// The store the wrappers share with `thinpost dtlto`: `$THINPOST_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/thinpost`, else `~/.cache/thinpost`.
pub fn store() -> crate::Result<crate::pipeline::cache::Cache> {
    crate::pipeline::cache::Cache::open(&crate::dtlto::default_cache_dir(), crate::pipeline::cache::DEFAULT_MAX_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names() {
        assert_eq!(Tool::from_name("clang"), Some(Tool::Compiler));
        assert_eq!(Tool::from_name("clang-22"), Some(Tool::Compiler));
        assert_eq!(Tool::from_name("ld.lld-19"), Some(Tool::Linker));
        assert_eq!(Tool::from_name("ld.lld"), Some(Tool::Linker));
        assert_eq!(Tool::from_name("clang++"), None);
        assert_eq!(Tool::from_name("clang-"), None);
        assert_eq!(Tool::from_name("clang-cpp"), None);
        assert_eq!(Tool::from_name("thinpost"), None);
    }
}
