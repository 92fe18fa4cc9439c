//! LLVM's Integrated Distributed ThinLTO (DTLTO) protocol, both ways.
//!
//! `ld.lld --thinlto-distributor=thinpost --thinlto-distributor-arg=dtlto` runs
//! `thinpost dtlto [ARGS…] JSON`; the JSON describes the backend compiles:
//! `{"common":{"linker_output","args":[compiler,…],"inputs":[…]},
//!   "jobs":[{"args":[…],"inputs":[bitcode, index, imports…],"outputs":[native,…]}]}`,
//! a job's command being `common.args + job.args` (the schema `llvm/utils/dtlto/
//! validate.py` checks). thinpost runs the jobs with the pipeline's executor (parallel,
//! make's jobserver, buffered output) and its content-addressed store, blocks until all
//! finish, and fails on any failed job or missing output.
//!
//! lld passes only generic codegen options (`-O2 -ffunction-sections …`), and a kernel
//! object needs its own (Debian's clang-22 defaults to PIE, which kernel inline asm
//! cannot take): when a job's bitcode has a kbuild `.cmd` file, its flags are used.
//!
//! The other way, `thinpost build --distributor CMD` writes the backend jobs that miss
//! the cache as such a JSON file and runs `CMD` with it (see `pipeline::run_backends`).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ParseError};
use crate::formats::magic::{classify, ObjectKind};
use crate::kbuild::cmd::parse_cmd;
use crate::kbuild::naming;
use crate::pipeline::cache::{hash_file, Cache, KeyBuilder};
use crate::pipeline::executor::Parallelism;
use crate::pipeline::runner::{Runner, RunnerKind};
use crate::pipeline::{command_line, executor, flags, parallelism, Console};
use crate::write::{write_atomic, Durability};

/// The DTLTO job description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtltoJson {
    pub common: Common,
    pub jobs: Vec<Job>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Common {
    pub linker_output: String,
    pub args: Vec<String>,
    pub inputs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub args: Vec<String>,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
}

impl DtltoJson {
    /// Parses and checks the structure `validate.py` requires.
    pub fn parse(data: &[u8]) -> Result<DtltoJson, ParseError> {
        let doc: DtltoJson =
            serde_json::from_slice(data).map_err(|e| ParseError::line(e.line(), format!("DTLTO JSON: {e}")))?;
        if doc.common.args.is_empty() {
            return Err(ParseError::whole("DTLTO JSON: common.args is empty (it must start with the compiler)"));
        }
        for (i, j) in doc.jobs.iter().enumerate() {
            if j.inputs.len() < 2 {
                return Err(ParseError::whole(format!("DTLTO JSON: jobs[{i}].inputs needs the bitcode and its index")));
            }
            if j.outputs.is_empty() {
                return Err(ParseError::whole(format!("DTLTO JSON: jobs[{i}].outputs is empty")));
            }
        }
        Ok(doc)
    }
}

/// Options of `thinpost dtlto`.
#[derive(Clone, Debug, Default)]
pub struct DistributorOptions {
    pub json: PathBuf,
    pub jobs: Option<usize>,
    pub keep_going: bool,
    pub verbose: bool,
    /// Default: `$THINPOST_CACHE_DIR`, else `$XDG_CACHE_HOME/thinpost`, else `~/.cache/thinpost`.
    pub cache_dir: Option<PathBuf>,
    /// How the jobs run (`--runner`).
    pub runner: RunnerKind,
}

/// Counts for the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DistributorSummary {
    pub total: usize,
    pub compiled: usize,
    pub cached: usize,
    pub failed: usize,
}

/// The default cache directory for DTLTO jobs.
pub fn default_cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("THINPOST_CACHE_DIR") {
        return PathBuf::from(d);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".thinpost-cache"));
    base.join("thinpost")
}

/// One job, ready to run.
struct Planned {
    argv: Vec<String>,
    output: PathBuf,
    key: String,
    bitcode: String,
}

/// The command for a job: a kbuild object's own flags when its `.cmd` file is there,
/// else `common.args + job.args`.
fn command_for(common: &Common, job: &Job) -> Result<Vec<String>, Error> {
    let bitcode = &job.inputs[0];
    let cmd_file = PathBuf::from(naming::crc_cmd_for(bitcode));
    let Ok(bytes) = std::fs::read(&cmd_file) else {
        return Ok(common.args.iter().chain(&job.args).cloned().collect());
    };
    let cmd = parse_cmd(&bytes).map_err(|e| Error::parse(&cmd_file, e))?;
    let kflags = flags::backend_flags(&cmd, bitcode).map_err(|e| Error::parse(&cmd_file, e))?;
    let mut argv = vec![common.args[0].clone()];
    argv.extend(kflags);
    argv.extend(["-x", "ir", "-fno-lto", "-Wno-unused-command-line-argument", "-c"].map(String::from));
    argv.extend(job.args.iter().cloned());
    Ok(argv)
}

/// A key from what the job reads: the compiler, the command with the linker's
/// per-run file names (they embed its PID) masked, and every input's contents.
fn key_for(cc_id: &[u8], argv: &[String], job: &Job) -> Result<String, Error> {
    let index = job.inputs.get(1).map(String::as_str).unwrap_or("");
    let mut key = KeyBuilder::new("thinpost-dtlto-v1");
    key.part(cc_id);
    for a in argv {
        let masked = if a.starts_with("-fthinlto-index=") {
            "-fthinlto-index=<index>".to_string()
        } else if job.outputs.iter().any(|o| o == a) {
            "<output>".to_string()
        } else {
            a.clone()
        };
        key.part(masked.as_bytes());
    }
    for input in &job.inputs {
        if input != index {
            key.part(input.as_bytes());
        }
        key.part(&hash_file(Path::new(input))?);
    }
    Ok(key.finish())
}

