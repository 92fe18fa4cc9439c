//! The one way thinpost writes files: to a temporary file in the same directory, then
//! renamed over the target, so a reader (or a later run) never sees a half-written file.
//! An interrupted run leaves at most a `.<name>.thinpost-tmp.*` file, which no kbuild
//! rule or later run mistakes for an output.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Whether to fsync before the rename. Build outputs that make can regenerate do not need
/// it (a crash loses them whole, not half); state that must survive a crash does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    Rename,
    Fsync,
}

/// Writes `data` to `path` atomically.
pub fn write_atomic(path: &Path, data: &[u8], durability: Durability) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}{TEMP_MARKER}"))
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    tmp.write_all(data).map_err(|e| Error::io(path, e))?;
    if durability == Durability::Fsync {
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    }
    // Keep the target's usual permissions (tempfile creates 0600).
    set_default_permissions(tmp.as_file()).map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The marker in every temporary file name thinpost creates.
pub const TEMP_MARKER: &str = ".thinpost-tmp.";

/// Removes temporaries a killed run left in `dir` (files named `.<name>.thinpost-tmp.*`).
/// Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with('.') && n.contains(TEMP_MARKER)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Refuses a write to `path` that would land outside `root` (through `..` or a
/// symlinked directory). `path`'s parent must exist.
pub fn ensure_within(root: &Path, path: &Path) -> Result<()> {
    let canon_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let canon_parent = parent.canonicalize().map_err(|e| Error::io(parent, e))?;
    if !canon_parent.starts_with(&canon_root) {
        return Err(Error::io(
            path,
            std::io::Error::other(format!(
                "refusing to write outside the objtree {} (the directory resolves to {})",
                canon_root.display(),
                canon_parent.display()
            )),
        ));
    }
    Ok(())
}

/// Like [`write_atomic`], but leaves `path` untouched (mtime included) when it already
/// holds `data`, as modpost's `write_if_changed()` does so make does not rebuild.
/// Returns whether the file was written.
pub fn write_if_changed(path: &Path, data: &[u8]) -> Result<bool> {
    if let Ok(old) = std::fs::read(path) {
        if old == data {
            return Ok(false);
        }
    }
    write_atomic(path, data, Durability::Rename)?;
    Ok(true)
}

#[cfg(unix)]
fn set_default_permissions(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // 0666 less the process umask, as open(O_CREAT, 0666) would give.
    let umask = current_umask();
    f.set_permissions(std::fs::Permissions::from_mode(0o666 & !umask))
}

#[cfg(not(unix))]
fn set_default_permissions(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Reads the umask from /proc (there is no way to read it without changing it otherwise);
/// falls back to the common 022.
#[cfg(unix)]
fn current_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("Umask:")).and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_skip_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Module.symvers");
        write_atomic(&p, b"one\n", Durability::Rename).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one\n");
        assert!(!write_if_changed(&p, b"one\n").unwrap());
        assert!(write_if_changed(&p, b"two\n").unwrap());
        assert_eq!(std::fs::read(&p).unwrap(), b"two\n");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }
}
