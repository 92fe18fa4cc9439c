//! The persistent backend runner: clang's start-up paid once per worker, not once per job.
//!
//! Starting Debian's clang-19 costs about 23 ms of CPU before it does any work: the
//! dynamic loader maps and relocates libclang-cpp and libLLVM (558,000 relocations)
//! and their static constructors run. A kernel's backends are hundreds of small jobs,
//! so that start-up is a large share of their cost (BENCHMARKS.md).
//!
//! A worker is the very clang binary a job would run, started once with a small
//! preload library (`runner/forkserver.c`, built by `build.rs` and embedded here)
//! that takes the place of clang's `main`: for each job it forks, and the child --
//! the clang process exactly as it was the moment before `main` -- runs clang's own
//! `main` with the job's argument vector in the job's directory. Every job therefore
//! gets a fresh address space and runs the unmodified driver and `-cc1` code: its
//! outputs, messages and exit status are the `clang` command's, byte for byte. Only
//! the exec, the dynamic loading and the static constructors are shared.
//!
//! A fork copies no page table entries of file mappings, so every child would fault in
//! clang's code page by page (about 750 faults, 4 ms of CPU, per job). Where the
//! kernel has transparent huge pages and memory allows, a worker first moves its large
//! text segments (libLLVM, libclang-cpp) onto huge pages, whose few entries a fork
//! copies: that halves the CPU of a small job, for about 180 MiB of private memory per
//! clang-19 worker. `THINPOST_HUGE_TEXT=0` turns it off.
//!
//! Failures: a job whose child is killed by a signal, or whose worker dies, is run
//! again once as a plain clang process and the retry is reported; a worker that died
//! is replaced for later jobs. SIGINT or SIGTERM end a job without a retry, as they
//! would end a clang process.
//!
//! The same pool, protocol and failure handling serve the lto runner
//! ([`PersistentRunner::start_lto`]): there a worker is `runner/ltoserver.cpp`, built
//! against the compiler's LLVM major and embedded here, which runs each backend job in
//! its own process with `llvm::lto::thinBackend` -- no fork, no exec, its memory
//! reused from job to job, as lld's backend threads do. A job the server declines
//! (see `runner/ltoserver.cpp` and [`PersistentRunner::run_noted`]) runs as the clang
//! command without a note of its own -- that is the design, not a failure; the
//! commands print how many there were ([`PersistentRunner::declined`]).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::runner::plain;

#[cfg(not(target_os = "linux"))]
compile_error!("the `persistent` feature needs Linux (memfd, LD_PRELOAD, PR_SET_PDEATHSIG)");

/// The fork server, built from `runner/forkserver.c` by `build.rs`.
static FORKSERVER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thinpost-forkserver.so"));

// `LTO_SERVERS`: (LLVM major, executable) for each major build.rs found.
include!(concat!(env!("OUT_DIR"), "/ltoservers.rs"));

/// The LLVM majors whose lto server this thinpost carries.
pub fn lto_majors() -> Vec<u32> {
    LTO_SERVERS.iter().map(|(m, _)| *m).collect()
}

/// Why the runner could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot hold the fork server in memory: {0}")]
    Memfd(std::io::Error),
    #[error("cannot start {compiler}: {source}")]
    Spawn { compiler: String, source: std::io::Error },
    #[error(
        "{compiler} did not become a fork server (it must be a dynamically linked glibc program, \
         not a script, and honour LD_PRELOAD)"
    )]
    NoHandshake { compiler: String },
    #[error("cannot tell the LLVM major of {compiler} (`{compiler} --version`)")]
    UnknownVersion { compiler: String },
    #[error("{compiler} is LLVM {major}; this thinpost has lto servers for LLVM {have} only")]
    NoLtoServer { compiler: String, major: u32, have: String },
    #[error("the LLVM {major} lto server did not start (is libLLVM-{major} installed?)")]
    LtoNoHandshake { major: u32 },
}

/// What a worker is.
enum Server {
    /// The job's compiler with the fork server preloaded, as `/proc/<thinpost>/fd/<n>`.
    Fork { library: OwnedFd },
    /// The lto server executable for `major`, in a memory file.
    Lto { executable: OwnedFd, major: u32 },
}

/// One worker: a clang process serving jobs over its standard input and output.
struct Worker {
    child: Child,
    requests: ChildStdin,
    replies: ChildStdout,
    /// Whether it holds one of the huge-text slots (given back when it dies).
    huge_text: bool,
}

