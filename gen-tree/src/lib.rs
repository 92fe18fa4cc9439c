//! A scale generator: writes a synthetic, kbuild-shaped object tree of real ELF
//! relocatable objects that the kernel's modpost accepts, for benchmarking modpost
//! replacements at the size of a distribution kernel (~20k vmlinux objects, ~6k modules).
//!
//! What a tree holds (`OUT_DIR` = the objtree):
//! - `<dir>/<file>.o` for vmlinux members and modules (one object per module, like
//!   kbuild's single-object modules), with `.text`, `.data`/`.rodata`/`.bss`,
//!   `.init.text`, undefined references, `.export_symbol` (6.5+ layout), and for modules
//!   `.modinfo`, `init_module` and usually `cleanup_module`;
//! - `<dir>/.<file>.o.cmd` with `savedcmd_`, `source_`, a `deps_` block and `#SYMVER`;
//! - `<dir>/<module>.mod`, `modules.order`, `builtin.order`;
//! - `vmlinux.a` (thin, `llvm-ar cDPrST`), `.vmlinux.objs` (`llvm-ar t vmlinux.a`) and
//!   `vmlinux.o` (`ld.lld -r --whole-archive vmlinux.a`), with their `.cmd` files;
//! - `.Module.symvers.cmd`, recording the modpost command kbuild would run.
//!
//! Output depends only on the [`Config`]: every file draws from its own random stream
//! (seed, file index), so files are written in parallel in any order.

mod cmd;
mod elf;

/// Linux 6.12's `scripts/mod/devicetable-offsets.h` for x86_64 (the copy thinpost keeps
/// for trees that lack it).
const DEVICETABLE_OFFSETS: &str = include_str!("../../src/modpost/devtable/builtin/x86_64-6.12.h");
mod names;
pub mod plan;
mod rng;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use plan::{Plan, Unit};
use rng::Rng;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// vmlinux members (`vmlinux.a`), `kernel/module/version.o` (which exports
    /// `module_layout`) included.
    pub objects: usize,
    pub modules: usize,
    /// `EXPORT_SYMBOL*`s in all, `module_layout` included; about 60% in vmlinux.
    pub exports: usize,
    pub seed: u64,
    /// Mean length in lines of each `.cmd` file's `deps_` block.
    pub cmd_deps_lines: usize,
    /// The linker for `vmlinux.o` and the archiver for `vmlinux.a`.
    pub ld: String,
    pub ar: String,
}

/// Exports per vmlinux object when not given (35,000 for 20,000 objects).
pub const EXPORTS_PER_OBJECT: f64 = 1.75;
/// The `deps_` length that gives `.cmd` files of tiny-6.12's mean size (~60 KiB).
pub const DEFAULT_DEPS_LINES: usize = 1050;

impl Config {
    /// A tree of `objects` vmlinux members and `modules` modules, other settings default.
    pub fn sized(objects: usize, modules: usize) -> Self {
        Config {
            objects,
            modules,
            exports: (objects as f64 * EXPORTS_PER_OBJECT).round() as usize,
            seed: 1,
            cmd_deps_lines: DEFAULT_DEPS_LINES,
            ld: "ld.lld-19".into(),
            ar: "llvm-ar-19".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::sized(20_000, 6_000)
    }
}

/// What was written, and how long each phase took.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub vmlinux_objects: usize,
    pub modules: usize,
    pub vmlinux_exports: usize,
    pub module_exports: usize,
    /// Undefined references of modules (what modpost resolves).
    pub module_imports: usize,
    /// Bytes of objects and `.cmd` files written (before `vmlinux.o`).
    pub bytes_written: u64,
    pub plan_time: Duration,
    pub write_time: Duration,
    pub archive_time: Duration,
    pub link_time: Duration,
}

const STREAM_OBJECT: u64 = 10;
const STREAM_CMD: u64 = 11;

