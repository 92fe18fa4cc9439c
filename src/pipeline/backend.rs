//! Stage 3: running the backend jobs — locally with the executor (parallel, make's
//! jobserver, buffered output), settled from the cache, or through a DTLTO distributor.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::Ordering;
use std::sync::Mutex;

use super::cache::Cache;
use super::executor::{self, JobserverState, Parallelism};
use super::job::{temp_name, Check, Job, Outcome, Quiet, Runner};
use super::runner::Processes;
use super::tools::Toolchain;
use super::{command_line, BackendJob, BackendSummary, BuildOptions, PipelineError, INTERRUPTED, NATIVE_ARCHIVE};
use crate::write::{write_atomic, Durability};

/// Output that must not interleave: quiet lines, job output, the progress line.
pub struct Console {
    progress: Option<Mutex<(usize, usize)>>,
    lock: Mutex<()>,
}

impl Console {
    /// A console with a progress line when standard error is a terminal.
    pub fn new(total: usize) -> Console {
        let progress = std::io::stderr().is_terminal().then(|| Mutex::new((0, total)));
        Console { progress, lock: Mutex::new(()) }
    }

    /// A console without a progress line (one job, or run by make).
    pub fn plain() -> Console {
        Console { progress: None, lock: Mutex::new(()) }
    }

    /// Prints a block of text whole, keeping the progress line (on a terminal) last.
    pub fn print(&self, text: &str) {
        let _g = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = std::io::stderr().lock();
        if self.progress.is_some() {
            let _ = write!(err, "\r\x1b[K");
        }
        let _ = err.write_all(text.as_bytes());
        if let Some(p) = &self.progress {
            let (done, total) = *p.lock().unwrap_or_else(|e| e.into_inner());
            let _ = write!(err, "[{done}/{total}] backends");
        }
        let _ = err.flush();
    }

    pub fn advance(&self) {
        if let Some(p) = &self.progress {
            p.lock().unwrap_or_else(|e| e.into_inner()).0 += 1;
            self.print("");
        }
    }

    pub fn finish(&self) {
        if self.progress.is_some() {
            let _g = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}

/// What happened to one backend job.
#[derive(Debug, PartialEq, Eq)]
pub enum JobResult {
    UpToDate,
    Restored,
    Compiled,
    Failed(String),
}

impl From<Outcome> for JobResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Restored => JobResult::Restored,
            Outcome::Compiled => JobResult::Compiled,
            Outcome::Failed(why) => JobResult::Failed(why),
        }
    }
}

/// The outermost `make` this process runs under, as `pid-starttime` (unique while the
/// machine runs): every module link under one `make -j` runs its own thinpost, and a
/// warning about the make run is printed by the first of them only.
fn make_run_id() -> Option<String> {
    let mut pid = std::os::unix::process::parent_id();
    let mut outermost = None;
    for _ in 0..64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
        let (head, tail) = stat.rsplit_once(')')?;
        let comm = head.split_once('(')?.1;
        let fields: Vec<&str> = tail.split_whitespace().collect();
        let ppid: u32 = fields.get(1)?.parse().ok()?;
        if comm == "make" || comm == "gmake" {
            // Field 22 of stat, the start time: the 20th after the closing parenthesis.
            outermost = Some(format!("{pid}-{}", fields.get(19)?));
        }
        if ppid <= 1 {
            break;
        }
        pid = ppid;
    }
    outermost
}

/// True for the first thinpost process of this make run to ask about `what` (a marker
/// file in the temporary directory, created exclusively), and always outside make.
pub fn first_warning_of_this_make_run(what: &str) -> bool {
    let Some(run) = make_run_id() else { return true };
    let uid = std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m)).unwrap_or(0);
    let marker = std::env::temp_dir().join(format!("thinpost-{uid}-{what}-warned-{run}"));
    std::fs::OpenOptions::new().write(true).create_new(true).open(marker).is_ok()
}

/// Chooses the parallelism: make's jobserver when usable, else `-j`.
pub fn parallelism(jobs: Option<usize>, console: &Console) -> Parallelism {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    match executor::detect_jobserver() {
        JobserverState::Usable(client) if jobs.is_none() => Parallelism::Jobserver { client, max: 256 },
        JobserverState::Unusable(why) => {
            let n = jobs.unwrap_or(cpus);
            if first_warning_of_this_make_run("jobserver") {
                console.print(&format!(
                    "thinpost: warning: make's jobserver is in MAKEFLAGS but not usable here ({why}); \
                     prefix the recipe line with '+' to share make's job slots. Using -j{n}.\n"
                ));
            }
            Parallelism::Jobs(n)
        }
        _ => Parallelism::Jobs(jobs.unwrap_or(cpus)),
    }
}

