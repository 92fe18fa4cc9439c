//! Which compiler, linker and archiver to run: kbuild's variables (`CC`, `LD`, `AR`)
//! or its `LLVM=` convention (`LLVM=1` → `clang`, `LLVM=-19` → `clang-19`,
//! `LLVM=/opt/llvm/bin/` → `/opt/llvm/bin/clang`). The compiler named in a `.cmd` file
//! is never run: it may be a wrapper or absent on this machine.

use std::path::{Path, PathBuf};

/// The tools the pipeline runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toolchain {
    pub cc: String,
    pub ld: String,
    pub ar: String,
}

/// Explicit choices (command-line flags), each overriding the environment.
#[derive(Clone, Debug, Default)]
pub struct ToolOverrides {
    pub cc: Option<String>,
    pub ld: Option<String>,
    pub ar: Option<String>,
}

fn in_path(name: &str) -> bool {
    which(name).is_some()
}

/// Tool names from `LLVM=`: (prefix, suffix).
fn llvm_affixes(llvm: &str) -> (String, String) {
    if llvm == "1" {
        (String::new(), String::new())
    } else if llvm.ends_with('/') {
        (llvm.to_string(), String::new())
    } else if llvm.starts_with('-') {
        (String::new(), llvm.to_string())
    } else {
        (String::new(), String::new())
    }
}

impl Toolchain {
    /// Resolves the tools from overrides, then `CC`/`LD`/`AR`, then `LLVM=`, then the
    /// first of `clang`, `clang-NN` (newest first) found in `PATH`, with the matching
    /// `ld.lld`/`llvm-ar`.
    pub fn resolve(over: &ToolOverrides) -> Toolchain {
        Self::resolve_for(over, None)
    }

    /// As [`Toolchain::resolve`], preferring `clang-<major>` (the LLVM that wrote the
    /// tree's bitcode, from its producer string) over other versions when nothing is
    /// set explicitly.
    pub fn resolve_for(over: &ToolOverrides, producer_major: Option<u32>) -> Toolchain {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let (prefix, suffix) = match env("LLVM") {
            Some(llvm) => llvm_affixes(&llvm),
            None => {
                let preferred = producer_major.map(|m| format!("-{m}")).filter(|s| in_path(&format!("clang{s}")));
                let found = preferred.or_else(|| {
                    std::iter::once(String::new())
                        .chain((14..=30).rev().map(|v| format!("-{v}")))
                        .find(|s| in_path(&format!("clang{s}")))
                });
                (String::new(), found.unwrap_or_default())
            }
        };
        let tool = |name: &str| format!("{prefix}{name}{suffix}");
        Toolchain {
            cc: over.cc.clone().or_else(|| env("CC")).unwrap_or_else(|| tool("clang")),
            ld: over.ld.clone().or_else(|| env("LD")).unwrap_or_else(|| tool("ld.lld")),
            ar: over.ar.clone().or_else(|| env("AR")).unwrap_or_else(|| tool("llvm-ar")),
        }
    }

    /// The compiler's identity for cache keys: see [`tool_identity`].
    pub fn cc_identity(&self) -> std::io::Result<Vec<u8>> {
        tool_identity(&self.cc)
    }
}

/// A tool's identity for cache keys, without running it (a backend served from the
/// store must not pay a compiler start): the binary `name` resolves to (symlinks
/// followed, as Debian's `clang-22` → `/usr/lib/llvm-22/bin/clang`), its size and its
/// modification time. A new build of the compiler changes them.
pub fn tool_identity(name: &str) -> std::io::Result<Vec<u8>> {
    let path = which(name)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("{name}: not found in PATH")))?;
    let path = path.canonicalize()?;
    let meta = std::fs::metadata(&path)?;
    Ok(format!("{} {} {:?}", path.display(), meta.len(), meta.modified().ok()).into_bytes())
}

/// `LLVM19.1.7` → 19.
pub fn producer_major(producer: &str) -> Option<u32> {
    let rest = producer.strip_prefix("LLVM")?;
    rest.split('.').next()?.parse().ok()
}

/// The program `name` would run: itself when it names a path, else the first file of
/// that name in `PATH`, symlinks resolved.
pub fn which(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Path::new(name).is_file().then(|| PathBuf::from(name));
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file()).and_then(|p| p.canonicalize().ok())
}

#[cfg(test)]
mod tests {
    use super::llvm_affixes;

    #[test]
    fn llvm_conventions() {
        assert_eq!(llvm_affixes("1"), (String::new(), String::new()));
        assert_eq!(llvm_affixes("-19"), (String::new(), "-19".to_string()));
        assert_eq!(llvm_affixes("/opt/llvm/bin/"), ("/opt/llvm/bin/".to_string(), String::new()));
        assert_eq!(super::producer_major("LLVM19.1.7"), Some(19));
        assert_eq!(super::producer_major("APPLE_1"), None);
    }
}
