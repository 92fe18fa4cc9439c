//! How a compile job is run: as a plain clang process (the default); by the
//! persistent runner (`--runner persistent`, the `persistent` feature), which pays
//! clang's start-up once per worker; or by the in-process ThinLTO backend server
//! (`--runner lto`, same feature), which runs backend jobs one after another in a
//! long-lived process with LLVM's `thinBackend`, configured as in-process ld.lld.
//! All take a job as (argv, cwd) and give back a `std::process::Output`. The
//! persistent runner's outputs and messages are the clang command's byte for byte, so
//! it changes speed only; the lto runner's natives are in-process lld's (they link to
//! the same symbols and boot, but are other bytes), so its outputs are stored under
//! their own keys ([`Processes::store_key`]), and every job it does not take as lld
//! would -- or that draws a warning or error from LLVM -- runs as the clang command,
//! whose messages and status the user then sees.
//!
//! Both servers start on the first job that needs compiling (a run where everything
//! is up to date starts none). Where one cannot start -- thinpost built without the
//! feature, a compiler that cannot be preloaded, no server for the compiler's LLVM
//! major -- one warning says so and every job runs as a plain clang process.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The `--runner` choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RunnerKind {
    /// One clang process per job.
    #[default]
    Clang,
    /// Persistent clang workers, one per job slot, forking a fresh process per job.
    Persistent,
    /// LLVM's ThinLTO backend in long-lived servers, one per job slot, configured as
    /// in-process ld.lld (natives link like lld's, not byte-identical to clang's).
    Lto,
}

/// Runs the processes of jobs (see [`super::job::Runner`], which decides what runs).
pub enum Processes {
    Clang,
    Persistent(LazyPersistent),
}

/// A persistent runner (fork server or lto server), started on first use.
pub struct LazyPersistent {
    compiler: String,
    workers: usize,
    lto: bool,
    #[cfg(feature = "persistent")]
    started: OnceLock<Option<super::persistent::PersistentRunner>>,
    #[cfg(not(feature = "persistent"))]
    started: OnceLock<Option<()>>,
}

impl Processes {
    /// A runner of `kind` for jobs compiled by `compiler`, `workers` at once.
    pub fn new(kind: RunnerKind, compiler: &str, workers: usize) -> Processes {
        match kind {
            RunnerKind::Clang => Processes::Clang,
            RunnerKind::Persistent | RunnerKind::Lto => Processes::Persistent(LazyPersistent {
                compiler: compiler.to_string(),
                workers: workers.max(1),
                lto: kind == RunnerKind::Lto,
                started: OnceLock::new(),
            }),
        }
    }

    /// The key under which a job's output is stored and restored: the job's own key,
    /// except for the lto runner, whose natives are other bytes than clang's and are
    /// kept apart so that a run never restores what the other kind of runner made.
    pub fn store_key<'k>(&self, key: &'k str) -> std::borrow::Cow<'k, str> {
        match self {
            Processes::Persistent(lazy) if lazy.lto => format!("{key}-lto").into(),
            _ => key.into(),
        }
    }

    /// The lto runner's account of the jobs it handed to the clang command (options it
    /// does not take as lld would, LLVM warnings): one line, or `None` when there were
    /// none or another runner ran the jobs.
    pub fn declined_note(&self) -> Option<String> {
        let Processes::Persistent(lazy) = self else { return None };
        let n = lazy.declined().filter(|&n| n > 0 && lazy.lto)?;
        Some(format!(
            "--runner lto: {n} job{} ran as the clang command (options it does not take as lld would, \
             or a warning from LLVM, which clang then printed)",
            if n == 1 { "" } else { "s" }
        ))
    }

    /// Runs `argv` in `cwd`. The note, when there is one, says why the job did not
    /// run as asked (the persistent runner could not start, or a worker failed and the
    /// job was retried as a clang process): one line, without the `thinpost:` prefix.
    pub fn run(&self, argv: &[String], cwd: &Path) -> (std::io::Result<Output>, Option<String>) {
        match self {
            Processes::Clang => (plain(argv, cwd), None),
            Processes::Persistent(lazy) => lazy.run(argv, cwd),
        }
    }
}

impl LazyPersistent {
    #[cfg(feature = "persistent")]
    fn declined(&self) -> Option<usize> {
        self.started.get()?.as_ref().map(|r| r.declined())
    }

    #[cfg(not(feature = "persistent"))]
    fn declined(&self) -> Option<usize> {
        None
    }

    #[cfg(feature = "persistent")]
    fn run(&self, argv: &[String], cwd: &Path) -> (std::io::Result<Output>, Option<String>) {
        let mut note = None;
        let runner = self.started.get_or_init(|| {
            let (started, name) = if self.lto {
                (super::persistent::PersistentRunner::start_lto(&self.compiler, self.workers), "lto")
            } else {
                (super::persistent::PersistentRunner::start(&self.compiler, self.workers), "persistent")
            };
            match started {
                Ok(r) => Some(r),
                Err(e) => {
                    note = Some(format!("--runner {name}: {e}; running jobs as clang processes"));
                    None
                }
            }
        });
        match runner {
            Some(r) => {
                let (out, retry) = r.run_noted(argv, cwd);
                (out, retry.or(note))
            }
            None => (plain(argv, cwd), note),
        }
    }

    #[cfg(not(feature = "persistent"))]
    fn run(&self, argv: &[String], cwd: &Path) -> (std::io::Result<Output>, Option<String>) {
        let _ = (&self.compiler, self.workers);
        let mut note = None;
        self.started.get_or_init(|| {
            note = Some(format!(
                "--runner {}: this thinpost was built without the `persistent` feature; \
                 running jobs as clang processes",
                if self.lto { "lto" } else { "persistent" }
            ));
            None
        });
        (plain(argv, cwd), note)
    }
}

/// A job as a plain process.
pub fn plain(argv: &[String], cwd: &Path) -> std::io::Result<Output> {
    let Some((program, args)) = argv.split_first() else {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "empty command"));
    };
    Command::new(program).args(args).current_dir(cwd).output()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lto runner's natives are other bytes than clang's: they never share a key.
    #[test]
    fn lto_outputs_are_stored_apart() {
        let key = "0123abcd";
        let clang = Processes::new(RunnerKind::Clang, "clang-19", 2);
        let persistent = Processes::new(RunnerKind::Persistent, "clang-19", 2);
        let lto = Processes::new(RunnerKind::Lto, "clang-19", 2);
        assert_eq!(clang.store_key(key), key);
        assert_eq!(persistent.store_key(key), key);
        assert_ne!(lto.store_key(key), key);
        assert_eq!(lto.store_key(key), lto.store_key(key));
    }
}
