//! thinpost as the compiler kbuild runs (`CC="thinpost cc clang-22"`, or a `clang-22`
//! link to thinpost first in `PATH`).
//!
//! - **A backend compile** (`… -x ir -fthinlto-index=X.o.thinlto.bc -c -o
//!   X.thinlto-native.o X.o`, as Linux 7.2's `scripts/Makefile.thinlto` runs one per
//!   object) is served from the store when everything it reads is unchanged: the
//!   compiler, the arguments, the bitcode, its index shard and every module the shard
//!   names. A thin-link rewrites every shard, so make reruns every backend after any
//!   change; served from the store, such a rerun costs a copy. Compiled backends are
//!   stored; the output is written atomically and must be an ELF relocatable object.
//! - **A compile that writes ThinLTO bitcode** runs as usual, and then the flags it was
//!   compiled with are recorded under the hash of the object's contents, for `thinpost
//!   dtlto` to run its backend with exactly those flags — also while kbuild has not yet
//!   written the object's `.cmd` file (a single-object module is compiled and `ld -r`'d
//!   in one recipe), and never with flags of another build of the same file.
//! - Everything else is the real compiler, unchanged.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::pipeline::cache::{hash_file, KeyBuilder};
use crate::pipeline::job::{Check, Job, Outcome, Processes, Quiet, Runner};
use crate::pipeline::{flags, Console};

/// What a compiler command line does, as far as the wrapper cares.
#[derive(Debug, PartialEq, Eq)]
enum Compile {
    /// A ThinLTO backend compile: (index shard, output, bitcode input).
    Backend {
        shard: String,
        output: String,
        input: String,
    },
    /// A compile to an object with ThinLTO on: (output).
    ThinLto {
        output: String,
    },
    Other,
}

/// Options whose value is the next argument (clang's driver).
const TAKES_VALUE: &[&str] = &[
    "-o",
    "-x",
    "-include",
    "-imacros",
    "-isystem",
    "-idirafter",
    "-iquote",
    "-I",
    "-D",
    "-U",
    "-MF",
    "-MT",
    "-MQ",
    "-mllvm",
    "-Xclang",
    "-Xassembler",
    "-Xlinker",
    "-target",
    "--target",
    "-arch",
    "-isysroot",
    "--sysroot",
];

fn classify(args: &[String]) -> Compile {
    let (mut output, mut shard, mut compile_only, mut lto) = (None, None, false, false);
    let mut positional = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "-o" {
            output = args.get(i + 1).cloned();
            i += 2;
            continue;
        }
        if TAKES_VALUE.contains(&a) {
            i += 2;
            continue;
        }
        if let Some(s) = a.strip_prefix("-fthinlto-index=") {
            shard = Some(s.to_string());
        } else if a == "-c" {
            compile_only = true;
        } else if a == "-E" || a == "-S" || a == "-M" || a == "-MM" {
            return Compile::Other;
        } else if a == "-fno-lto" {
            lto = false;
        } else if a == "-flto" || a.starts_with("-flto=") {
            lto = true;
        } else if !a.starts_with('-') {
            positional.push(a.to_string());
        }
        i += 1;
    }
    match (shard, output, compile_only) {
        (Some(shard), Some(output), true) if positional.len() == 1 => {
            Compile::Backend { shard, output, input: positional.remove(0) }
        }
        (None, Some(output), true) if lto => Compile::ThinLto { output },
        _ => Compile::Other,
    }
}

/// Runs the compiler `real` with `args` (see the module's documentation).
pub fn run(real: &Path, args: &[OsString]) -> ExitCode {
    let Some(strings) = args.iter().map(|a| a.to_str().map(str::to_string)).collect::<Option<Vec<String>>>() else {
        return super::exec(real, args);
    };
    match classify(&strings) {
        Compile::Backend { shard, output, input } => backend(real, &strings, &shard, &output, &input),
        Compile::ThinLto { output } => thinlto_compile(real, args, &strings, &output),
        Compile::Other => super::exec(real, args),
    }
}

