//! The one job runner. Every compile and link thinpost runs — the backend compiles of
//! `build`/`backend`, the jobs of a DTLTO file, the thin-link, and the backends the
//! `cc` wrapper serves — is a [`Job`]: a command that prints itself in kbuild's style,
//! runs with its output captured and printed whole, has its result checked, written
//! atomically and stored by content (as cargo's `ProcessBuilder` and ccache do).
//!
//! What decides *whether* a job runs (a recorded key, make's mtimes) belongs to the
//! caller; the runner only knows how.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::cache::{Cache, Key};
use super::{command_line, Console};
use crate::formats::magic::{classify, ObjectKind};

/// How a job is named in kbuild's quiet output: `  BE [M]  fs/mbcache.o`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quiet {
    /// kbuild's short command name (`BE` for a backend, `LD` for a link).
    pub tag: &'static str,
    /// A module's object (kbuild prints `[M]` after the tag).
    pub module: bool,
    /// The kernel object the job is about, relative to the objtree.
    pub name: String,
}

impl Quiet {
    /// The quiet line, with an optional note (`(cached)`).
    pub fn line(&self, note: &str) -> String {
        let tag = if self.module { format!("{} [M]", self.tag) } else { self.tag.to_string() };
        let note = if note.is_empty() { String::new() } else { format!(" {note}") };
        format!("  {tag:<7} {}{note}\n", self.name)
    }
}

/// What a finished job must have left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// An ELF relocatable object (a backend whose imported module is missing can exit 0
    /// and leave nothing valid: LLVM issue 75441).
    ElfRelocatable,
    /// A non-empty file; when it is ELF, a relocatable one (DTLTO outputs for targets
    /// thinpost does not parse are taken as they are).
    Object,
    /// The file exists (the thin-link's index list).
    Exists,
}

impl Check {
    pub fn passes(self, path: &Path) -> bool {
        match self {
            Check::Exists => path.exists(),
            Check::ElfRelocatable => head(path).is_some_and(|h| classify(&h) == ObjectKind::ElfRel),
            Check::Object => match head(path) {
                Some(h) => !h.starts_with(b"\x7fELF") || classify(&h) == ObjectKind::ElfRel,
                None => false,
            },
        }
    }
}

/// The first bytes of a file: enough to classify it; `None` when unreadable or empty.
fn head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(64);
    std::fs::File::open(path).ok()?.take(64).read_to_end(&mut buf).ok()?;
    (!buf.is_empty()).then_some(buf)
}

/// One command to run.
#[derive(Clone, Debug)]
pub struct Job {
    pub quiet: Quiet,
    /// The program and its arguments.
    pub argv: Vec<String>,
    /// Where it runs; relative paths (the output's too) are relative to it.
    pub cwd: PathBuf,
    /// The output the job must leave.
    pub output: PathBuf,
    /// The command writes its `-o` output under a temporary name, renamed over `output`
    /// once it passes the check, so no half-written or invalid output is ever seen.
    pub atomic: bool,
    pub check: Check,
    /// The job's content key: its output is looked up in and added to the store.
    pub key: Option<Key>,
    /// Why it runs (shown with `-v`).
    pub reason: Option<String>,
    /// The files the command reads besides its own object (a backend's imported
    /// modules), for the `THINPOST_LOG` line.
    pub reads: Vec<String>,
}

/// How a job ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The output was brought back from the store.
    Restored,
    Compiled,
    /// The job failed; its output and the error were printed.
    Failed(String),
}

impl Outcome {
    pub fn failed(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }
}

pub use super::runner::Processes;

/// Runs [`Job`]s: with a store (by content), printing on a console.
pub struct Runner<'a> {
    pub store: Option<&'a Cache>,
    pub console: &'a Console,
    pub verbose: bool,
    /// Print each job's quiet line (off where kbuild prints its own).
    pub print_quiet: bool,
    /// How the commands run: clang processes, or the persistent runner.
    pub processes: &'a Processes,
}

/// The temporary a job writes before its output is checked and renamed: beside the
/// output, ending in `.o` so that clang's own temporary (`<stem>-<random>.o.tmp`, left
/// behind if clang is killed) shares the prefix cleaned up by [`remove_stale_temps`].
pub fn temp_name(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}{}{}.o", crate::write::TEMP_MARKER, std::process::id()))
}

