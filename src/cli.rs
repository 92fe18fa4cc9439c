//! The command line: clap definitions, output format choice and exit codes. No logic
//! lives here beyond choosing what to call and how to print it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::inventory::{self, Inventory, ScanOptions};

/// How a command ended. This is the one mapping from outcomes to exit statuses for
/// every command but `modpost`, which keeps modpost's own (0, or 1 for anything wrong).
#[derive(Debug)]
pub enum Status {
    /// 0: success (notes and warnings allowed).
    Ok,
    /// 1: the command ran and found problems (verify, gate), or a job, the thin-link or
    /// a tool failed (build stages, dtlto).
    Findings,
    /// 2: bad usage, or an input that cannot be read or parsed; the messages were
    /// printed already.
    Error,
    /// 130: interrupted (SIGINT).
    Interrupted,
}

impl Status {
    pub fn code(&self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Findings => 1,
            Status::Error => 2,
            Status::Interrupted => 130,
        }
    }
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        ExitCode::from(s.code())
    }
}

/// Prints an error in thinpost's form, one `thinpost: error:` line per line of `e`, and
/// returns [`Status::Error`].
pub fn error(e: impl std::fmt::Display) -> Status {
    for line in e.to_string().lines() {
        eprintln!("thinpost: error: {line}");
    }
    Status::Error
}

/// Writes a command's report to standard output. A reader that went away
/// (`thinpost scan --list | head`) is not an error: the output was not wanted.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Status> {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(error(format!("writing output: {e}"))),
    }
}

/// `--runner`, else `$THINPOST_RUNNER` (`clang`, `persistent` or `lto`), else clang processes.
fn runner_kind(option: Option<crate::pipeline::runner::RunnerKind>) -> crate::pipeline::runner::RunnerKind {
    use clap::ValueEnum;
    option
        .or_else(|| {
            let v = std::env::var("THINPOST_RUNNER").ok()?;
            crate::pipeline::runner::RunnerKind::from_str(&v, true).ok()
        })
        .unwrap_or_default()
}

/// Checks that `path` is a kbuild object tree (see [`crate::kbuild::tree::MARKERS`]).
fn objtree(path: &std::path::Path) -> Result<(), Status> {
    crate::kbuild::tree::ObjTree::open(path).map(|_| ()).map_err(error)
}