/// How a job ended in a worker.
enum Reply {
    Exited {
        code: i32,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    Signalled {
        signal: i32,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    NotStarted(i32),
    /// The lto server did not take the job (the reason); it runs as the clang command.
    Declined(String),
}

/// A pool of persistent clang workers for one compiler (`clang-19`, as a job's argv[0]
/// names it). Safe to share between executor threads: each job takes an idle worker,
/// or starts one, and gives it back when done.
pub struct PersistentRunner {
    compiler: String,
    server: Server,
    idle: Mutex<Vec<Worker>>,
    /// How many more workers may move their text onto huge pages.
    huge_text_slots: AtomicUsize,
    /// Jobs the lto server declined (run as clang commands).
    declined: AtomicUsize,
    /// lto runner: whether clang's driver takes a job's options, by flag set.
    driver_ok: Mutex<HashMap<Vec<String>, bool>>,
}

/// Private memory a worker's huge text takes, rounded up (clang-19: 181 MiB).
const HUGE_TEXT_BYTES: u64 = 256 << 20;

/// How many workers may have huge text: none without transparent huge pages or when
/// `THINPOST_HUGE_TEXT=0`; else as many as fit in half the available memory.
fn huge_text_slots() -> usize {
    if std::env::var_os("THINPOST_HUGE_TEXT").is_some_and(|v| v == "0") {
        return 0;
    }
    let thp = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
    if thp.is_empty() || thp.contains("[never]") {
        return 0;
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let available_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    usize::try_from(available_kib * 1024 / 2 / HUGE_TEXT_BYTES).unwrap_or(usize::MAX)
}

impl PersistentRunner {
    /// Starts `workers` workers (at least one) for `clang`; more start when more jobs
    /// run at once. Fails when the compiler cannot be made a fork server.
    pub fn start(clang: &str, workers: usize) -> Result<PersistentRunner, StartError> {
        let library = memfd_with(FORKSERVER).map_err(StartError::Memfd)?;
        PersistentRunner::with_server(clang, Server::Fork { library }, workers)
    }

    /// Starts `workers` lto servers (at least one) for the jobs of `clang`: the server
    /// built against `clang`'s LLVM major (`clang --version`). Fails when thinpost has
    /// none for that major, or it does not start.
    pub fn start_lto(clang: &str, workers: usize) -> Result<PersistentRunner, StartError> {
        let major = llvm_major(clang).ok_or_else(|| StartError::UnknownVersion { compiler: clang.to_string() })?;
        let Some((_, bytes)) = LTO_SERVERS.iter().find(|(m, _)| *m == major) else {
            let have = lto_majors().iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            return Err(StartError::NoLtoServer { compiler: clang.to_string(), major, have });
        };
        let executable = memfd_with(bytes).map_err(StartError::Memfd)?;
        PersistentRunner::with_server(clang, Server::Lto { executable, major }, workers)
    }

    fn with_server(clang: &str, server: Server, workers: usize) -> Result<PersistentRunner, StartError> {
        let runner = PersistentRunner {
            compiler: clang.to_string(),
            server,
            idle: Mutex::new(Vec::new()),
            huge_text_slots: AtomicUsize::new(huge_text_slots()),
            declined: AtomicUsize::new(0),
            driver_ok: Mutex::new(HashMap::new()),
        };
        let mut started = Vec::with_capacity(workers.max(1));
        for _ in 0..workers.max(1) {
            started.push(runner.spawn()?);
        }
        *runner.idle.lock().unwrap_or_else(|e| e.into_inner()) = started;
        Ok(runner)
    }

    /// The compiler the workers run (a job's argv[0] must name it).
    pub fn compiler(&self) -> &str {
        &self.compiler
    }

    /// How many jobs the lto server declined so far (they ran as clang commands).
    pub fn declined(&self) -> usize {
        self.declined.load(Ordering::Relaxed)
    }

    /// Process ids of the idle workers (for tests that kill one).
    pub fn worker_pids(&self) -> Vec<u32> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|w| w.child.id()).collect()
    }

    /// Runs one job as `argv` in `cwd`, like `Command::new(&argv[0]).args(&argv[1..])
    /// .current_dir(cwd).output()`. A retry in a plain clang process is reported on
    /// standard error; use [`PersistentRunner::run_noted`] to print it elsewhere.
    pub fn run(&self, argv: &[String], cwd: &Path) -> std::io::Result<Output> {
        let (output, note) = self.run_noted(argv, cwd);
        if let Some(note) = note {
            eprintln!("thinpost: warning: {note}");
        }
        output
    }

    /// As [`PersistentRunner::run`], returning the retry report (if the job was retried)
    /// instead of printing it. For the lto runner, a job whose options clang's driver
    /// would not take silently (`driver_accepts`), or that the server
    /// declines, runs as the clang command.
    pub fn run_noted(&self, argv: &[String], cwd: &Path) -> (std::io::Result<Output>, Option<String>) {
        if argv.first().map(String::as_str) != Some(self.compiler.as_str()) {
            return (plain(argv, cwd), None);
        }
        if matches!(self.server, Server::Lto { .. }) && !self.driver_accepts(argv, cwd) {
            self.declined.fetch_add(1, Ordering::Relaxed);
            return (plain(argv, cwd), None);
        }
        let mut worker = match self.checkout() {
            Ok(w) => w,
            Err(e) => {
                let note =
                    format!("persistent {}: cannot start a worker ({e}); job run as a clang process", self.compiler);
                return (plain(argv, cwd), Some(note));
            }
        };
        match worker.job(cwd, argv) {
            Ok(Reply::Exited { code, stdout, stderr }) => {
                self.checkin(worker);
                (Ok(Output { status: ExitStatus::from_raw((code & 0xff) << 8), stdout, stderr }), None)
            }
            Ok(Reply::NotStarted(errno)) => {
                self.checkin(worker);
                (Err(std::io::Error::from_raw_os_error(errno)), None)
            }
            Ok(Reply::Declined(_why)) => {
                self.checkin(worker);
                self.declined.fetch_add(1, Ordering::Relaxed);
                (plain(argv, cwd), None)
            }
            Ok(Reply::Signalled { signal, stdout, stderr }) => {
                self.checkin(worker);
                if matches!(signal, libc::SIGINT | libc::SIGTERM) {
                    return (Ok(Output { status: ExitStatus::from_raw(signal), stdout, stderr }), None);
                }
                let note = format!(
                    "persistent {}: the job was killed by signal {signal} ({}); retried as a clang process",
                    self.compiler,
                    signal_name(signal)
                );
                (plain(argv, cwd), Some(note))
            }
            Err(e) => {
                let pid = worker.child.id();
                self.give_back_huge_text(worker.huge_text);
                let ended = worker.end();
                if let Some(sig) = ended.and_then(|s| s.signal()) {
                    if matches!(sig, libc::SIGINT | libc::SIGTERM) {
                        return (
                            Ok(Output { status: ExitStatus::from_raw(sig), stdout: vec![], stderr: vec![] }),
                            None,
                        );
                    }
                }
                let how = match ended {
                    Some(s) => s.to_string(),
                    None => e.to_string(),
                };
                let note = format!(
                    "persistent {} worker {pid} died ({how}); its job was retried as a clang process",
                    self.compiler
                );
                (plain(argv, cwd), Some(note))
            }
        }
    }

    /// Whether clang's driver takes `argv` without a word (`clang … -###`: exit 0, no
    /// warning or error). The lto server reads only a job's paths, so a job whose
    /// options clang would refuse or warn about must run as the clang command, which
    /// then says so. Asked once per flag set: the words that differ from object to
    /// object in a kernel build (input, output, index, -D/-U/-I and -include-like
    /// options, dependency-file options) are left out of the set.
    fn driver_accepts(&self, argv: &[String], cwd: &Path) -> bool {
        let flags = flag_set(argv);
        if let Some(&ok) = self.driver_ok.lock().unwrap_or_else(|e| e.into_inner()).get(&flags) {
            return ok;
        }
        let ok = Command::new(&argv[0])
            .args(&argv[1..])
            .arg("-###")
            .current_dir(cwd)
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| {
                let said = |b: &[u8]| {
                    String::from_utf8_lossy(b).lines().any(|l| l.contains(": warning: ") || l.contains(": error: "))
                };
                o.status.success() && !said(&o.stdout) && !said(&o.stderr)
            });
        self.driver_ok.lock().unwrap_or_else(|e| e.into_inner()).insert(flags, ok);
        ok
    }

