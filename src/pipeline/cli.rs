//! Running pipeline stages from the command line: summary, exit status, SIGINT.

use std::sync::atomic::Ordering;
use std::time::Instant;

use super::*;

/// Which stages to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stages {
    pub index: bool,
    pub backend: bool,
    pub archive: bool,
}

impl Stages {
    pub const ALL: Stages = Stages { index: true, backend: true, archive: true };
    pub const INDEX: Stages = Stages { index: true, backend: false, archive: false };
    pub const BACKEND: Stages = Stages { index: false, backend: true, archive: false };
    pub const ARCHIVE: Stages = Stages { index: false, backend: false, archive: true };
}

/// Runs `stages`; prints errors and the summary; returns how it ended.
pub fn run(opts: &BuildOptions, stages: Stages) -> crate::cli::Status {
    use crate::cli::{error, Status};
    // SIGINT: stop starting jobs; running compiles get the signal from the terminal
    // too. Temporaries are removed and the run ends with status 130.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    match run_stages(opts, stages) {
        Ok(()) => Status::Ok,
        Err(PipelineError::Interrupted) => {
            eprintln!("thinpost: interrupted");
            Status::Interrupted
        }
        Err(PipelineError::Input(e)) => error(e),
        Err(e) => {
            error(e);
            Status::Findings
        }
    }
}

/// The LLVM major version that wrote the tree's bitcode (the first IR object's).
fn bitcode_producer_major(objtree: &std::path::Path, objects: &[String]) -> Option<u32> {
    objects.iter().find_map(|o| {
        let data = std::fs::read(objtree.join(o)).ok()?;
        if !crate::formats::magic::classify(&data).is_ir() {
            return None;
        }
        let ir = crate::formats::bitcode::read_bitcode(&data).ok()?;
        tools::producer_major(&ir.producer)
    })
}

fn run_stages(opts: &BuildOptions, stages: Stages) -> Result<(), PipelineError> {
    let started = Instant::now();
    let cache = open_cache(opts)?;
    let objects = prepare_ir_archive(&opts.objtree)?;
    let tools = Toolchain::resolve_for(&opts.tools, bitcode_producer_major(&opts.objtree, &objects));
    if opts.verbose {
        eprintln!("thinpost: CC={} LD={} AR={}", tools.cc, tools.ld, tools.ar);
    }
    if stages.index {
        thin_link(opts, &tools, &objects, &cache)?;
    }
    if stages.backend {
        let jobs = plan_backends(&opts.objtree, &tools)?;
        let console = Console::new(jobs.len());
        let t = Instant::now();
        let result = run_backends(opts, &tools, &cache, &jobs, &console);
        let s = match &result {
            Ok(s) => s.clone(),
            Err(_) => BackendSummary { total: jobs.len(), ..Default::default() },
        };
        if result.is_ok() {
            eprintln!(
                "thinpost: backends: {} jobs: {} compiled, {} up to date, {} from cache, 0 failed ({})",
                s.total,
                s.compiled,
                s.up_to_date,
                s.restored,
                seconds(t.elapsed())
            );
        }
        result?;
    }
    if stages.archive {
        let indexed = read_list_file(&opts.objtree.join(INDEX_LIST))?;
        let members = native_members(&opts.objtree, &objects, &indexed)?;
        write_native_archive(&opts.objtree, &members)?;
        eprintln!("  {:<7} {NATIVE_ARCHIVE}", "AR");
    }
    if opts.verbose {
        eprintln!("thinpost: done in {}", seconds(started.elapsed()));
    }
    Ok(())
}