#[derive(Parser, Debug)]
#[command(name = "thinpost", version, about = "A fast, ThinLTO-aware companion to the Linux kernel's modpost")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a kbuild object tree: classify objects, read symbols, exports and CRCs.
    Scan(ScanArgs),
    /// Check a distributed-ThinLTO tree before the final link and before modpost.
    Verify(VerifyArgs),
    /// Run the distributed ThinLTO pipeline: thin-link, backend compiles, native vmlinux.a.
    Build(BuildArgs),
    /// Run the backend jobs of an LLVM DTLTO JSON file (ld.lld --thinlto-distributor).
    Dtlto(DtltoArgs),
    /// Pipeline stage: the thin-link (writes vmlinux.thinlto-index and *.o.thinlto.bc).
    Index(BuildArgs),
    /// Pipeline stage: one backend compile per indexed IR object (*.thinlto-native.o).
    Backend(BuildArgs),
    /// Pipeline stage: the thin vmlinux.a with each IR member replaced by its native.
    Archive(BuildArgs),
    /// Compare a build's exports against a baseline Module.symvers and fail on ABI
    /// breaks (lost exports, CRC changes, GPL restriction, namespace changes), in text,
    /// JSON, JUnit, SARIF or GitHub annotation form. Exit 0 pass, 1 break, 2 error.
    Gate(GateArgs),
    /// Replace scripts/mod/modpost: takes modpost's own arguments
    /// (-M -m -a -E -w -N -W -n -t -e -u FILE -i FILE -o FILE -T FILE -d FILE vmlinux.o),
    /// plus --compat, --vmlinux-archive FILE and --devtable-version=X.Y (device-table
    /// rules; 6.12 by default). Also run when invoked as `modpost`.
    #[command(disable_help_flag = true)]
    Modpost {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run as kbuild's compiler (`make CC="thinpost cc clang-22"`, or a link named
    /// `clang-22` to thinpost): backend compiles are served from the content-keyed store,
    /// ThinLTO compiles record their flags for `thinpost dtlto`; the rest is the compiler.
    #[command(disable_help_flag = true)]
    Cc {
        /// The real compiler, then its arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Run as kbuild's linker (a link named `ld.lld-22` to thinpost, as `LD=`): ThinLTO
    /// links get their backends distributed by `thinpost dtlto` (lld's DTLTO).
    #[command(disable_help_flag = true)]
    Ld {
        /// The real linker, then its arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Write man pages (thinpost.1 and one per command) into DIR.
    Man { dir: PathBuf },
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// The kbuild object tree (where vmlinux.a, modules.order and the objects are).
    #[arg(default_value = ".")]
    pub objtree: PathBuf,
    /// Print one line per object: kind, path, symbol/export/CRC counts.
    #[arg(long)]
    pub list: bool,
    /// Print the whole inventory as JSON.
    #[arg(long, conflicts_with = "list")]
    pub json: bool,
    /// Worker threads (default: one per CPU).
    #[arg(short, long)]
    pub jobs: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The kbuild object tree.
    #[arg(default_value = ".")]
    pub objtree: PathBuf,
    /// Symbols that must keep their names (one per line: livepatch/kprobe targets).
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: one per CPU).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Model this kernel version's kbuild and modpost (X.Y) instead of the tree's
    /// (include/config/kernel.release, include/generated/utsrelease.h or the Makefile).
    #[arg(long, value_name = "X.Y", value_parser = parse_kernel_version)]
    pub kernel_version: Option<crate::kbuild::version::KernelVersion>,
}

fn parse_kernel_version(s: &str) -> Result<crate::kbuild::version::KernelVersion, String> {
    crate::kbuild::version::KernelVersion::parse(s).ok_or_else(|| format!("expected X.Y, got '{s}'"))
}

#[derive(clap::Args, Debug)]
pub struct GateArgs {
    /// The baseline: a Module.symvers-style file (any layout: namespace last, namespace
    /// third as in 5.4-5.5, or the four-field layout before 5.4; CRCs with or without 0x).
    #[arg(long, value_name = "OLD")]
    pub baseline: PathBuf,
    /// The current build as a Module.symvers-style file.
    #[arg(long, value_name = "NEW", conflicts_with = "objtree")]
    pub current: Option<PathBuf>,
    /// The current build as a kbuild object tree, scanned directly (default: .).
    #[arg(value_name = "OBJTREE")]
    pub objtree: Option<PathBuf>,
    /// A kabi.pl rules file (`PATTERN PASS|FAIL` per line; first match wins). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// A stablelist: symbols that must not change, one per line. Breaks to other symbols
    /// are then tolerated unless a rule fails them. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub stablelist: Vec<PathBuf>,
    /// A tree with the baseline build's .symtypes and .cmd files (KBUILD_SYMTYPES=1):
    /// CRC changes are then explained by the type whose definition changed.
    #[arg(long, value_name = "DIR")]
    pub baseline_symtypes: Option<PathBuf>,
    /// The same for the current build (default: OBJTREE).
    #[arg(long, value_name = "DIR", requires = "baseline_symtypes")]
    pub current_symtypes: Option<PathBuf>,
    /// Output format: text, json, junit, sarif or github; `FORMAT=FILE` writes to FILE.
    /// Repeatable (at most one without a file).
    #[arg(short, long, value_name = "FORMAT[=FILE]", default_value = "text")]
    pub format: Vec<String>,
    /// Worker threads for the scan (default: one per CPU).
    #[arg(short, long)]
    pub jobs: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct DtltoArgs {
    #[command(flatten)]
    pub run: JobArgs,
    /// Where outputs are cached by content (default: $THINPOST_CACHE_DIR, else
    /// $XDG_CACHE_HOME/thinpost, else ~/.cache/thinpost).
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
    /// The DTLTO JSON file (lld passes it last).
    pub json: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The kbuild object tree.
    #[arg(default_value = ".")]
    pub objtree: PathBuf,
    /// The compiler for backends (default: $CC, else from $LLVM, else clang in PATH).
    #[arg(long)]
    pub cc: Option<String>,
    /// The linker for the thin-link (default: $LD, else from $LLVM).
    #[arg(long)]
    pub ld: Option<String>,
    /// The archiver (default: $AR, else from $LLVM); thinpost writes archives itself.
    #[arg(long)]
    pub ar: Option<String>,
    /// Linker flags for the thin-link (default: KBUILD_LDFLAGS from .vmlinux.o.cmd).
    #[arg(long, allow_hyphen_values = true)]
    pub ldflags: Option<String>,
    #[command(flatten)]
    pub run: JobArgs,
    /// The backend cache (default: OBJTREE/.thinpost-cache).
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
    /// Bound on the cache's size in MiB (default 2048).
    #[arg(long)]
    pub cache_max_mib: Option<u64>,
    /// Run the backend jobs that miss the cache through this DTLTO distributor (a
    /// command, split as a shell would; the JSON file's path is appended).
    #[arg(long)]
    pub distributor: Option<String>,
    /// An extra argument for the distributor (repeatable).
    #[arg(long = "distributor-arg", allow_hyphen_values = true)]
    pub distributor_args: Vec<String>,
}

/// How the jobs of `build`, `backend` and `dtlto` run.
#[derive(clap::Args, Debug)]
pub struct JobArgs {
    /// Run at most N jobs at once (default: make's jobserver, else one per CPU).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Keep going after a job fails.
    #[arg(short = 'k', long)]
    pub keep_going: bool,
    /// Print the commands (also V=1 or KBUILD_VERBOSE=1 in the environment).
    #[arg(short, long)]
    pub verbose: bool,
    /// How jobs run: `clang`, one process per job; `persistent`, clang workers that pay
    /// clang's start-up once (outputs are clang's, byte for byte); or `lto`, LLVM's
    /// ThinLTO backend in long-lived servers configured as in-process ld.lld (natives
    /// are lld's, stored apart; a job it cannot run as lld would, or that warns, runs
    /// as clang). The last two need thinpost built with the `persistent` feature
    /// (otherwise a warning, and jobs run as clang processes).
    /// Default: `$THINPOST_RUNNER` (how a kbuild run sets it for every link), else clang.
    #[arg(long, value_enum)]
    pub runner: Option<crate::pipeline::runner::RunnerKind>,
}

impl JobArgs {
    /// `-v`, or V=1 / KBUILD_VERBOSE=1 in the environment (kbuild's way).
    fn verbose(&self) -> bool {
        self.verbose || ["V", "KBUILD_VERBOSE"].iter().any(|k| std::env::var(k).is_ok_and(|v| v == "1"))
    }
}

impl BuildArgs {
    fn options(&self) -> crate::pipeline::BuildOptions {
        crate::pipeline::BuildOptions {
            objtree: self.objtree.clone(),
            tools: crate::pipeline::tools::ToolOverrides {
                cc: self.cc.clone(),
                ld: self.ld.clone(),
                ar: self.ar.clone(),
            },
            ldflags: self.ldflags.as_deref().map(|f| f.split_whitespace().map(str::to_string).collect()),
            jobs: self.run.jobs,
            keep_going: self.run.keep_going,
            verbose: self.run.verbose(),
            cache_dir: self.cache_dir.clone(),
            cache_max_bytes: self.cache_max_mib.map(|m| m << 20),
            distributor: self.distributor.as_deref().map(|d| {
                let mut argv = shlex::split(d).unwrap_or_else(|| vec![d.to_string()]);
                argv.extend(self.distributor_args.iter().cloned());
                argv
            }),
            runner: runner_kind(self.run.runner),
        }
    }
}

pub fn main() -> ExitCode {
    let args_os: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // make's jobserver, first, while only the standard descriptors are open (the commands
    // that run jobs use it; the others leave the descriptors alone).
    if matches!(args_os.get(1).and_then(|a| a.to_str()), Some("build" | "backend" | "index" | "dtlto")) {
        crate::pipeline::executor::take_jobserver();
    }
    let invoked_as = args_os.first().map(|a| a.to_string_lossy().rsplit('/').next().unwrap_or_default().to_string());
    let invoked_as = invoked_as.unwrap_or_default();
    // A link named like a tool (ccache's masquerade): thinpost is that tool's wrapper.
    if let Some(tool) = crate::wrapper::Tool::from_name(&invoked_as) {
        return crate::wrapper::run(tool, &invoked_as, &args_os[1..]);
    }
    // `thinpost cc COMPILER ARGS…`, `thinpost ld LINKER ARGS…`: arguments verbatim.
    if let (Some(sub), Some(tool_name)) = (args_os.get(1).and_then(|a| a.to_str()), args_os.get(2)) {
        let tool = match sub {
            "cc" => Some(crate::wrapper::Tool::Compiler),
            "ld" => Some(crate::wrapper::Tool::Linker),
            _ => None,
        };
        if let Some(tool) = tool {
            return crate::wrapper::run(tool, &tool_name.to_string_lossy(), &args_os[3..]);
        }
    }
    let argv: Vec<String> = std::env::args().collect();
    // Invoked through a link named `modpost` (make MODPOST=...): behave as modpost.
    if invoked_as == "modpost" {
        return run_modpost(&argv[0], &argv[1..]);
    }
    // `thinpost modpost ...` takes modpost's arguments verbatim, so it is dispatched
    // before clap, which would otherwise interpret them.
    if argv.get(1).map(String::as_str) == Some("modpost") {
        return run_modpost("thinpost modpost", &argv[2..]);
    }
    let cli = Cli::parse();
    use crate::pipeline::cli::{run as stages, Stages};
    let status = match cli.command {
        Command::Scan(args) => run_scan(&args),
        Command::Modpost { args } => return run_modpost("thinpost modpost", &args),
        // Reached only without a tool name (dispatched above otherwise).
        Command::Cc { .. } | Command::Ld { .. } => {
            error("cc/ld: name the real tool first (thinpost cc clang-22 ARGS…)")
        }
        Command::Verify(a) => run_verify(&a),
        Command::Dtlto(a) => run_dtlto(&a),
        Command::Gate(args) => run_gate(&args),
        Command::Completions { shell } => {
            // Generated into memory: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "thinpost", &mut script);
            write_stdout(|out| out.write_all(&script)).err().unwrap_or(Status::Ok)
        }
        Command::Man { dir } => write_man_pages(&dir),
        Command::Build(a) => objtree(&a.objtree).map_or_else(|s| s, |()| stages(&a.options(), Stages::ALL)),
        Command::Index(a) => objtree(&a.objtree).map_or_else(|s| s, |()| stages(&a.options(), Stages::INDEX)),
        Command::Backend(a) => objtree(&a.objtree).map_or_else(|s| s, |()| stages(&a.options(), Stages::BACKEND)),
        Command::Archive(a) => objtree(&a.objtree).map_or_else(|s| s, |()| stages(&a.options(), Stages::ARCHIVE)),
    };
    status.into()
}

/// Writes `thinpost.1` and `thinpost-<command>.1` for every command into `dir`.
fn write_man_pages(dir: &std::path::Path) -> Status {
    let cmd = <Cli as clap::CommandFactory>::command();
    if let Err(e) = std::fs::create_dir_all(dir) {
        return error(format!("{}: {e}", dir.display()));
    }
    let mut pages = vec![("thinpost".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        let name = format!("thinpost-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name).bin_name(format!("thinpost {}", sub.get_name()))));
    }
    for (name, page) in pages {
        let mut buf = Vec::new();
        if let Err(e) = clap_mangen::Man::new(page).render(&mut buf) {
            return error(format!("rendering {name}.1: {e}"));
        }
        let path = dir.join(format!("{name}.1"));
        if let Err(e) = crate::write::write_atomic(&path, &buf, crate::write::Durability::Rename) {
            return error(e);
        }
    }
    Status::Ok
}

fn run_modpost(prog: &str, args: &[String]) -> ExitCode {
    let status = crate::modpost::run(prog, args, std::path::Path::new("."), &mut std::io::stderr());
    ExitCode::from(status.clamp(0, 255) as u8)
}

fn run_gate(args: &GateArgs) -> Status {
    use crate::gate::report::{self, Format};
    let mut outputs: Vec<(Format, Option<PathBuf>)> = Vec::new();
    for spec in &args.format {
        let (name, file) = match spec.split_once('=') {
            Some((n, f)) => (n, Some(PathBuf::from(f))),
            None => (spec.as_str(), None),
        };
        match name.parse::<Format>() {
            Ok(f) => outputs.push((f, file)),
            Err(e) => return error(format!("--format: {e}")),
        }
    }
    if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
        return error("--format: at most one format can go to standard output (use FORMAT=FILE)");
    }
    let current = match (&args.current, &args.objtree) {
        (Some(p), _) => crate::gate::Current::Symvers(p.clone()),
        (None, dir) => {
            let dir = dir.clone().unwrap_or_else(|| PathBuf::from("."));
            if let Err(s) = objtree(&dir) {
                return s;
            }
            crate::gate::Current::Objtree(dir)
        }
    };
    let opts = crate::gate::GateOptions {
        baseline: args.baseline.clone(),
        current,
        rules: args.rules.clone(),
        stablelists: args.stablelist.clone(),
        explain: crate::gate::ExplainOptions {
            baseline: args.baseline_symtypes.clone(),
            current: args.current_symtypes.clone(),
        },
        jobs: args.jobs,
    };
    let report = match crate::gate::run(&opts) {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    for (format, file) in &outputs {
        let bytes = report::render(&report, *format);
        let result = match file {
            Some(path) => crate::write::write_atomic(path, &bytes, crate::write::Durability::Rename).map_err(error),
            None => write_stdout(|out| out.write_all(&bytes)),
        };
        if let Err(s) = result {
            return s;
        }
    }
    if report.failed() {
        Status::Findings
    } else {
        Status::Ok
    }
}

fn run_dtlto(a: &DtltoArgs) -> Status {
    let opts = crate::dtlto::DistributorOptions {
        json: a.json.clone(),
        jobs: a.run.jobs,
        keep_going: a.run.keep_going,
        verbose: a.run.verbose(),
        cache_dir: a.cache_dir.clone(),
        runner: runner_kind(a.run.runner),
    };
    match crate::dtlto::distribute(&opts) {
        Ok(s) if s.failed == 0 => Status::Ok,
        Ok(_) => Status::Findings,
        Err(e) => error(e),
    }
}

fn run_verify(args: &VerifyArgs) -> Status {
    use crate::verify::{verify, Severity, VerifyOptions};
    let keep = match &args.keep {
        None => Vec::new(),
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => {
                t.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
            }
            Err(e) => return error(format!("{}: {e}", p.display())),
        },
    };
    if let Err(s) = objtree(&args.objtree) {
        return s;
    }
    let opts =
        VerifyOptions { objtree: args.objtree.clone(), keep, jobs: args.jobs, kernel_version: args.kernel_version };
    let findings = match verify(&opts) {
        Ok(v) => {
            if let Some(note) = &v.version_note {
                eprintln!("{note}");
            }
            v.findings
        }
        Err(errors) => return error(errors),
    };
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, notes) = (count(Severity::Error), count(Severity::Warning), count(Severity::Note));
    let written = write_stdout(|out| {
        if args.json {
            let report = serde_json::json!({
                "objtree": args.objtree,
                "summary": { "errors": errors, "warnings": warnings, "notes": notes },
                "findings": findings,
            });
            serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
            writeln!(out)
        } else {
            findings.iter().try_for_each(|f| writeln!(out, "{}", f.to_text()))?;
            writeln!(out, "thinpost verify: {errors} errors, {warnings} warnings, {notes} notes")
        }
    });
    if let Err(s) = written {
        return s;
    }
    if errors > 0 || (args.strict && warnings > 0) {
        Status::Findings
    } else {
        Status::Ok
    }
}

fn run_scan(args: &ScanArgs) -> Status {
    if let Err(s) = objtree(&args.objtree) {
        return s;
    }
    let inv = match inventory::scan(&args.objtree, &ScanOptions { jobs: args.jobs }) {
        Ok(inv) => inv,
        Err(errors) => return error(errors),
    };
    let written = write_stdout(|out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &inv).map_err(std::io::Error::from)?;
            writeln!(out)
        } else {
            print_summary(out, &inv, args.list)
        }
    });
    written.err().unwrap_or(Status::Ok)
}