    fn checkout(&self) -> Result<Worker, StartError> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match idle {
            Some(w) => Ok(w),
            None => self.spawn(),
        }
    }

    fn checkin(&self, worker: Worker) {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(worker);
    }

    /// Starts one worker and waits for its handshake. It may move its large text onto
    /// huge pages (a fork server at once, an lto server after its first 32 jobs) while
    /// a slot is free; a worker that does not start gives its slot back.
    fn spawn(&self) -> Result<Worker, StartError> {
        let huge =
            self.huge_text_slots.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok();
        let started = self.start_worker(huge);
        if started.is_err() {
            self.give_back_huge_text(huge);
        }
        started
    }

    fn give_back_huge_text(&self, held: bool) {
        if held {
            self.huge_text_slots.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn start_worker(&self, huge: bool) -> Result<Worker, StartError> {
        let huge_env = if huge { "1" } else { "0" };
        let (mut cmd, hello, name, refused) = match &self.server {
            Server::Fork { library } => {
                let path = format!("/proc/{}/fd/{}", std::process::id(), library.as_raw_fd());
                let mut cmd = Command::new(&self.compiler);
                // The fork server puts LD_PRELOAD back as it was before it serves any job.
                if let Some(old) = std::env::var_os("LD_PRELOAD").filter(|v| !v.is_empty()) {
                    let mut preload = std::ffi::OsString::from(&path);
                    preload.push(":");
                    preload.push(&old);
                    cmd.env("LD_PRELOAD", preload).env("THINPOST_FORKSERVER_LD_PRELOAD", old);
                } else {
                    cmd.env("LD_PRELOAD", &path);
                }
                cmd.env("THINPOST_FORKSERVER", "1").env("THINPOST_FORKSERVER_HUGE_TEXT", huge_env);
                let refused = StartError::NoHandshake { compiler: self.compiler.clone() };
                (cmd, b"TPFS\x01\0\0\0".to_vec(), self.compiler.clone(), refused)
            }
            Server::Lto { executable, major } => {
                let path = format!("/proc/{}/fd/{}", std::process::id(), executable.as_raw_fd());
                let mut cmd = Command::new(&path);
                cmd.env("THINPOST_LTOSERVER_HUGE_TEXT", huge_env);
                let mut hello = b"TPLT\x01\0\0\0".to_vec();
                hello.extend_from_slice(&major.to_le_bytes());
                (cmd, hello, format!("the LLVM {major} lto server"), StartError::LtoNoHandshake { major: *major })
            }
        };
        let spawned = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn();
        let mut child = spawned.map_err(|source| StartError::Spawn { compiler: name, source })?;
        let (Some(requests), Some(mut replies)) = (child.stdin.take(), child.stdout.take()) else {
            unreachable!("both ends were asked for as pipes");
        };
        let mut got = vec![0u8; hello.len()];
        if replies.read_exact(&mut got).is_err() || got != hello {
            let _ = child.kill();
            let _ = child.wait();
            return Err(refused);
        }
        Ok(Worker { child, requests, replies, huge_text: huge })
    }
}

impl Drop for PersistentRunner {
    fn drop(&mut self) {
        for Worker { mut child, requests, replies, .. } in
            self.idle.get_mut().unwrap_or_else(|e| e.into_inner()).drain(..)
        {
            // A fork server exits at the end of its input.
            drop(requests);
            drop(replies);
            let _ = child.wait();
        }
    }
}

impl Worker {
    /// Sends one job and reads its reply. An error means the worker is gone.
    fn job(&mut self, cwd: &Path, argv: &[String]) -> std::io::Result<Reply> {
        use std::os::unix::ffi::OsStrExt;
        let mut payload = Vec::with_capacity(4096);
        payload.extend_from_slice(cwd.as_os_str().as_bytes());
        payload.push(0);
        for a in argv {
            payload.extend_from_slice(a.as_bytes());
            payload.push(0);
        }
        let len = u32::try_from(payload.len())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "command line too long"))?;
        let mut request = len.to_le_bytes().to_vec();
        request.extend_from_slice(&payload);
        self.requests.write_all(&request)?;
        self.requests.flush()?;
        let kind = read_u32(&mut self.replies)?;
        let code = read_u32(&mut self.replies)? as i32;
        let stdout = read_blob(&mut self.replies)?;
        let stderr = read_blob(&mut self.replies)?;
        Ok(match kind {
            0 => Reply::Exited { code, stdout, stderr },
            1 => Reply::Signalled { signal: code, stdout, stderr },
            2 => Reply::NotStarted(code),
            3 => Reply::Declined(String::from_utf8_lossy(&stderr).into_owned()),
            _ => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "bad reply from the fork server")),
        })
    }

    /// Ends a worker that failed: kills it if it still runs; returns how it ended.
    fn end(mut self) -> Option<ExitStatus> {
        if let Ok(Some(s)) = self.child.try_wait() {
            return Some(s);
        }
        // It may be exiting right now; give it a moment before killing it.
        std::thread::sleep(std::time::Duration::from_millis(20));
        if let Ok(Some(s)) = self.child.try_wait() {
            return Some(s);
        }
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

/// A job's options without the words that name its own files or only feed the
/// preprocessor (unused for IR input): what [`PersistentRunner::driver_accepts`] keys on.
/// Words that are not options (the input, wherever it stands: last in kbuild's
/// commands, first among lld's DTLTO job arguments) are left out too.
fn flag_set(argv: &[String]) -> Vec<String> {
    const WITH_VALUE: &[&str] =
        &["-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-MF", "-MT", "-MQ"];
    const JOINED: &[&str] = &["-I", "-D", "-U", "-Wp,", "-fthinlto-index="];
    // Options whose separate value is part of the flag set.
    const KEEP_VALUE: &[&str] = &["-x", "-target", "-mllvm", "-Xclang", "-arch", "-Xassembler"];
    let Some((compiler, args)) = argv.split_first() else { return Vec::new() };
    let mut set = vec![compiler.clone()];
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if WITH_VALUE.contains(&a.as_str()) {
            words.next();
        } else if KEEP_VALUE.contains(&a.as_str()) {
            set.push(a.clone());
            set.extend(words.next().cloned());
        } else if !a.starts_with('-') || JOINED.iter().any(|p| a.starts_with(p)) {
            // per object: left out
        } else {
            set.push(a.clone());
        }
    }
    set
}