impl BackendJob {
    /// The job for the runner.
    fn job(&self, objtree: &Path, tools: &Toolchain, reason: &str) -> Job {
        let mut argv = vec![tools.cc.clone()];
        argv.extend(self.args.iter().cloned());
        Job {
            quiet: Quiet { tag: "BE", module: false, name: self.object.clone() },
            argv,
            cwd: objtree.to_path_buf(),
            output: PathBuf::from(&self.output),
            atomic: true,
            check: Check::ElfRelocatable,
            key: Some(self.key.clone()),
            reason: Some(reason.to_string()),
            reads: self.inputs.iter().filter(|i| **i != self.object && **i != self.shard).cloned().collect(),
        }
    }
}

/// Whether the output of `job` is what its key says, and valid.
fn up_to_date(objtree: &Path, cache: &Cache, job: &BackendJob) -> bool {
    cache.recorded_key(&job.output).as_deref() == Some(job.key.as_str())
        && Check::ElfRelocatable.passes(&objtree.join(&job.output))
}

/// Why a job that is not up to date runs (shown with `-v`).
fn reason(objtree: &Path, cache: &Cache, job: &BackendJob) -> &'static str {
    match (cache.recorded_key(&job.output), objtree.join(&job.output).exists()) {
        (None, _) => "no record of a previous build",
        (Some(_), false) => "output missing",
        (Some(k), true) if k == job.key => "output is not a valid object",
        _ => "inputs changed",
    }
}

/// Prepares a job that is not up to date: refuses an output outside the objtree and
/// forgets the old record (an interrupted run never leaves it beside a new file).
fn prepare(objtree: &Path, cache: &Cache, job: &BackendJob) -> Result<(), String> {
    crate::write::ensure_within(objtree, &objtree.join(&job.output)).map_err(|e| e.to_string())?;
    cache.forget(&job.output);
    Ok(())
}

/// Runs the jobs that need compiling through a DTLTO distributor: writes the JSON, runs
/// the distributor, then checks and installs every output.
fn run_distributed(
    opts: &BuildOptions,
    tools: &Toolchain,
    cache: &Cache,
    jobs: &[&BackendJob],
    distributor: &[String],
    console: &Console,
) -> Result<Vec<JobResult>, PipelineError> {
    let objtree = &opts.objtree;
    let temps: Vec<PathBuf> = jobs.iter().map(|j| temp_name(Path::new(&j.output))).collect();
    let doc = crate::dtlto::DtltoJson {
        common: crate::dtlto::Common {
            linker_output: NATIVE_ARCHIVE.to_string(),
            args: vec![tools.cc.clone()],
            inputs: Vec::new(),
        },
        jobs: jobs
            .iter()
            .zip(&temps)
            .map(|(j, tmp)| {
                let tmp = tmp.display().to_string();
                let mut args = j.args.clone();
                if let Some(i) = args.iter().rposition(|a| a == "-o") {
                    args[i + 1] = tmp.clone();
                }
                crate::dtlto::Job { args, inputs: j.inputs.clone(), outputs: vec![tmp] }
            })
            .collect(),
    };
    let json_path = objtree.join(format!(".thinpost-dtlto{}{}.json", crate::write::TEMP_MARKER, std::process::id()));
    let json = serde_json::to_vec_pretty(&doc).map_err(|e| PipelineError::Tool(e.to_string()))?;
    write_atomic(&json_path, &json, Durability::Rename)?;
    let shown = command_line(&distributor[0], &[&distributor[1..], &[json_path.display().to_string()]].concat());
    if opts.verbose {
        console.print(&format!("{shown}\n"));
    }
    let status = Command::new(&distributor[0])
        .args(&distributor[1..])
        .arg(&json_path)
        .current_dir(objtree)
        .status()
        .map_err(|e| PipelineError::Tool(format!("{}: cannot run the distributor: {e}", distributor[0])));
    let _ = std::fs::remove_file(&json_path);
    let status = status?;
    let mut results = Vec::with_capacity(jobs.len());
    for (job, tmp) in jobs.iter().zip(&temps) {
        let tmp_path = objtree.join(tmp);
        let out = objtree.join(&job.output);
        if Check::ElfRelocatable.passes(&tmp_path) && std::fs::rename(&tmp_path, &out).is_ok() {
            let _ = cache.store(&job.key, &out);
            let _ = cache.record_with(&job.output, &job.key, &tools.cc);
            console.print(&Quiet { tag: "BE", module: false, name: job.object.clone() }.line("(distributed)"));
            results.push(JobResult::Compiled);
        } else {
            let _ = std::fs::remove_file(&tmp_path);
            console.print(&format!(
                "thinpost: error: {}: the distributor left no valid {} ({status})\n  distributor: {shown}\n",
                job.object, job.output
            ));
            results.push(JobResult::Failed("no valid output from the distributor".into()));
        }
    }
    Ok(results)
}