fn valid_output(path: &Path) -> bool {
    match std::fs::read(path) {
        Ok(d) if !d.is_empty() => !d.starts_with(b"\x7fELF") || classify(&d) == ObjectKind::ElfRel,
        _ => false,
    }
}

/// Runs the jobs of a DTLTO JSON file: the distributor side.
pub fn distribute(opts: &DistributorOptions) -> Result<DistributorSummary, Error> {
    let data = std::fs::read(&opts.json).map_err(|e| Error::io(&opts.json, e))?;
    let doc = DtltoJson::parse(&data).map_err(|e| Error::parse(&opts.json, e))?;
    let cache = Cache::open(
        &opts.cache_dir.clone().unwrap_or_else(default_cache_dir),
        crate::pipeline::cache::DEFAULT_MAX_BYTES,
    )?;
    cache.remove_stale_temps();
    let compiler = &doc.common.args[0];
    let cc_id = crate::pipeline::tools::Toolchain { cc: compiler.clone(), ld: String::new(), ar: String::new() }
        .cc_identity()
        .map_err(|e| Error::io(compiler, e))?;
    let mut planned = Vec::with_capacity(doc.jobs.len());
    for job in &doc.jobs {
        let argv = command_for(&doc.common, job)?;
        let key = key_for(&cc_id, &argv, job)?;
        planned.push(Planned { argv, output: PathBuf::from(&job.outputs[0]), key, bitcode: job.inputs[0].clone() });
    }
    // Largest bitcode first, as in the pipeline.
    planned.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(&p.bitcode).map(|m| m.len()).unwrap_or(0)));

    let console = Console::new(planned.len());
    let par = parallelism(opts.jobs, &console);
    let workers = match &par {
        Parallelism::Jobs(n) => *n,
        Parallelism::Jobserver { .. } => 1,
    };
    let runner = Runner::new(opts.runner, compiler, workers);
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let started = Instant::now();
    let cancel = AtomicBool::new(false);
    #[derive(PartialEq)]
    enum R {
        Cached,
        Compiled,
        Failed,
    }
    let results = executor::execute(
        &planned,
        &par,
        opts.keep_going,
        &cancel,
        |p| {
            if let Some(stored) = cache.lookup(&p.key) {
                if let Ok(bytes) = std::fs::read(&stored) {
                    if write_atomic(&p.output, &bytes, Durability::Rename).is_ok() {
                        return R::Cached;
                    }
                }
            }
            let shown = command_line(&p.argv[0], &p.argv[1..]);
            let (out, note) = runner.run(&p.argv, &cwd);
            let mut text =
                if opts.verbose { format!("{shown}\n") } else { format!("  {:<7} {}\n", "CC", p.output.display()) };
            if let Some(note) = note {
                text.push_str(&format!("thinpost: warning: {}: {note}\n", p.bitcode));
            }
            let failure = match out {
                Err(e) => Some(format!("cannot run {}: {e}", p.argv[0])),
                Ok(o) => {
                    text.push_str(&String::from_utf8_lossy(&o.stdout));
                    text.push_str(&String::from_utf8_lossy(&o.stderr));
                    if !o.status.success() {
                        Some(format!("backend compile failed ({})", o.status))
                    } else if !valid_output(&p.output) {
                        Some("backend compile exited 0 but left no valid object".to_string())
                    } else {
                        None
                    }
                }
            };
            if let Some(why) = failure {
                let _ = std::fs::remove_file(&p.output);
                console.print(&format!("{text}thinpost: error: {}: {why}\n  command: {shown}\n", p.bitcode));
                return R::Failed;
            }
            let _ = cache.store(&p.key, &p.output);
            console.print(&text);
            R::Compiled
        },
        |r| *r == R::Failed,
    );
    console.finish();
    let _ = cache.evict();
    let mut s = DistributorSummary { total: planned.len(), ..Default::default() };
    for r in &results {
        match r {
            Some(R::Cached) => s.cached += 1,
            Some(R::Compiled) => s.compiled += 1,
            Some(R::Failed) | None => s.failed += 1,
        }
    }
    // Every output must exist, whatever the job said.
    for p in &planned {
        if !valid_output(&p.output) && s.failed == 0 {
            s.failed += 1;
            eprintln!("thinpost: error: {}: no valid output {}", p.bitcode, p.output.display());
        }
    }
    eprintln!(
        "thinpost dtlto: {} jobs: {} compiled, {} from cache, {} failed ({})",
        s.total,
        s.compiled,
        s.cached,
        s.failed,
        crate::pipeline::seconds(started.elapsed())
    );
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema() {
        let ok = br#"{"common":{"linker_output":"a.out","args":["clang-22","-c"],"inputs":[]},
                      "jobs":[{"args":["a.o","-fthinlto-index=a.1.native.o.thinlto.bc","-o","a.1.native.o"],
                               "inputs":["a.o","a.1.native.o.thinlto.bc"],"outputs":["a.1.native.o"]}]}"#;
        let doc = DtltoJson::parse(ok).unwrap();
        assert_eq!(doc.jobs[0].outputs, ["a.1.native.o"]);
        assert!(DtltoJson::parse(br#"{"common":{"linker_output":"x","args":[],"inputs":[]},"jobs":[]}"#).is_err());
        assert!(DtltoJson::parse(br#"{"common":{"linker_output":"x","args":["c"],"inputs":[]},"jobs":[{"args":[],"inputs":["a"],"outputs":["b"]}]}"#).is_err());
        let e = DtltoJson::parse(b"{\n\"common\": 3").unwrap_err();
        assert!(e.to_string().starts_with("line 2: DTLTO JSON"), "{e}");
    }
}
