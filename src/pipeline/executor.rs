//! Runs independent jobs in parallel: at most `-j N` at once, or, under make, as many
//! as make's jobserver hands out tokens for.
//!
//! Jobs are started largest first (they dominate the wall time). A failure stops new
//! jobs from starting unless `keep_going`; jobs already running finish.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many jobs may run at once.
pub enum Parallelism {
    /// A fixed limit (`-j N`).
    Jobs(usize),
    /// make's jobserver: one implicit token, plus one acquired per extra job; at most
    /// `max` jobs at once (threads we are willing to start).
    Jobserver { client: jobserver::Client, max: usize },
}

impl std::fmt::Debug for Parallelism {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Parallelism::Jobs(n) => write!(f, "-j{n}"),
            Parallelism::Jobserver { max, .. } => write!(f, "jobserver (max {max})"),
        }
    }
}

/// What the jobserver environment offers.
#[derive(Clone)]
pub enum JobserverState {
    /// No jobserver in `MAKEFLAGS`.
    Absent,
    /// A usable jobserver.
    Usable(jobserver::Client),
    /// `MAKEFLAGS` names a jobserver whose descriptors are not open here: GNU make 4.3
    /// closes them for recipe lines without the `+` prefix.
    Unusable(String),
}

static JOBSERVER: std::sync::OnceLock<JobserverState> = std::sync::OnceLock::new();

/// Takes make's jobserver from the environment, once. `thinpost`'s `main` calls it first
/// thing, before anything opens a file, for the commands that run jobs; later calls (and
/// [`detect_jobserver`]) return what it found.
pub fn take_jobserver() -> JobserverState {
    JOBSERVER
        .get_or_init(|| {
            // SAFETY: `from_env_ext` adopts the descriptors MAKEFLAGS names. Called first
            // in `main` (see `cli::main`), no descriptor of this process other than the
            // standard three is open yet, so those numbers cannot alias a file of ours;
            // `from_env_ext(true)` checks that they are pipes or FIFOs, so a recipe run
            // without `+` (descriptors closed by make) is seen as unusable.
            let env = unsafe { jobserver::Client::from_env_ext(true) };
            match (env.client, env.var) {
                (Ok(c), _) => JobserverState::Usable(c),
                (Err(_), None) => JobserverState::Absent,
                (Err(e), Some(_)) => match e.kind() {
                    jobserver::FromEnvErrorKind::NoEnvVar | jobserver::FromEnvErrorKind::NoJobserver => {
                        JobserverState::Absent
                    }
                    _ => JobserverState::Unusable(e.to_string()),
                },
            }
        })
        .clone()
}

/// Make's jobserver, as [`take_jobserver`] found it (taking it now if nobody did: a
/// library caller that opened files before may then see its own descriptors mistaken
/// for make's, which the pipe check makes unlikely but not impossible).
pub fn detect_jobserver() -> JobserverState {
    take_jobserver()
}

/// The outcome of one job slot: `None` when the job never started (cancelled).
pub type Outcomes<R> = Vec<Option<R>>;

/// Runs `run` over `jobs` (already ordered by priority). `failed` tells whether a
/// result is a failure (which cancels jobs not yet started unless `keep_going`).
/// Results come back in the order of `jobs`.
pub fn execute<J: Sync, R: Send>(
    jobs: &[J],
    parallelism: &Parallelism,
    keep_going: bool,
    cancel: &AtomicBool,
    run: impl Fn(&J) -> R + Sync,
    failed: impl Fn(&R) -> bool + Sync,
) -> Outcomes<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = match parallelism {
        Parallelism::Jobs(n) => (*n).max(1),
        Parallelism::Jobserver { max, .. } => (*max).max(1),
    }
    .min(jobs.len().max(1));

    std::thread::scope(|s| {
        for worker in 0..workers {
            let (next, results, run, failed) = (&next, &results, &run, &failed);
            s.spawn(move || loop {
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                // Worker 0 runs on make's implicit token; the others hold one each.
                let _token = match parallelism {
                    Parallelism::Jobserver { client, .. } if worker > 0 => match client.acquire() {
                        Ok(t) => Some(t),
                        Err(_) => return,
                    },
                    _ => None,
                };
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= jobs.len() {
                    return;
                }
                let r = run(&jobs[i]);
                if failed(&r) && !keep_going {
                    cancel.store(true, Ordering::Relaxed);
                }
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_everything_in_order_of_results() {
        let jobs: Vec<u32> = (0..50).collect();
        let cancel = AtomicBool::new(false);
        let out = execute(&jobs, &Parallelism::Jobs(3), false, &cancel, |j| j * 2, |_| false);
        assert_eq!(out, jobs.iter().map(|j| Some(j * 2)).collect::<Vec<_>>());
    }

    #[test]
    fn a_failure_cancels_the_rest_unless_keep_going() {
        let jobs: Vec<u32> = (0..100).collect();
        let cancel = AtomicBool::new(false);
        let out = execute(&jobs, &Parallelism::Jobs(1), false, &cancel, |j| *j, |r| *r == 3);
        assert_eq!(out.iter().filter(|r| r.is_some()).count(), 4);
        let cancel = AtomicBool::new(false);
        let out = execute(&jobs, &Parallelism::Jobs(1), true, &cancel, |j| *j, |r| *r == 3);
        assert!(out.iter().all(Option::is_some));
    }
}
