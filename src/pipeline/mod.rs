//! The distributed ThinLTO pipeline (stages 2–4 of kbuild's distributed mode): the
//! thin-link, one backend compile per IR object, and the thin `vmlinux.a` of natives.
//!
//! Works on kernels with the distributed-ThinLTO patches and on released 6.x kernels
//! built with in-process ThinLTO: the IR archive is kept as `built-in-fixup.a` (as the
//! patched kbuild does), so the pipeline can always start again from the IR objects.

pub mod backend;
pub mod cache;
pub mod cli;
pub mod executor;
pub mod flags;
pub mod job;
#[cfg(feature = "persistent")]
pub mod persistent;
pub mod runner;
pub mod tools;

pub use backend::{parallelism, run_backends, Console, JobResult};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;

use crate::error::{Error, ParseError};
use crate::formats::archive::{self, MemberData};
use crate::formats::magic::classify;
use crate::formats::thinlto_index::shard_modules;
use crate::kbuild::cmd::parse_cmd;
use crate::kbuild::naming;
use crate::kbuild::order;
use crate::write::{write_atomic, write_if_changed, Durability};
use cache::{Cache, KeyBuilder};
use tools::{ToolOverrides, Toolchain};

/// The IR archive the pipeline starts from (kbuild's distributed mode's name).
pub const IR_ARCHIVE: &str = "built-in-fixup.a";
pub const OBJECT_LIST: &str = "builtin.order";
pub const INDEX_LIST: &str = "vmlinux.thinlto-index";
pub const NATIVE_ARCHIVE: &str = "vmlinux.a";
/// The regular-LTO object the thin-link writes (`--lto-obj-path`): the full-LTO
/// modules of split LTO units with type metadata (`-fsanitize=cfi*`), which
/// `--thinlto-index-only` otherwise drops. Added to the native archive only when it
/// defines something.
pub const REGULAR_LTO_OBJECT: &str = "vmlinux.lto-regular.o";

/// What went wrong in a stage, with the objects involved.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Input(#[from] Error),
    #[error("{0}")]
    Tool(String),
    #[error("{failed} of {total} backend jobs failed")]
    Backends { failed: usize, total: usize },
    #[error("interrupted")]
    Interrupted,
}

/// Options of `thinpost build` and its stages.
#[derive(Debug, Default)]
pub struct BuildOptions {
    pub objtree: PathBuf,
    pub tools: ToolOverrides,
    /// Linker flags for the thin-link; default: `KBUILD_LDFLAGS` from `.vmlinux.o.cmd`.
    pub ldflags: Option<Vec<String>>,
    /// `-j N`; default: the number of CPUs (or make's jobserver).
    pub jobs: Option<usize>,
    /// Keep running the other jobs after one fails (`-k`).
    pub keep_going: bool,
    /// Print commands (`V=1`).
    pub verbose: bool,
    /// Where the backend cache lives; default `<objtree>/.thinpost-cache`.
    pub cache_dir: Option<PathBuf>,
    pub cache_max_bytes: Option<u64>,
    /// Run the backends through a DTLTO distributor: the command and its arguments
    /// (the JSON file's path is appended).
    pub distributor: Option<Vec<String>>,
    /// How backend jobs run (`--runner`).
    pub runner: runner::RunnerKind,
}

/// Counts for the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackendSummary {
    pub total: usize,
    pub compiled: usize,
    pub up_to_date: usize,
    pub restored: usize,
    pub failed: usize,
    pub not_started: usize,
}

/// Set by the SIGINT handler: stop starting jobs, clean up, exit.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn read_list_file(path: &Path) -> Result<Vec<String>, Error> {
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    order::parse_object_list(&data).map_err(|e| Error::parse(path, e))
}

/// A command line as a shell would need it typed (quoted by `shlex`; a word with a NUL
/// byte, which no command line can hold, is shown escaped).
pub fn command_line(program: &str, args: &[String]) -> String {
    let words = std::iter::once(program).chain(args.iter().map(String::as_str));
    shlex::try_join(words.clone())
        .unwrap_or_else(|_| words.map(|w| w.escape_default().to_string()).collect::<Vec<_>>().join(" "))
}