fn print_summary(out: &mut dyn Write, inv: &Inventory, list: bool) -> std::io::Result<()> {
    if list {
        for o in &inv.objects {
            let defined = o.defined_globals().count();
            let undefined = o.symbols.iter().filter(|s| !s.defined).count();
            writeln!(
                out,
                "{:<10} {}\tdefined={} undefined={} exports={} crcs={}",
                o.kind.label(),
                o.path,
                defined,
                undefined,
                o.exports.len(),
                o.crcs().len()
            )?;
        }
    }
    let k = inv.count_kinds(&inv.vmlinux);
    let source = match inv.vmlinux_source {
        inventory::VmlinuxSource::VmlinuxA => "vmlinux.a",
        inventory::VmlinuxSource::VmlinuxObjs => ".vmlinux.objs",
        inventory::VmlinuxSource::BuiltinOrder => "builtin.order",
        inventory::VmlinuxSource::None => "none",
    };
    writeln!(
        out,
        "vmlinux ({source}): {} objects: {} IR, {} IR (wrapper), {} ELF, {} other",
        inv.vmlinux.len(),
        k.ir_raw,
        k.ir_wrapper,
        k.elf_rel,
        k.other
    )?;
    if !inv.thinlto_inputs.is_empty() {
        let t = inv.count_kinds(&inv.thinlto_inputs);
        writeln!(
            out,
            "thinlto inputs (builtin.order): {} objects: {} IR, {} ELF",
            inv.thinlto_inputs.len(),
            t.ir_raw + t.ir_wrapper,
            t.elf_rel
        )?;
    }
    let members: usize = inv.modules.iter().map(|m| m.members.len()).sum();
    writeln!(out, "modules (modules.order): {} modules, {} member objects", inv.modules.len(), members)?;
    let exports: usize = inv.vmlinux.iter().map(|&i| inv.objects[i].exports.len()).sum();
    let crcs: usize = inv.vmlinux.iter().map(|&i| inv.objects[i].crcs().len()).sum();
    writeln!(out, "vmlinux exports: {exports}, #SYMVER CRCs: {crcs}")?;
    Ok(())
}
