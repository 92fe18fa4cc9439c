//! Placeholder until the thin-archive writer lands (branch `archive-writer`): every
//! call fails, so nothing depends on it silently.

/// Writes a thin archive; not implemented in this commit.
pub fn write_thin_archive(path: &std::path::Path, _members: &[String]) -> crate::Result<()> {
    Err(crate::Error::io(path, std::io::Error::other("thin-archive writer not merged yet")))
}