/// Stage 1: makes sure `built-in-fixup.a` holds the IR archive and writes
/// `builtin.order` from it. On a stock tree, the first run copies the IR `vmlinux.a`.
/// Returns the object list.
pub fn prepare_ir_archive(objtree: &Path) -> Result<Vec<String>, PipelineError> {
    let fixup = objtree.join(IR_ARCHIVE);
    if !fixup.exists() {
        let vmlinux_a = objtree.join(NATIVE_ARCHIVE);
        let members = archive::read_flattened(&vmlinux_a)?;
        let holds_ir = members.iter().any(|m| match &m.data {
            MemberData::External(p) => std::fs::read(p).map(|d| classify(&d).is_ir()).unwrap_or(false),
            MemberData::Embedded { .. } => false,
        });
        if !holds_ir {
            return Err(PipelineError::Tool(format!(
                "{}: holds no LLVM bitcode and there is no {IR_ARCHIVE} to start from (is this a ThinLTO build?)",
                vmlinux_a.display()
            )));
        }
        let data = std::fs::read(&vmlinux_a).map_err(|e| Error::io(&vmlinux_a, e))?;
        write_atomic(&fixup, &data, Durability::Fsync)?;
    }
    let members = archive::read_flattened(&fixup)?;
    let mut list = String::new();
    let mut names = Vec::with_capacity(members.len());
    for m in members {
        if !order::is_contained(&m.name) {
            return Err(PipelineError::Tool(format!(
                "{}: member `{}` is outside the objtree; refusing to build from it",
                fixup.display(),
                m.name
            )));
        }
        list.push_str(&m.name);
        list.push('\n');
        names.push(m.name);
    }
    write_if_changed(&objtree.join(OBJECT_LIST), list.as_bytes())?;
    Ok(names)
}

/// `KBUILD_LDFLAGS` as recorded in `.vmlinux.o.cmd`: the words between the linker and `-r`.
pub fn recorded_ldflags(objtree: &Path) -> Result<Vec<String>, Error> {
    let path = objtree.join(".vmlinux.o.cmd");
    let data = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let cmd = parse_cmd(&data).map_err(|e| Error::parse(&path, e))?;
    let savedcmd = cmd.savedcmd.ok_or_else(|| Error::parse(&path, ParseError::whole("no savedcmd_vmlinux.o line")))?;
    let words = crate::kbuild::cmd::shell_split(&savedcmd)
        .ok_or_else(|| Error::parse(&path, ParseError::whole("unbalanced quote in savedcmd_vmlinux.o")))?;
    let r = words
        .iter()
        .position(|w| w == "-r")
        .ok_or_else(|| Error::parse(&path, ParseError::whole("savedcmd_vmlinux.o has no -r")))?;
    Ok(words[1..r].to_vec())
}