/// The LLVM major of `clang`, from the first `version N.` in `clang --version`.
fn llvm_major(clang: &str) -> Option<u32> {
    let out = Command::new(clang).arg("--version").stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let after = text.split("version ").nth(1)?;
    after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_blob(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let len = read_u32(r)? as usize;
    let mut v = vec![0u8; len];
    r.read_exact(&mut v)?;
    Ok(v)
}

/// A memory file holding `bytes`, closed on exec (workers open it through /proc).
fn memfd_with(bytes: &[u8]) -> std::io::Result<OwnedFd> {
    // SAFETY: memfd_create with a NUL-terminated name; the result is checked and owned.
    let fd = unsafe { libc::memfd_create(c"thinpost-forkserver".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor nobody else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut file = std::fs::File::from(fd);
    file.write_all(bytes)?;
    Ok(OwnedFd::from(file))
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        _ => "signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_llvm_major_of_the_installed_compilers() {
        assert_eq!(llvm_major("clang-19"), Some(19));
        assert_eq!(llvm_major("clang-22"), Some(22));
        assert_eq!(llvm_major("no-such-clang-19"), None);
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    /// Two objects of one directory differ in their files and -D/-I words only: one
    /// driver check serves both; another optimisation level is another flag set.
    #[test]
    fn a_flag_set_leaves_out_what_differs_per_object() {
        let a = words(
            "clang-19 -nostdinc -I./include -include k.h -DKBUILD_MODNAME=\"a\" -D X -Os -x ir -fno-lto \
             -Wp,-MMD,lib/.a.o.d -fthinlto-index=lib/a.o.thinlto.bc -c -o lib/a.thinlto-native.o lib/a.o",
        );
        let b = words(
            "clang-19 -nostdinc -I./lib -include j.h -DKBUILD_MODNAME=\"b\" -D Y -Os -x ir -fno-lto \
             -Wp,-MMD,lib/.b.o.d -fthinlto-index=lib/b.o.thinlto.bc -c -o lib/b.thinlto-native.o lib/b.o",
        );
        assert_eq!(flag_set(&a), flag_set(&b));
        assert_eq!(flag_set(&a), words("clang-19 -nostdinc -Os -x ir -fno-lto -c"));
        let c: Vec<String> = b.iter().map(|w| if w == "-Os" { "-O2".to_string() } else { w.clone() }).collect();
        assert_ne!(flag_set(&a), flag_set(&c));
        // lld's DTLTO job arguments: the input first.
        let d = words("clang-22 -Os -x ir -c lib/d.o -fthinlto-index=lib/d.o.1.thinlto.bc -o lib/d.1.native.o");
        let e = words("clang-22 -Os -x ir -c lib/e.o -fthinlto-index=lib/e.o.1.thinlto.bc -o lib/e.1.native.o");
        assert_eq!(flag_set(&d), flag_set(&e));
        assert_eq!(flag_set(&d), words("clang-22 -Os -x ir -c"));
    }
}
