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

/// Writes `data` to `path`: atomically (temporary file, then rename) when `path` is a
/// regular file or does not exist yet. What a rename would destroy is written through
/// instead: a symlink is followed and its target replaced (the link stays), and a
/// character device, FIFO or socket (`/dev/null`, `/dev/stdout` in a pipe, a named pipe)
/// is opened and written, as `>` in a shell would.
pub fn write_atomic(path: &Path, data: &[u8], durability: Durability) -> Result<()> {
    // metadata() follows links, /proc's "magic" ones (/dev/stdout) included.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return write_through(path, data);
    }
    let Some(target) = resolve_links(path)? else {
        // A link into /proc (/dev/stdout redirected to a file): write into the file the
        // process has open, as a shell redirection expects.
        return write_through(path, data);
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Created 0666 less the umask, as open(O_CREAT, 0666) would make the file.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}{TEMP_MARKER}"))
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    tmp.write_all(data).map_err(|e| Error::io(path, e))?;
    if durability == Durability::Fsync {
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(&target).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Follows `path` through symlinks (up to a bound) to the file a write should replace;
/// a dangling link resolves to the file it names. `None` when the chain passes through
/// `/proc` (file descriptors, whose link texts are not paths to replace).
fn resolve_links(path: &Path) -> Result<Option<std::path::PathBuf>> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        if p.starts_with("/proc") {
            return Ok(None);
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p).map_err(|e| Error::io(&p, e))?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(Some(p)),
        }
    }
    Err(Error::io(path, std::io::Error::other("too many levels of symbolic links")))
}

/// Writes `data` into an existing special file.
fn write_through(path: &Path, data: &[u8]) -> Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::io(path, e))?;
    f.write_all(data).map_err(|e| Error::io(path, e))
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
    // Only a regular file is compared; reading a FIFO or device would block or consume.
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if let Some(old) = regular.then(|| std::fs::read(path).ok()).flatten() {
        if old == data {
            return Ok(false);
        }
    }
    write_atomic(path, data, Durability::Rename)?;
    Ok(true)
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

    #[test]
    fn a_symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, b"old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_atomic(&link, b"new", Durability::Rename).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // A dangling link: the file it names is created.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("made.txt", &dangling).unwrap();
        write_atomic(&dangling, b"x", Durability::Rename).unwrap();
        assert_eq!(std::fs::read(dir.path().join("made.txt")).unwrap(), b"x");
    }

    #[test]
    fn new_files_get_0666_less_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out");
        write_atomic(&p, b"x", Durability::Rename).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // The umask only removes bits: group and others never gain write, owner keeps rw.
        assert_eq!(mode & 0o600, 0o600);
        assert_eq!(mode & 0o111, 0);
    }
}
