//! What makes a directory a kbuild object tree, checked before a command reads it, so a
//! mistyped path is an error rather than an empty (and passing) result.

use std::path::{Path, PathBuf};

use crate::error::{Error, ParseError, Result};
use crate::kbuild::version::{self, Behaviour, DetectedVersion, KernelVersion};

/// The files of which an object tree has at least one: the vmlinux object lists
/// (`vmlinux.a`, `.vmlinux.objs`, `builtin.order`) and `modules.order`.
pub const MARKERS: &[&str] = &["vmlinux.a", ".vmlinux.objs", "builtin.order", "modules.order"];

/// A directory checked to be a kbuild object tree.
#[derive(Clone, Debug)]
pub struct ObjTree {
    pub path: PathBuf,
}

impl ObjTree {
    /// Checks that `path` is a directory holding at least one of [`MARKERS`].
    pub fn open(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_dir() {
            return Err(Error::parse(path, ParseError::whole("not a directory (expected a kbuild object tree)")));
        }
        if !MARKERS.iter().any(|m| path.join(m).exists()) {
            let msg = format!("not a kbuild object tree: none of {} is there", MARKERS.join(", "));
            return Err(Error::parse(path, ParseError::whole(msg)));
        }
        Ok(ObjTree { path: path.to_path_buf() })
    }
}

/// The behaviour to apply to a tree: `--kernel-version` when given, else the detected
/// version. Returns the behaviour and, when the user should be told something (a tree
/// newer than thinpost knows, or no version found), the one line to print.
pub fn behaviour_for(
    objtree: &Path,
    option: Option<KernelVersion>,
    fallback: KernelVersion,
) -> (Behaviour, Option<String>) {
    let detected = match option {
        Some(v) => Some(DetectedVersion { version: v, source: version::VersionSource::Option }),
        None => version::detect(objtree),
    };
    match detected {
        Some(d) if d.version > version::NEWEST => {
            let note = format!(
                "thinpost: Linux {} is newer than the newest kernel thinpost knows ({}); handling it as {}",
                d.version,
                version::NEWEST,
                version::NEWEST
            );
            (Behaviour::of(d.version), Some(note))
        }
        Some(d) if d.version < version::OLDEST => {
            let note = format!(
                "thinpost: Linux {} is older than the oldest kernel thinpost knows ({}); handling it as {}",
                d.version,
                version::OLDEST,
                version::OLDEST
            );
            (Behaviour::of(d.version), Some(note))
        }
        Some(d) => (Behaviour::of(d.version), None),
        None => {
            let note = format!(
                "thinpost: cannot tell the kernel version of {} (no include/config/kernel.release, include/generated/utsrelease.h or Makefile); using Linux {fallback}'s behaviour (--kernel-version X.Y chooses)",
                display_dir(objtree)
            );
            (Behaviour::of(fallback), Some(note))
        }
    }
}

fn display_dir(p: &Path) -> String {
    let s = p.display().to_string();
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_tree() {
        let dir = tempfile::tempdir().unwrap();
        let e = ObjTree::open(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a kbuild object tree") && e.contains("modules.order"), "{e}");
        let e = ObjTree::open(&dir.path().join("missing")).unwrap_err().to_string();
        assert!(e.contains("missing"), "{e}");
        std::fs::write(dir.path().join("modules.order"), "").unwrap();
        assert!(ObjTree::open(dir.path()).is_ok());
    }

    #[test]
    fn version_notes() {
        let dir = tempfile::tempdir().unwrap();
        let (b, note) = behaviour_for(dir.path(), None, KernelVersion::new(6, 13));
        assert_eq!(b.version, KernelVersion::new(6, 13));
        assert!(note.unwrap().contains("cannot tell the kernel version"));
        let (b, note) = behaviour_for(dir.path(), Some(KernelVersion::new(9, 1)), version::NEWEST);
        assert_eq!(b.version, version::NEWEST);
        assert!(note.unwrap().contains("newer than"));
        let (b, note) = behaviour_for(dir.path(), Some(KernelVersion::new(7, 2)), version::NEWEST);
        assert_eq!((b.version, note), (KernelVersion::new(7, 2), None));
    }
}
