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
use crate::kbuild::cmd::parse_cmd;
use crate::kbuild::naming;
use crate::pipeline::cache::{hash_file, Cache, KeyBuilder};
use crate::pipeline::job::{self, Check, Outcome, Quiet, Runner};
use crate::pipeline::runner::{Processes, RunnerKind};
use crate::pipeline::{executor, flags, parallelism, Console};

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
    /// How backends run: clang processes, or the persistent runner.
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
    /// The modules the backend imports from (its inputs but the bitcode and the index).
    imports: Vec<String>,
}

/// Where a job's front-end flags came from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FlagSource {
    /// Recorded by thinpost's `cc` wrapper for exactly these bitcode contents.
    Recorded,
    /// The object's kbuild `.cmd` file, written after the object.
    CmdFile,
    /// Not a kbuild object: lld's generic options (`common.args`).
    Linker,
    /// The job's own arguments are the whole command (written by thinpost).
    Job,
}

/// Whether the distributor runs inside a kbuild object tree (lld runs it in the
/// linker's directory, kbuild's objtree).
fn in_kbuild_tree() -> bool {
    Path::new("include/config/auto.conf").exists()
}

/// The `.cmd` file of `bitcode` when it describes this build of it: kbuild writes it
/// after the object, so one older than the object is last build's (a single-object
/// module is compiled and `ld -r`'d in one recipe, before its `.cmd` is written).
fn fresh_cmd_file(bitcode: &str) -> Result<Option<crate::kbuild::cmd::CmdFile>, Error> {
    let cmd_file = PathBuf::from(naming::crc_cmd_for(bitcode));
    let (Ok(cmd_meta), Ok(obj_meta)) = (std::fs::metadata(&cmd_file), std::fs::metadata(bitcode)) else {
        return Ok(None);
    };
    if cmd_meta.modified().ok() < obj_meta.modified().ok() {
        return Ok(None);
    }
    let bytes = std::fs::read(&cmd_file).map_err(|e| Error::io(&cmd_file, e))?;
    parse_cmd(&bytes).map(Some).map_err(|e| Error::parse(&cmd_file, e))
}

/// The command for a job. A kernel object's backend needs its own front-end flags
/// (lld passes generic ones, and Debian's clang-22 would build PIE code kernel inline
/// asm cannot take): those recorded for its exact contents by the `cc` wrapper, else its
/// `.cmd` file when that was written for this build of it. Inside a kbuild tree a job
/// whose flags cannot be found is an error naming the object, never a silent fallback;
/// elsewhere (DTLTO for any program) the job is `common.args + job.args`, as lld means.
fn command_for(common: &Common, job: &Job, store: &Cache) -> Result<(Vec<String>, FlagSource), Error> {
    // A file `thinpost build --distributor` wrote: `common.args` is the compiler alone
    // and each job carries its whole command, kernel flags included.
    if common.args.len() == 1 {
        return Ok((common.args.iter().chain(&job.args).cloned().collect(), FlagSource::Job));
    }
    let bitcode = &job.inputs[0];
    let (kflags, source) = if let Some(f) = store.recorded_flags(&hash_file(Path::new(bitcode))?) {
        (flags::for_backend(f), FlagSource::Recorded)
    } else if let Some(cmd) = fresh_cmd_file(bitcode)? {
        let cmd_file = naming::crc_cmd_for(bitcode);
        (flags::backend_flags(&cmd, bitcode).map_err(|e| Error::parse(&cmd_file, e))?, FlagSource::CmdFile)
    } else if in_kbuild_tree() {
        return Err(Error::parse(
            bitcode,
            ParseError::whole(
                "no kbuild flags for this object's backend: none recorded for its contents, and its .cmd file is \
                 missing or older than it; compile the kernel with thinpost's cc wrapper (CC=\"thinpost cc clang-NN\")",
            ),
        ));
    } else {
        return Ok((common.args.iter().chain(&job.args).cloned().collect(), FlagSource::Linker));
    };
    let mut argv = vec![common.args[0].clone()];
    argv.extend(kflags);
    argv.extend(["-x", "ir", "-fno-lto", "-Wno-unused-command-line-argument", "-c"].map(String::from));
    argv.extend(job.args.iter().cloned());
    Ok((argv, source))
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

/// Whether a link's output is `vmlinux.o` (kbuild's quiet lines mark module objects
/// with `[M]`; lld names the link's output in `common.linker_output`).
fn is_vmlinux_link(linker_output: &str) -> bool {
    Path::new(linker_output).file_name().is_some_and(|n| n == "vmlinux.o" || n == "vmlinux")
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
        let (argv, _source) = command_for(&doc.common, job, &cache)?;
        let key = key_for(&cc_id, &argv, job)?;
        let imports = job.inputs.iter().skip(2).cloned().collect();
        planned.push(Planned {
            argv,
            output: PathBuf::from(&job.outputs[0]),
            key,
            bitcode: job.inputs[0].clone(),
            imports,
        });
    }
    // Largest bitcode first, as in the pipeline.
    planned.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(&p.bitcode).map(|m| m.len()).unwrap_or(0)));

    let console = Console::new(planned.len());
    let par = parallelism(opts.jobs, &console);
    let started = Instant::now();
    let cancel = AtomicBool::new(false);
    let workers = match &par {
        executor::Parallelism::Jobs(n) => *n,
        executor::Parallelism::Jobserver { .. } => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let processes = Processes::new(opts.runner, compiler, workers);
    let runner = Runner {
        store: Some(&cache),
        console: &console,
        verbose: opts.verbose,
        print_quiet: true,
        processes: &processes,
    };
    let module = !is_vmlinux_link(&doc.common.linker_output);
    let results = executor::execute(
        &planned,
        &par,
        opts.keep_going,
        &cancel,
        |p| {
            let job = job::Job {
                quiet: Quiet { tag: "BE", module, name: p.bitcode.clone() },
                argv: p.argv.clone(),
                cwd: PathBuf::from("."),
                output: p.output.clone(),
                atomic: true,
                check: Check::Object,
                key: Some(p.key.clone()),
                reason: None,
                reads: p.imports.clone(),
            };
            let r = runner.run(&job);
            console.advance();
            r
        },
        Outcome::failed,
    );
    console.finish();
    let _ = cache.evict();
    let mut s = DistributorSummary { total: planned.len(), ..Default::default() };
    for r in &results {
        match r {
            Some(Outcome::Restored) => s.cached += 1,
            Some(Outcome::Compiled) => s.compiled += 1,
            Some(Outcome::Failed(_)) | None => s.failed += 1,
        }
    }
    // Every output must exist, whatever the job said.
    for p in &planned {
        if !Check::Object.passes(&p.output) && s.failed == 0 {
            s.failed += 1;
            eprintln!("thinpost: error: {}: no valid output {}", p.bitcode, p.output.display());
        }
    }
    if let Some(note) = processes.declined_note() {
        eprintln!("thinpost: note: {note}");
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
