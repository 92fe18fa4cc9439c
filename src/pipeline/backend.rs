//! Stage 3: running the backend jobs — locally with the executor (parallel, make's
//! jobserver, buffered output), settled from the cache, or through a DTLTO distributor.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::cache::Cache;
use super::executor::{self, JobserverState, Parallelism};
use super::runner::Runner;
use super::tools::Toolchain;
use super::{
    command_line, remove_stale_temps, temp_name, BackendJob, BackendSummary, BuildOptions, PipelineError, INTERRUPTED,
    NATIVE_ARCHIVE,
};
use crate::formats::magic::{classify, ObjectKind};
use crate::write::{write_atomic, Durability};

/// Output that must not interleave: quiet lines, job output, the progress line.
pub struct Console {
    progress: Option<Mutex<(usize, usize)>>,
    lock: Mutex<()>,
}

impl Console {
    pub fn new(total: usize) -> Console {
        let progress = std::io::stderr().is_terminal().then(|| Mutex::new((0, total)));
        Console { progress, lock: Mutex::new(()) }
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

/// What happened to one job.
#[derive(Debug, PartialEq, Eq)]
pub enum JobResult {
    UpToDate,
    Restored,
    Compiled,
    Failed(String),
}

/// Chooses the parallelism: make's jobserver when usable, else `-j`.
pub fn parallelism(jobs: Option<usize>, console: &Console) -> Parallelism {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    match executor::detect_jobserver() {
        JobserverState::Usable(client) if jobs.is_none() => Parallelism::Jobserver { client, max: 256 },
        JobserverState::Unusable(why) => {
            let n = jobs.unwrap_or(cpus);
            console.print(&format!(
                "thinpost: warning: make's jobserver is in MAKEFLAGS but not usable here ({why}); \
                 prefix the recipe line with '+' to share make's job slots. Using -j{n}.\n"
            ));
            Parallelism::Jobs(n)
        }
        _ => Parallelism::Jobs(jobs.unwrap_or(cpus)),
    }
}

/// Settles a job without compiling when possible: up to date, or restored from the
/// store. `None` when it must be compiled.
fn settle_locally(objtree: &Path, cache: &Cache, job: &BackendJob, console: &Console) -> Option<JobResult> {
    let out_path = objtree.join(&job.output);
    if cache.recorded_key(&job.output).as_deref() == Some(job.key.as_str()) && is_native(&out_path) {
        return Some(JobResult::UpToDate);
    }
    if crate::write::ensure_within(objtree, &out_path).is_err() {
        return None;
    }
    remove_stale_temps(objtree, &job.output);
    cache.forget(&job.output);
    let stored = cache.lookup(&job.key)?;
    let data = std::fs::read(&stored).ok()?;
    if classify(&data) == ObjectKind::ElfRel && write_atomic(&out_path, &data, Durability::Rename).is_ok() {
        let _ = cache.record(&job.output, &job.key);
        console.print(&format!("  {:<7} {} (cached)\n", "CC", job.output));
        return Some(JobResult::Restored);
    }
    None
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
    let temps: Vec<String> = jobs.iter().map(|j| temp_name(&j.output)).collect();
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
                let mut args = j.args.clone();
                if let Some(i) = args.iter().rposition(|a| a == "-o") {
                    args[i + 1] = tmp.clone();
                }
                crate::dtlto::Job { args, inputs: j.inputs.clone(), outputs: vec![tmp.clone()] }
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
        if is_native(&tmp_path) && std::fs::rename(&tmp_path, objtree.join(&job.output)).is_ok() {
            let _ = cache.store(&job.key, &objtree.join(&job.output));
            let _ = cache.record_with(&job.output, &job.key, &tools.cc);
            console.print(&format!("  {:<7} {} (distributed)\n", "CC", job.output));
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

fn run_backend(
    objtree: &Path,
    tools: &Toolchain,
    runner: &Runner,
    cache: &Cache,
    job: &BackendJob,
    verbose: bool,
    console: &Console,
) -> JobResult {
    let out_path = objtree.join(&job.output);
    let recorded = cache.recorded_key(&job.output);
    if recorded.as_deref() == Some(job.key.as_str()) && is_native(&out_path) {
        return JobResult::UpToDate;
    }
    let reason = match (&recorded, out_path.exists()) {
        (None, _) => "no record of a previous build",
        (Some(_), false) => "output missing",
        (Some(k), true) if *k == job.key => "output is not a valid object",
        _ => "inputs changed",
    };
    if let Err(e) = crate::write::ensure_within(objtree, &out_path) {
        console.print(&format!("thinpost: error: {}: {e}\n", job.object));
        return JobResult::Failed(e.to_string());
    }
    remove_stale_temps(objtree, &job.output);
    cache.forget(&job.output);
    if let Some(stored) = cache.lookup(&job.key) {
        if let Ok(data) = std::fs::read(&stored) {
            if classify(&data) == ObjectKind::ElfRel && write_atomic(&out_path, &data, Durability::Rename).is_ok() {
                let _ = cache.record(&job.output, &job.key);
                console.print(&format!("  {:<7} {} (cached)\n", "CC", job.output));
                return JobResult::Restored;
            }
        }
    }
    let tmp = temp_name(&job.output);
    let mut argv = Vec::with_capacity(job.args.len() + 1);
    argv.push(tools.cc.clone());
    argv.extend(job.args.iter().cloned());
    let o = argv.iter().rposition(|a| a == "-o").map(|i| i + 1).unwrap_or(0);
    argv[o] = tmp.clone();
    let shown = command_line(&tools.cc, &job.args);
    let started = Instant::now();
    let (result, note) = runner.run(&argv, objtree);
    let tmp_path = objtree.join(&tmp);
    let mut text = if verbose {
        format!("# {} ({reason})\n{shown}\n", job.output)
    } else {
        format!("  {:<7} {}\n", "CC", job.output)
    };
    if let Some(note) = note {
        text.push_str(&format!("thinpost: warning: {}: {note}\n", job.object));
    }
    let failure = match result {
        Err(e) => Some(format!("cannot run {}: {e}", tools.cc)),
        Ok(out) => {
            text.push_str(&String::from_utf8_lossy(&out.stdout));
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            if !out.status.success() {
                Some(format!("backend compile failed ({})", out.status))
            } else if !is_native(&tmp_path) {
                // LLVM issue 75441: a backend whose imported file is missing can exit 0
                // without writing a valid object.
                Some("backend compile exited 0 but left no valid ELF relocatable object".to_string())
            } else {
                None
            }
        }
    };
    if let Some(why) = failure {
        let _ = std::fs::remove_file(&tmp_path);
        console.print(&format!("{text}thinpost: error: {}: {why}\n  command: {shown}\n", job.object));
        return JobResult::Failed(why);
    }
    if let Err(e) = std::fs::rename(&tmp_path, &out_path) {
        let _ = std::fs::remove_file(&tmp_path);
        console.print(&format!("thinpost: error: {}: {e}\n", out_path.display()));
        return JobResult::Failed(e.to_string());
    }
    let _ = cache.store(&job.key, &out_path);
    let _ = cache.record_with(&job.output, &job.key, &tools.cc);
    if verbose {
        text.push_str(&format!("  ({:.2} s)\n", started.elapsed().as_secs_f64()));
    }
    console.print(&text);
    JobResult::Compiled
}

fn is_native(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 18];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|_| classify(&head) == ObjectKind::ElfRel)
        .unwrap_or(false)
}

/// Stage 3: runs the backend jobs. Returns the summary; errors when any job failed.
pub fn run_backends(
    opts: &BuildOptions,
    tools: &Toolchain,
    cache: &Cache,
    jobs: &[BackendJob],
    console: &Console,
) -> Result<BackendSummary, PipelineError> {
    if let Some(distributor) = &opts.distributor {
        let mut outcomes: Vec<Option<JobResult>> =
            jobs.iter().map(|j| settle_locally(&opts.objtree, cache, j, console)).collect();
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
    let par = parallelism(opts.jobs, console);
    if opts.verbose {
        console.print(&format!("thinpost: running {} backend jobs with {par:?}\n", jobs.len()));
    }
    let workers = match &par {
        Parallelism::Jobs(n) => *n,
        Parallelism::Jobserver { .. } => 1,
    };
    let runner = Runner::new(opts.runner, &tools.cc, workers);
    let done = AtomicUsize::new(0);
    let outcomes = executor::execute(
        jobs,
        &par,
        opts.keep_going,
        &INTERRUPTED,
        |job| {
            let r = run_backend(&opts.objtree, tools, &runner, cache, job, opts.verbose, console);
            done.fetch_add(1, Ordering::Relaxed);
            console.advance();
            r
        },
        |r| matches!(r, JobResult::Failed(_)),
    );
    console.finish();
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