/// Runs one backend job: up to date, restored from the store, or compiled.
fn run_backend(objtree: &Path, tools: &Toolchain, cache: &Cache, job: &BackendJob, runner: &Runner<'_>) -> JobResult {
    if up_to_date(objtree, cache, job) {
        return JobResult::UpToDate;
    }
    let why = reason(objtree, cache, job);
    if let Err(e) = prepare(objtree, cache, job) {
        runner.console.print(&format!("thinpost: error: {}: {e}\n", job.object));
        return JobResult::Failed(e);
    }
    let result = JobResult::from(runner.run(&job.job(objtree, tools, why)));
    if matches!(result, JobResult::Compiled | JobResult::Restored) {
        let _ = cache.record_with(&job.output, &job.key, &tools.cc);
    }
    result
}

/// Stage 3: runs the backend jobs. Returns the summary; errors when any job failed.
pub fn run_backends(
    opts: &BuildOptions,
    tools: &Toolchain,
    cache: &Cache,
    jobs: &[BackendJob],
    console: &Console,
) -> Result<BackendSummary, PipelineError> {
    let par = parallelism(opts.jobs, console);
    // The persistent runner's workers: one per job slot (under make's jobserver, at
    // most one per CPU); started only when a job needs compiling.
    let workers = match &par {
        executor::Parallelism::Jobs(n) => *n,
        executor::Parallelism::Jobserver { .. } => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let processes = Processes::new(opts.runner, &tools.cc, workers);
    let runner =
        Runner { store: Some(cache), console, verbose: opts.verbose, print_quiet: true, processes: &processes };
    if let Some(distributor) = &opts.distributor {
        let objtree = &opts.objtree;
        let mut outcomes: Vec<Option<JobResult>> = Vec::with_capacity(jobs.len());
        for j in jobs {
            let settled = if up_to_date(objtree, cache, j) {
                Some(JobResult::UpToDate)
            } else if prepare(objtree, cache, j).is_ok() && runner.restore(&j.job(objtree, tools, "")) {
                let _ = cache.record_with(&j.output, &j.key, &tools.cc);
                Some(JobResult::Restored)
            } else {
                None
            };
            outcomes.push(settled);
        }
        let remote: Vec<&BackendJob> =
            jobs.iter().zip(&outcomes).filter(|(_, o)| o.is_none()).map(|(j, _)| j).collect();
        if !remote.is_empty() {
            let mut done = run_distributed(opts, tools, cache, &remote, distributor, console)?.into_iter();
            for o in outcomes.iter_mut().filter(|o| o.is_none()) {
                *o = done.next();
            }
        }
        return summarize(cache, jobs.len(), &outcomes);
    }
    if opts.verbose {
        console.print(&format!("thinpost: running {} backend jobs with {par:?}\n", jobs.len()));
    }
    let outcomes = executor::execute(
        jobs,
        &par,
        opts.keep_going,
        &INTERRUPTED,
        |job| {
            let r = run_backend(&opts.objtree, tools, cache, job, &runner);
            console.advance();
            r
        },
        |r| matches!(r, JobResult::Failed(_)),
    );
    console.finish();
    if let Some(note) = processes.declined_note() {
        console.print(&format!("thinpost: note: {note}\n"));
    }
    summarize(cache, jobs.len(), &outcomes)
}

fn summarize(cache: &Cache, total: usize, outcomes: &[Option<JobResult>]) -> Result<BackendSummary, PipelineError> {
    let mut s = BackendSummary { total, ..Default::default() };
    for o in outcomes {
        match o {
            Some(JobResult::UpToDate) => s.up_to_date += 1,
            Some(JobResult::Restored) => s.restored += 1,
            Some(JobResult::Compiled) => s.compiled += 1,
            Some(JobResult::Failed(_)) => s.failed += 1,
            None => s.not_started += 1,
        }
    }
    let _ = cache.evict();
    if INTERRUPTED.load(Ordering::Relaxed) && s.failed == 0 {
        return Err(PipelineError::Interrupted);
    }
    if s.failed > 0 {
        return Err(PipelineError::Backends { failed: s.failed, total: s.total });
    }
    Ok(s)
}
