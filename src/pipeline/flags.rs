//! The front-end flags of a backend compile.
//!
//! With the distributed-ThinLTO patches, kbuild saves them as `saved_c_flags_` (shell
//! quoted). On released kernels only the full compile command is there (`savedcmd_`);
//! the flags are that command split as a shell would, less what only the front end
//! uses: the compiler word, `-Wp,-MMD,…`, `-c`, `-o X`, the source file, and anything
//! after a `;` (kbuild appends objtool or `ld -r` steps there).

use crate::error::ParseError;
use crate::kbuild::cmd::{shell_split, CmdFile};

/// Flags that cannot be given to a `-fno-lto` backend compile: clang refuses
/// `-fsanitize=cfi*` without `-flto` ("only allowed with '-flto'").
fn backend_incompatible(flag: &str) -> bool {
    flag.starts_with("-fsanitize=cfi") || flag.starts_with("-fsanitize-cfi-")
}

/// The backend flags for the object whose `.cmd` file is `cmd`.
pub fn backend_flags(cmd: &CmdFile, object: &str) -> Result<Vec<String>, ParseError> {
    let flags = if let Some(saved) = &cmd.saved_c_flags {
        saved.clone()
    } else {
        let Some(savedcmd) = &cmd.savedcmd else {
            return Err(ParseError::whole("no saved_c_flags_ or savedcmd_ line to take the flags from"));
        };
        flags_from_savedcmd(savedcmd, object)?
    };
    Ok(for_backend(flags))
}

/// Front-end flags as a `-fno-lto` backend compile can take them.
pub fn for_backend(flags: Vec<String>) -> Vec<String> {
    flags.into_iter().filter(|f| !backend_incompatible(f)).collect()
}

/// Derives the flags from a `savedcmd_` compile command.
pub fn flags_from_savedcmd(savedcmd: &str, object: &str) -> Result<Vec<String>, ParseError> {
    let words = shell_split(savedcmd).ok_or_else(|| ParseError::whole("savedcmd_ has an unbalanced quote"))?;
    let mut words = words.into_iter().take_while(|w| w != ";" && !w.starts_with(';'));
    words.next(); // the compiler, never run
    let rest: Vec<String> = words.collect();
    flags_from_argv(&rest, object)
}

/// Derives the flags from a compile command's arguments (without the compiler).
pub fn flags_from_argv(rest: &[String], object: &str) -> Result<Vec<String>, ParseError> {
    let mut out = Vec::with_capacity(rest.len());
    let mut i = 0;
    let mut saw_output = false;
    while i < rest.len() {
        let w = &rest[i];
        if w == "-o" {
            saw_output = true;
            i += 2;
            continue;
        }
        if w == "-c" || w.starts_with("-Wp,-MMD") || w.starts_with("-Wp,-MD") {
            i += 1;
            continue;
        }
        if !w.starts_with('-') && is_source(w) {
            i += 1;
            continue;
        }
        // Flags taking a separate argument keep it.
        if matches!(
            w.as_str(),
            "-include" | "-isystem" | "-I" | "-D" | "-U" | "-imacros" | "-MF" | "-MT" | "-x" | "-mllvm"
        ) {
            out.push(w.clone());
            if let Some(arg) = rest.get(i + 1) {
                out.push(arg.clone());
            }
            i += 2;
            continue;
        }
        out.push(w.clone());
        i += 1;
    }
    if !saw_output {
        return Err(ParseError::whole(format!("the command for {object} is not a compile command (no -o)")));
    }
    Ok(out)
}

fn is_source(w: &str) -> bool {
    [".c", ".S", ".s", ".i", ".ll", ".bc", ".rs"].iter().any(|e| w.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kbuild_compile_command() {
        let cmd = "clang -Wp,-MMD,init/.main.o.d -nostdinc -I./include -include ./include/linux/kconfig.h -O2 \
                   -DKBUILD_MODFILE='\"init/main\"' -flto=thin -c -o init/main.o /src/init/main.c  ; ./tools/objtool/objtool --link init/main.o";
        let f = flags_from_savedcmd(cmd, "init/main.o").unwrap();
        assert_eq!(
            f,
            [
                "-nostdinc",
                "-I./include",
                "-include",
                "./include/linux/kconfig.h",
                "-O2",
                "-DKBUILD_MODFILE=\"init/main\"",
                "-flto=thin"
            ]
        );
    }

    #[test]
    fn not_a_compile() {
        assert!(flags_from_savedcmd("ld.lld -r a.o b.o", "x.o").is_err());
    }
}