/// Generates a tree into `out`, which must be empty or absent.
pub fn generate(config: &Config, out: &Path) -> Result<Summary> {
    if config.objects == 0 {
        bail!("a tree needs at least one vmlinux object (kernel/module/version.o exports module_layout)");
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    if std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?.next().is_some() {
        bail!("{}: not empty (the generator writes fresh trees only)", out.display());
    }
    let start = Instant::now();
    let plan = plan::plan(config);
    let mut summary = Summary {
        vmlinux_objects: plan.vmlinux.len(),
        modules: plan.modules.len(),
        vmlinux_exports: plan.vmlinux.iter().map(|u| u.exports.len()).sum(),
        module_exports: plan.modules.iter().map(|u| u.exports.len()).sum(),
        module_imports: plan.modules.iter().map(|u| u.imports.len()).sum(),
        plan_time: start.elapsed(),
        ..Summary::default()
    };

    let start = Instant::now();
    summary.bytes_written = write_units(config, &plan, out)?;
    write_lists(&plan, out)?;
    summary.write_time = start.elapsed();

    let start = Instant::now();
    archive(config, &plan, out)?;
    summary.archive_time = start.elapsed();
    let start = Instant::now();
    link(config, out)?;
    summary.link_time = start.elapsed();
    Ok(summary)
}

/// Plain writes, not `write::write_atomic`: this is a fresh tree that nothing reads
/// while it is being made, and a rename per file would double the cost of 50k files.
fn write(path: &Path, data: &[u8]) -> Result<()> {
    std::fs::write(path, data).with_context(|| format!("writing {}", path.display()))
}

/// Every object with its `.cmd` file (and a module's `.mod`), in parallel.
fn write_units(config: &Config, plan: &Plan, out: &Path) -> Result<u64> {
    let dirs: BTreeSet<&str> = plan.vmlinux.iter().chain(&plan.modules).map(Unit::dir).collect();
    for dir in dirs {
        let path = out.join(dir);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    }
    let pool = cmd::DepsPool::new(config.seed);
    let units: Vec<&Unit> = plan.vmlinux.iter().chain(&plan.modules).collect();
    let sizes = units
        .par_iter()
        .enumerate()
        .map(|(i, unit)| -> Result<u64> {
            let object = elf::object_bytes(unit, &mut Rng::derive(config.seed, STREAM_OBJECT, i as u64));
            write(&out.join(&unit.path), &object)?;
            let cmd =
                cmd::cmd_file(unit, config.cmd_deps_lines, &pool, &mut Rng::derive(config.seed, STREAM_CMD, i as u64));
            write(&out.join(unit.dir()).join(format!(".{}.o.cmd", unit.base())), &cmd)?;
            if unit.module.is_some() {
                write(&out.join(format!("{}.mod", unit.stem())), format!("{}\n", unit.path).as_bytes())?;
            }
            Ok((object.len() + cmd.len()) as u64)
        })
        .collect::<Result<Vec<u64>>>()?;
    Ok(sizes.iter().sum())
}

fn lines<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    paths.flat_map(|p| [p, "\n"]).collect()
}

fn write_lists(plan: &Plan, out: &Path) -> Result<()> {
    let modules = lines(plan.modules_order.iter().map(|&i| plan.modules[i].path.as_str()));
    write(&out.join("modules.order"), modules.as_bytes())?;
    write(&out.join("builtin.order"), lines(plan.vmlinux.iter().map(|u| u.path.as_str())).as_bytes())?;
    write(
        &out.join(".Module.symvers.cmd"),
        b"savedcmd_Module.symvers :=  scripts/mod/modpost -M -m  -E     -o Module.symvers -T modules.order vmlinux.o\n",
    )?;
    // The trees are shaped like Linux 6.12's (modpost's 6.12 outputs and options), for
    // x86_64: kbuild's device-table layouts of that kernel, as every objtree has them.
    std::fs::create_dir_all(out.join("include/config")).with_context(|| format!("creating {}", out.display()))?;
    write(&out.join("include/config/kernel.release"), b"6.12.0\n")?;
    std::fs::create_dir_all(out.join("scripts/mod")).with_context(|| format!("creating {}", out.display()))?;
    write(&out.join("scripts/mod/devicetable-offsets.h"), DEVICETABLE_OFFSETS.as_bytes())
}

fn run(cmd: &mut Command) -> Result<Vec<u8>> {
    let output = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    if !output.status.success() {
        bail!("{cmd:?} failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    Ok(output.stdout)
}

/// `vmlinux.a` as kbuild makes it (`llvm-ar cDPrST vmlinux.a <builtin.order>`), and
/// `.vmlinux.objs` as `llvm-ar t vmlinux.a`. The member list goes through a response
/// file: 50k paths overflow a command line.
fn archive(config: &Config, plan: &Plan, out: &Path) -> Result<()> {
    let members = lines(plan.vmlinux.iter().map(|u| u.path.as_str()));
    let mut rsp =
        tempfile::Builder::new().prefix(".vmlinux.a.rsp.").tempfile_in(out).context("creating a response file")?;
    std::io::Write::write_all(&mut rsp, members.as_bytes()).context("writing the response file")?;
    let rsp_name = rsp.path().file_name().expect("a temporary file has a name").to_string_lossy().into_owned();
    run(Command::new(&config.ar).current_dir(out).arg("cDPrST").arg("vmlinux.a").arg(format!("@{rsp_name}")))?;
    drop(rsp);
    let listed = run(Command::new(&config.ar).current_dir(out).arg("t").arg("vmlinux.a"))?;
    if listed != members.as_bytes() {
        bail!("{} t vmlinux.a does not list the objects in link order", config.ar);
    }
    write(&out.join(".vmlinux.objs"), &listed)?;
    let savedcmd =
        format!("savedcmd_vmlinux.a := rm -f vmlinux.a; {} cDPrST vmlinux.a $(cat builtin.order)\n", config.ar);
    write(&out.join(".vmlinux.a.cmd"), savedcmd.as_bytes())
}

/// `vmlinux.o`: the real linker, once, over the whole archive.
fn link(config: &Config, out: &Path) -> Result<()> {
    let args = ["-m", "elf_x86_64", "-r", "-o", "vmlinux.o", "--whole-archive", "vmlinux.a", "--no-whole-archive"];
    run(Command::new(&config.ld).current_dir(out).args(args))?;
    let savedcmd = format!("savedcmd_vmlinux.o := {} {}\n", config.ld, args.join(" "));
    write(&out.join(".vmlinux.o.cmd"), savedcmd.as_bytes())
}
