//! Runs independent jobs in parallel: at most `-j N` at once, or, under make, as many
//! as make's jobserver hands out tokens for.
//!
//! Jobs are started largest first (they dominate the wall time). A failure stops new
//! jobs from starting unless `keep_going`; jobs already running finish.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

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

    // Tokens for the workers past the first come from a helper thread: a worker asks,
    // then waits, but only while there is work left to start. A worker blocked in the
    // pipe's read would wait for ever once worker 0 has run everything: when every job
    // slot of the make run is held by a recipe like ours (`make -j2`, two module links
    // each in `thinpost dtlto`), the token never comes, and neither recipe would end.
    let tokens = match parallelism {
        Parallelism::Jobserver { client, .. } if workers > 1 => {
            let (tx, rx) = mpsc::channel::<jobserver::Acquired>();
            // A token that arrives after every worker has left is dropped, which gives
            // it back to make.
            match client.clone().into_helper_thread(move |t| {
                if let Ok(t) = t {
                    let _ = tx.send(t);
                }
            }) {
                Ok(helper) => Some((helper, Mutex::new(rx))),
                Err(_) => None,
            }
        }
        _ => None,
    };
    let workers = if matches!(parallelism, Parallelism::Jobserver { .. }) && tokens.is_none() { 1 } else { workers };
    let work_left = || !cancel.load(Ordering::Relaxed) && next.load(Ordering::SeqCst) < jobs.len();

    std::thread::scope(|s| {
        for worker in 0..workers {
            let (next, results, run, failed, tokens, work_left) = (&next, &results, &run, &failed, &tokens, &work_left);
            s.spawn(move || loop {
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                // Worker 0 runs on make's implicit token; the others hold one each.
                let _token = match tokens {
                    Some((helper, rx)) if worker > 0 => {
                        if !work_left() {
                            return;
                        }
                        helper.request_token();
                        match wait_for_token(rx, work_left) {
                            Some(t) => Some(t),
                            None => return,
                        }
                    }
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

/// Waits for a token from the helper thread while `work_left` says there is a job to
/// start; `None` when there is none any more (the request stays with the helper, and a
/// token it brings later goes straight back to make).
fn wait_for_token(
    rx: &Mutex<mpsc::Receiver<jobserver::Acquired>>,
    work_left: impl Fn() -> bool,
) -> Option<jobserver::Acquired> {
    loop {
        let r = rx.lock().unwrap_or_else(|e| e.into_inner()).recv_timeout(Duration::from_millis(20));
        match r {
            Ok(t) => return Some(t),
            Err(mpsc::RecvTimeoutError::Timeout) if work_left() => continue,
            Err(_) => return None,
        }
    }
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

    /// make's jobserver with every slot taken (each recipe of a `make -j2` run holding
    /// one): the extra workers get no token, worker 0 runs everything on the implicit
    /// token, and `execute` returns instead of waiting for a token that never comes.
    #[test]
    fn a_jobserver_with_no_free_token_still_finishes() {
        let client = jobserver::Client::new(0).expect("a jobserver pipe");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let jobs: Vec<u32> = (0..20).collect();
            let cancel = AtomicBool::new(false);
            let par = Parallelism::Jobserver { client, max: 4 };
            let job = |j: &u32| {
                std::thread::sleep(Duration::from_millis(5));
                j + 1
            };
            let _ = tx.send(execute(&jobs, &par, false, &cancel, job, |_| false));
        });
        let out = rx.recv_timeout(Duration::from_secs(30)).expect("execute returned");
        assert_eq!(out, (1..=20).map(Some).collect::<Vec<_>>());
    }

    /// Tokens that do come are used: with two free tokens, three jobs run at once.
    #[test]
    fn jobserver_tokens_run_jobs_side_by_side() {
        let client = jobserver::Client::new(2).expect("a jobserver pipe");
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let jobs: Vec<u32> = (0..12).collect();
        let cancel = AtomicBool::new(false);
        let par = Parallelism::Jobserver { client: client.clone(), max: 3 };
        let out = execute(
            &jobs,
            &par,
            false,
            &cancel,
            |j| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(50));
                running.fetch_sub(1, Ordering::SeqCst);
                *j
            },
            |_| false,
        );
        assert!(out.iter().all(Option::is_some));
        assert_eq!(most.load(Ordering::SeqCst), 3);
        // every token went back to the jobserver
        assert_eq!(client.available().expect("tokens"), 2);
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