/// A backend compile, from the store or compiled and stored.
fn backend(real: &Path, args: &[String], shard: &str, output: &str, input: &str) -> ExitCode {
    let (key, imports) = match backend_key(real, args, shard, input) {
        Ok(k) => k,
        // Unreadable inputs: let the compiler say what is wrong.
        Err(_) => return super::exec(real, &args.iter().map(OsString::from).collect::<Vec<_>>()),
    };
    let store = match super::store() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("thinpost: warning: backend store unavailable ({e}); compiling {output} without it");
            return super::exec(real, &args.iter().map(OsString::from).collect::<Vec<_>>());
        }
    };
    let console = Console::plain();
    // kbuild prints its own quiet line for the recipe: the runner adds none.
    let runner = Runner {
        store: Some(&store),
        console: &console,
        verbose: false,
        print_quiet: false,
        processes: &Processes::Clang,
    };
    let mut argv = vec![real.display().to_string()];
    argv.extend(args.iter().cloned());
    let job = Job {
        quiet: Quiet { tag: "BE", module: false, name: input.to_string() },
        argv,
        cwd: PathBuf::from("."),
        output: PathBuf::from(output),
        atomic: true,
        check: Check::ElfRelocatable,
        key: Some(key),
        reason: None,
        reads: imports,
    };
    match runner.run(&job) {
        Outcome::Failed(_) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// The content key of a backend compile: the compiler binary, the arguments, the
/// bitcode, the shard, and every module the shard names (by path and contents).
fn backend_key(real: &Path, args: &[String], shard: &str, input: &str) -> crate::Result<(String, Vec<String>)> {
    let id =
        crate::pipeline::tools::tool_identity(&real.display().to_string()).map_err(|e| crate::Error::io(real, e))?;
    let shard_data = std::fs::read(shard).map_err(|e| crate::Error::io(shard, e))?;
    let imports =
        crate::formats::thinlto_index::shard_modules(&shard_data).map_err(|e| crate::Error::parse(shard, e))?;
    let mut key = KeyBuilder::new("thinpost-cc-backend-v1");
    key.part(&id);
    for a in args {
        key.part(a.as_bytes());
    }
    key.part(&hash_file(Path::new(input))?);
    key.part(blake3::hash(&shard_data).as_bytes());
    for m in &imports {
        key.part(m.as_bytes()).part(&hash_file(Path::new(m))?);
    }
    let imports = imports.into_iter().filter(|m| m != input).collect();
    Ok((key.finish(), imports))
}

/// A compile to ThinLTO bitcode: run it, then record its flags under the output's
/// contents.
fn thinlto_compile(real: &Path, args: &[OsString], strings: &[String], output: &str) -> ExitCode {
    if let Err(code) = super::run_tool(real, args) {
        return code;
    }
    let Ok(data) = std::fs::read(output) else { return ExitCode::SUCCESS };
    if !crate::formats::magic::classify(&data).is_ir() {
        return ExitCode::SUCCESS;
    }
    // The command line as kbuild would record it, less what only the front end uses.
    match flags::flags_from_argv(strings, output) {
        Ok(f) => {
            let recorded = super::store().and_then(|s| s.record_flags(blake3::hash(&data).as_bytes(), &f));
            if let Err(e) = recorded {
                eprintln!("thinpost: warning: {output}: could not record its flags for distributed backends: {e}");
            }
        }
        Err(e) => eprintln!("thinpost: warning: {output}: {e}"),
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn what_a_command_is() {
        let be = "-nostdinc -O2 -x ir -fno-lto -Wno-unused-command-line-argument -fthinlto-index=lib/a.o.thinlto.bc -c -o lib/a.thinlto-native.o lib/a.o";
        assert_eq!(
            classify(&v(be)),
            Compile::Backend {
                shard: "lib/a.o.thinlto.bc".into(),
                output: "lib/a.thinlto-native.o".into(),
                input: "lib/a.o".into()
            }
        );
        let fe = "-Wp,-MMD,lib/.a.o.d -nostdinc -I ./include -include x.h -fno-lto -flto=thin -fsplit-lto-unit -c -o lib/a.o /src/lib/a.c";
        assert_eq!(classify(&v(fe)), Compile::ThinLto { output: "lib/a.o".into() });
        assert_eq!(classify(&v("-flto=thin -fno-lto -c -o a.o a.c")), Compile::Other);
        assert_eq!(classify(&v("-E -flto=thin -o a.i a.c")), Compile::Other);
        assert_eq!(classify(&v("--version")), Compile::Other);
        assert_eq!(classify(&v("-c -o a.o a.c")), Compile::Other);
    }
}