/// Removes temporaries an interrupted or killed run left next to `output`.
pub fn remove_stale_temps(output: &Path) {
    let (Some(dir), Some(base)) = (output.parent(), output.file_name()) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!(".{}{}", base.to_string_lossy(), crate::write::TEMP_MARKER);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

impl Runner<'_> {
    fn full(&self, job: &Job, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            job.cwd.join(p)
        }
    }

    /// Brings `job`'s output back from the store when its key is there.
    pub fn restore(&self, job: &Job) -> bool {
        let (Some(store), Some(key)) = (self.store, &job.key) else { return false };
        let out = self.full(job, &job.output);
        if store.restore(&self.processes.store_key(key), &out, job.check).is_ok() {
            if self.print_quiet {
                self.console.print(&job.quiet.line("(cached)"));
            }
            return true;
        }
        false
    }

    /// Runs `job`: from the store when it can; otherwise the command, its output
    /// checked, renamed into place and stored.
    pub fn run(&self, job: &Job) -> Outcome {
        let outcome = if self.restore(job) { Outcome::Restored } else { self.compile(job) };
        log_outcome(job, &outcome);
        outcome
    }

    /// Runs `job`'s command (no store lookup).
    pub fn compile(&self, job: &Job) -> Outcome {
        let out = self.full(job, &job.output);
        let mut argv = job.argv.clone();
        let tmp = job.atomic.then(|| temp_name(&job.output));
        if let Some(tmp) = &tmp {
            remove_stale_temps(&out);
            match argv.iter().rposition(|a| a == "-o") {
                Some(i) if i + 1 < argv.len() => argv[i + 1] = tmp.display().to_string(),
                _ => return self.fail(job, String::new(), "the command has no -o operand to redirect".into()),
            }
        }
        let written = tmp.as_ref().map(|t| self.full(job, t)).unwrap_or_else(|| out.clone());
        let shown = command_line(&job.argv[0], &job.argv[1..]);
        let mut text = if self.verbose {
            let why = job.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
            format!("# {}{why}\n{shown}\n", job.output.display())
        } else if self.print_quiet {
            job.quiet.line("")
        } else {
            String::new()
        };
        let started = Instant::now();
        let (result, note) = self.processes.run(&argv, &job.cwd);
        if let Some(note) = note {
            text.push_str(&format!("thinpost: warning: {}: {note}\n", job.quiet.name));
        }
        let failure = match result {
            Err(e) => Some(format!("cannot run {}: {e}", argv[0])),
            Ok(o) => {
                text.push_str(&String::from_utf8_lossy(&o.stdout));
                text.push_str(&String::from_utf8_lossy(&o.stderr));
                if !o.status.success() {
                    Some(format!("{} failed ({})", job.quiet.tag_text(), o.status))
                } else if !job.check.passes(&written) {
                    Some(format!(
                        "{} exited 0 but left no valid object ({})",
                        job.quiet.tag_text(),
                        job.output.display()
                    ))
                } else {
                    None
                }
            }
        };
        if let Some(why) = failure {
            if tmp.is_some() {
                let _ = std::fs::remove_file(&written);
            }
            return self.fail(job, text, why);
        }
        if tmp.is_some() {
            if let Err(e) = std::fs::rename(&written, &out) {
                let _ = std::fs::remove_file(&written);
                return self.fail(job, text, format!("{}: {e}", out.display()));
            }
        }
        if let (Some(store), Some(key)) = (self.store, &job.key) {
            // A store that cannot take the entry costs a later compile, nothing more.
            let _ = store.store(&self.processes.store_key(key), &out);
        }
        if self.verbose {
            text.push_str(&format!("  ({:.2} s)\n", started.elapsed().as_secs_f64()));
        }
        self.console.print(&text);
        Outcome::Compiled
    }

    fn fail(&self, job: &Job, text: String, why: String) -> Outcome {
        let shown = command_line(&job.argv[0], &job.argv[1..]);
        self.console.print(&format!("{text}thinpost: error: {}: {why}\n  command: {shown}\n", job.quiet.name));
        Outcome::Failed(why)
    }
}

/// With `THINPOST_LOG=FILE`, one line per job is appended to FILE: `compiled`,
/// `restored` or `failed`, a tab, the object, a tab, the files it reads besides it
/// (space-separated). Many processes (every module link, every
/// backend of a make run) append to one file: each line is one `write` of a file opened
/// with `O_APPEND`, so lines never interleave. For tests and build statistics.
fn log_outcome(job: &Job, outcome: &Outcome) {
    use std::io::Write;
    let Some(path) = std::env::var_os("THINPOST_LOG").filter(|p| !p.is_empty()) else { return };
    let what = match outcome {
        Outcome::Restored => "restored",
        Outcome::Compiled => "compiled",
        Outcome::Failed(_) => "failed",
    };
    let line = format!("{what}\t{}\t{}\n", job.quiet.name, job.reads.join(" "));
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = f.write_all(line.as_bytes());
    }
}

impl Quiet {
    /// "backend compile", "link": what the job is, for messages.
    fn tag_text(&self) -> &'static str {
        match self.tag {
            "BE" => "backend compile",
            "LD" => "link",
            _ => "command",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_lines_in_kbuilds_columns() {
        let q = Quiet { tag: "BE", module: true, name: "fs/mbcache.o".into() };
        assert_eq!(q.line(""), "  BE [M]  fs/mbcache.o\n");
        let q = Quiet { tag: "BE", module: false, name: "init/main.o".into() };
        assert_eq!(q.line("(cached)"), "  BE      init/main.o (cached)\n");
    }

    #[test]
    fn a_failing_command_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let console = Console::new(1);
        let runner =
            Runner { store: None, console: &console, verbose: false, print_quiet: true, processes: &Processes::Clang };
        let job = Job {
            quiet: Quiet { tag: "BE", module: false, name: "x.o".into() },
            argv: vec![
                "sh".into(),
                "-c".into(),
                "echo partial > \"$2\"; exit 3".into(),
                "sh".into(),
                "-o".into(),
                "x.o".into(),
            ],
            cwd: dir.path().to_path_buf(),
            output: PathBuf::from("x.o"),
            atomic: true,
            check: Check::ElfRelocatable,
            key: None,
            reason: None,
            reads: Vec::new(),
        };
        assert!(runner.run(&job).failed());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no output and no temporary");
        // Exit 0 with an output that is not an object: still a failure, still nothing left.
        let job = Job {
            argv: vec!["sh".into(), "-c".into(), "echo text > \"$2\"".into(), "sh".into(), "-o".into(), "x.o".into()],
            ..job
        };
        assert!(runner.run(&job).failed());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
