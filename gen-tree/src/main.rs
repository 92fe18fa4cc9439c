//! Writes a synthetic kbuild tree for modpost benchmarks (see the library's docs).
//!
//! ```text
//! cargo run --release -p thinpost-gen-tree -- --objects 20000 --modules 6000 /tmp/tree
//! cd /tmp/tree && scripts/mod/modpost -M -m -E -o Module.symvers -T modules.order vmlinux.o
//! ```

use std::path::PathBuf;

use clap::Parser;
use thinpost_gen_tree::{generate, Config, DEFAULT_DEPS_LINES, EXPORTS_PER_OBJECT};

#[derive(Parser, Debug)]
#[command(about = "Generate a kbuild-shaped tree of real ELF objects for modpost benchmarks")]
struct Args {
    /// vmlinux objects (members of vmlinux.a).
    #[arg(long, default_value_t = 20_000)]
    objects: usize,
    /// Modules (one object each).
    #[arg(long, default_value_t = 6_000)]
    modules: usize,
    /// EXPORT_SYMBOLs in all, about 60% in vmlinux [default: 1.75 per vmlinux object].
    #[arg(long)]
    exports: Option<usize>,
    /// Random seed: the same seed (and sizes) gives the same tree, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Mean lines in each .cmd file's deps_ block (the bulk of a real .cmd file).
    #[arg(long, default_value_t = DEFAULT_DEPS_LINES)]
    cmd_deps: usize,
    /// Linker for vmlinux.o.
    #[arg(long, default_value = "ld.lld-19")]
    ld: String,
    /// Archiver for vmlinux.a.
    #[arg(long, default_value = "llvm-ar-19")]
    ar: String,
    /// Where to write the tree (must be empty or absent).
    out_dir: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let config = Config {
        exports: args.exports.unwrap_or((args.objects as f64 * EXPORTS_PER_OBJECT).round() as usize),
        seed: args.seed,
        cmd_deps_lines: args.cmd_deps,
        ld: args.ld,
        ar: args.ar,
        ..Config::sized(args.objects, args.modules)
    };
    let s = generate(&config, &args.out_dir)?;
    println!(
        "{}: {} vmlinux objects ({} exports), {} modules ({} exports, {} imports); {:.1} MiB of objects and .cmd files",
        args.out_dir.display(),
        s.vmlinux_objects,
        s.vmlinux_exports,
        s.modules,
        s.module_exports,
        s.module_imports,
        s.bytes_written as f64 / (1 << 20) as f64
    );
    println!(
        "plan {:.2}s, write {:.2}s, llvm-ar {:.2}s, ld.lld {:.2}s",
        s.plan_time.as_secs_f64(),
        s.write_time.as_secs_f64(),
        s.archive_time.as_secs_f64(),
        s.link_time.as_secs_f64()
    );
    Ok(())
}