/// Stage 2: the thin-link, `$LD <ldflags> -r --thinlto-index-only=vmlinux.thinlto-index
/// @builtin.order`. Skipped when its inputs (linker, flags, every listed object's
/// contents) are what they were when it last ran and its outputs are all there.
pub fn thin_link(
    opts: &BuildOptions,
    tools: &Toolchain,
    objects: &[String],
    cache: &Cache,
) -> Result<bool, PipelineError> {
    let objtree = &opts.objtree;
    let ldflags = match &opts.ldflags {
        Some(f) => f.clone(),
        None => recorded_ldflags(objtree)?,
    };
    let hashes: Vec<Result<[u8; 32], Error>> = objects.par_iter().map(|o| cache::hash_file(&objtree.join(o))).collect();
    let mut key = KeyBuilder::new("thinpost-thin-link-v1");
    key.part(tools.ld.as_bytes());
    for f in &ldflags {
        key.part(f.as_bytes());
    }
    for (o, h) in objects.iter().zip(hashes) {
        key.part(o.as_bytes()).part(&h?);
    }
    let key = key.finish();
    let index = objtree.join(INDEX_LIST);
    if cache.recorded_key(INDEX_LIST).as_deref() == Some(key.as_str()) && index.exists() {
        let listed = read_list_file(&index)?;
        if objtree.join(REGULAR_LTO_OBJECT).exists()
            && listed.iter().all(|o| objtree.join(naming::shard_for(o)).exists())
        {
            return Ok(false);
        }
    }
    cache.forget(INDEX_LIST);
    let mut args = ldflags;
    args.extend([
        "-r".to_string(),
        format!("--thinlto-index-only={INDEX_LIST}"),
        format!("--lto-obj-path={REGULAR_LTO_OBJECT}"),
        format!("@{OBJECT_LIST}"),
    ]);
    let console = Console::new(0);
    let runner = job::Runner {
        store: None,
        console: &console,
        verbose: opts.verbose,
        print_quiet: true,
        processes: &job::Processes::Clang,
    };
    let mut argv = vec![tools.ld.clone()];
    argv.extend(args.iter().cloned());
    let link = job::Job {
        quiet: job::Quiet { tag: "LD", module: false, name: INDEX_LIST.to_string() },
        argv,
        cwd: objtree.clone(),
        output: PathBuf::from(INDEX_LIST),
        atomic: false,
        check: job::Check::Exists,
        key: None,
        reason: None,
        reads: Vec::new(),
    };
    if let job::Outcome::Failed(why) = runner.run(&link) {
        return Err(PipelineError::Tool(format!("thin-link: {why}")));
    }
    // kbuild lists every vmlinux.a member in .vmlinux.objs, and modpost reads each
    // member's .cmd file for CRCs: the regular-LTO object gets one, in kbuild's shape.
    let cmd = format!(
        "savedcmd_{REGULAR_LTO_OBJECT} := {}\n",
        crate::kbuild::cmd::make_escape(&command_line(&tools.ld, &args))
    );
    write_if_changed(&objtree.join(format!(".{REGULAR_LTO_OBJECT}.cmd")), cmd.as_bytes())?;
    cache.record(INDEX_LIST, &key)?;
    Ok(true)
}

/// One backend compile.
pub struct BackendJob {
    /// The IR object, relative to the objtree (`init/main.o`).
    pub object: String,
    /// `init/main.o.thinlto.bc`.
    pub shard: String,
    /// `init/main.thinlto-native.o`.
    pub output: String,
    pub args: Vec<String>,
    pub key: String,
    pub size: u64,
    /// What the compile reads: the bitcode, its shard and the modules the shard names.
    pub inputs: Vec<String>,
}

/// Plans the backend jobs for the objects the index lists: flags, cache keys, sizes.
pub fn plan_backends(objtree: &Path, tools: &Toolchain) -> Result<Vec<BackendJob>, PipelineError> {
    let listed = read_list_file(&objtree.join(INDEX_LIST))?;
    plan_backends_for(objtree, tools, &listed)
}

