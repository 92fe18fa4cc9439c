//! How a compile job is run: as a plain clang process (the default), or by the
//! persistent runner (`--runner persistent`, the `persistent` feature), which pays
//! clang's start-up once per worker. Both take a job as (argv, cwd) and give back a
//! `std::process::Output`; the persistent runner's outputs and messages are the clang
//! command's byte for byte, so the choice changes speed only.
//!
//! The persistent runner starts on the first job that needs compiling (a run where
//! everything is up to date starts no worker). Where it cannot start -- thinpost built
//! without the feature, or a compiler that cannot be preloaded -- one warning says so
//! and every job runs as a plain clang process.

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
}

/// Runs the processes of jobs (see [`super::job::Runner`], which decides what runs).
pub enum Processes {
    Clang,
    Persistent(LazyPersistent),
}

/// The persistent runner, started on first use.
pub struct LazyPersistent {
    compiler: String,
    workers: usize,
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
            RunnerKind::Persistent => Processes::Persistent(LazyPersistent {
                compiler: compiler.to_string(),
                workers: workers.max(1),
                started: OnceLock::new(),
            }),
        }
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
    fn run(&self, argv: &[String], cwd: &Path) -> (std::io::Result<Output>, Option<String>) {
        let mut note = None;
        let runner = self.started.get_or_init(|| {
            match super::persistent::PersistentRunner::start(&self.compiler, self.workers) {
                Ok(r) => Some(r),
                Err(e) => {
                    note = Some(format!("--runner persistent: {e}; running jobs as clang processes"));
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
            note = Some(
                "--runner persistent: this thinpost was built without the `persistent` feature; \
                 running jobs as clang processes"
                    .to_string(),
            );
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
