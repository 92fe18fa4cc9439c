//! GNU archives, regular (`!<arch>`) and thin (`!<thin>`), as kbuild writes them with
//! `llvm-ar cDPrST`. Reading uses the `object` crate's archive parser, which borrows the
//! member names and data from the caller's buffer.

use std::path::{Path, PathBuf};

use object::read::archive::ArchiveFile;

use crate::error::{Error, ParseError, Result};

/// Where a member's bytes live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberData {
    /// A thin archive's member: the bytes are in this file (already joined with the
    /// archive's directory).
    External(PathBuf),
    /// A regular archive's member: `len` bytes at `offset` inside `archive`.
    Embedded { archive: PathBuf, offset: u64, len: u64 },
}

/// One member of an archive, after nested thin archives were flattened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member's name as stored; for thin archives a path relative to the archive's
    /// directory (and, for a flattened nested archive, relative to the outer one's).
    pub name: String,
    pub data: MemberData,
}

/// Lists the members of one archive held in `data` (its bytes) and read from `path`.
/// Thin members are not opened.
pub fn parse_members(path: &Path, data: &[u8]) -> Result<Vec<(String, MemberData)>, ParseError> {
    let archive = ArchiveFile::parse(data).map_err(|e| ParseError::whole(format!("not a readable archive: {e}")))?;
    let thin = archive.is_thin();
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for member in archive.members() {
        let member = member.map_err(|e| ParseError::whole(format!("bad archive member: {e}")))?;
        let name = std::str::from_utf8(member.name())
            .map_err(|_| {
                let (off, _) = member.file_range();
                ParseError::at(off, "member name is not UTF-8")
            })?
            .to_string();
        if name.is_empty() {
            return Err(ParseError::at(member.file_range().0, "member with an empty name"));
        }
        let data = if thin || member.is_thin() {
            MemberData::External(dir.join(&name))
        } else {
            let (offset, len) = member.file_range();
            if offset.checked_add(len).is_none_or(|end| end > data.len() as u64) {
                return Err(ParseError::at(offset, "member data runs past the end of the archive"));
            }
            MemberData::Embedded { archive: path.to_path_buf(), offset, len }
        };
        out.push((name, data));
    }
    Ok(out)
}

/// How deep thin archives may nest before we call it a cycle.
const MAX_NESTING: usize = 16;

/// Reads the archive at `path` and returns its members in archive order, flattening
/// members that are themselves thin archives (as `llvm-ar` does when it adds one with
/// `T`). Member names of a flattened archive are rewritten relative to the outer one.
pub fn read_flattened(path: &Path) -> Result<Vec<Member>> {
    let mut out = Vec::new();
    flatten_into(path, "", 0, &mut out)?;
    Ok(out)
}

fn flatten_into(path: &Path, prefix: &str, depth: usize, out: &mut Vec<Member>) -> Result<()> {
    if depth > MAX_NESTING {
        return Err(Error::parse(path, ParseError::whole("thin archives nested too deeply (a cycle?)")));
    }
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let members = parse_members(path, &data).map_err(|e| Error::parse(path, e))?;
    for (name, data) in members {
        let full_name = join_member_name(prefix, &name);
        if let MemberData::External(file) = &data {
            if is_thin_archive(file) {
                let nested_prefix = match full_name.rfind('/') {
                    Some(i) => full_name[..=i].to_string(),
                    None => String::new(),
                };
                flatten_into(file, &nested_prefix, depth + 1, out)?;
                continue;
            }
        }
        out.push(Member { name: full_name, data });
    }
    Ok(())
}

fn join_member_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() || name.starts_with('/') {
        name.to_string()
    } else {
        normalize(&format!("{prefix}{name}"))
    }
}

/// Removes `./` components and folds `dir/..`, textually, as `llvm-ar` does when it
/// records a nested member's path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

fn is_thin_archive(file: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 8];
    std::fs::File::open(file)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map(|_| &magic == b"!<thin>\n")
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize("./a/./b.o"), "a/b.o");
        assert_eq!(normalize("lib/../init/main.o"), "init/main.o");
        assert_eq!(normalize("../x.o"), "../x.o");
    }

    #[test]
    fn truncated_magic_is_an_error() {
        assert!(parse_members(Path::new("x.a"), b"!<thin").is_err());
        assert!(parse_members(Path::new("x.a"), b"").is_err());
    }
}