/// Plans the backend jobs of `listed` only (objects the index lists). Reads, never writes.
pub fn plan_backends_for(
    objtree: &Path,
    tools: &Toolchain,
    listed: &[String],
) -> Result<Vec<BackendJob>, PipelineError> {
    let cc_id =
        tools.cc_identity().map_err(|e| PipelineError::Tool(format!("{}: cannot run the compiler: {e}", tools.cc)))?;
    // Hash every file a job reads once, however many jobs import it.
    let hashes: Mutex<HashMap<String, [u8; 32]>> = Mutex::new(HashMap::new());
    let hash_of = |rel: &str| -> Result<[u8; 32], Error> {
        if let Some(h) = hashes.lock().unwrap_or_else(|e| e.into_inner()).get(rel) {
            return Ok(*h);
        }
        let h = cache::hash_file(&objtree.join(rel))?;
        hashes.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), h);
        Ok(h)
    };
    let jobs: Vec<Result<BackendJob, PipelineError>> = listed
        .par_iter()
        .map(|object| {
            if !order::is_contained(object) {
                return Err(PipelineError::Tool(format!("{INDEX_LIST}: `{object}` is outside the objtree")));
            }
            let cmd_path = objtree.join(naming::crc_cmd_for(object));
            let cmd_data = std::fs::read(&cmd_path).map_err(|e| Error::io(&cmd_path, e))?;
            let cmd = parse_cmd(&cmd_data).map_err(|e| Error::parse(&cmd_path, e))?;
            let flags = flags::backend_flags(&cmd, object).map_err(|e| Error::parse(&cmd_path, e))?;
            let shard = naming::shard_for(object);
            let shard_path = objtree.join(&shard);
            let shard_data = std::fs::read(&shard_path).map_err(|e| Error::io(&shard_path, e))?;
            let imports = shard_modules(&shard_data).map_err(|e| Error::parse(&shard_path, e))?;
            let output = naming::native_for(object);
            let mut args = flags;
            args.extend([
                "-x".into(),
                "ir".into(),
                "-fno-lto".into(),
                "-Wno-unused-command-line-argument".into(),
                format!("-fthinlto-index={shard}"),
                "-c".into(),
                "-o".into(),
                output.clone(),
                object.clone(),
            ]);
            let mut key = KeyBuilder::new("thinpost-backend-v1");
            key.part(&cc_id);
            for a in &args {
                key.part(a.as_bytes());
            }
            key.part(&hash_of(object)?).part(blake3::hash(&shard_data).as_bytes());
            for m in &imports {
                key.part(m.as_bytes()).part(&hash_of(m)?);
            }
            let size = std::fs::metadata(objtree.join(object)).map(|m| m.len()).unwrap_or(0);
            let mut inputs = vec![object.clone(), shard.clone()];
            inputs.extend(imports.iter().filter(|m| *m != object).cloned());
            Ok(BackendJob { object: object.clone(), shard, output, args, key: key.finish(), size, inputs })
        })
        .collect();
    let mut jobs = jobs.into_iter().collect::<Result<Vec<_>, _>>()?;
    // Largest bitcode first: the long compiles start early instead of ending the build.
    jobs.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.object.cmp(&b.object)));
    Ok(jobs)
}

/// Opens the cache of a tree, removing temporaries a killed run left there and in
/// the objtree's top directory (where the archives and lists are written).
pub fn open_cache(opts: &BuildOptions) -> Result<Cache, Error> {
    let dir = opts.cache_dir.clone().unwrap_or_else(|| opts.objtree.join(".thinpost-cache"));
    let cache = Cache::open(&dir, opts.cache_max_bytes.unwrap_or(cache::DEFAULT_MAX_BYTES))?;
    crate::write::remove_stale_temps(&opts.objtree);
    cache.remove_stale_temps();
    Ok(cache)
}

/// The members of the native archive: `builtin.order` with every object the index
/// lists replaced by its native, then the regular-LTO object if it defines anything.
pub fn native_members(objtree: &Path, objects: &[String], indexed: &[String]) -> Result<Vec<String>, Error> {
    let indexed: std::collections::HashSet<&str> = indexed.iter().map(String::as_str).collect();
    let mut members: Vec<String> =
        objects.iter().map(|o| if indexed.contains(o.as_str()) { naming::native_for(o) } else { o.clone() }).collect();
    let regular = objtree.join(REGULAR_LTO_OBJECT);
    if regular.exists() {
        let data = std::fs::read(&regular).map_err(|e| Error::io(&regular, e))?;
        let elf = crate::formats::elf::read_elf(&data).map_err(|e| Error::parse(&regular, e))?;
        if elf.symbols.iter().any(|s| s.is_defined_extern()) {
            members.push(REGULAR_LTO_OBJECT.to_string());
        }
    }
    Ok(members)
}

/// Formats a duration for the summary.
pub fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Stage 4: writes the thin `vmlinux.a` of natives atomically. Every member must exist
/// (a missing native means a backend did not run).
pub fn write_native_archive(objtree: &Path, members: &[String]) -> Result<(), PipelineError> {
    for m in members {
        let p = objtree.join(m);
        if !p.is_file() {
            return Err(PipelineError::Tool(format!("{}: missing; run the backend stage first", p.display())));
        }
    }
    crate::write::ensure_within(objtree, &objtree.join(NATIVE_ARCHIVE))?;
    crate::formats::archive_write::write_thin_archive(&objtree.join(NATIVE_ARCHIVE), members)?;
    Ok(())
}
