//! Writing GNU thin archives (`!<thin>`) byte for byte as `llvm-ar cDPrST` writes them:
//! thin (`T`), deterministic (`D`: zero date, uid and gid, mode 644), full paths (`P`),
//! no symbol table (`S`). kbuild builds `vmlinux.a` this way in distributed ThinLTO mode.
//!
//! The layout, as LLVM 19's `ArchiveWriter.cpp` produces it for these flags:
//!
//! ```text
//! !<thin>\n                                     magic
//! //<46 spaces><size, 10 wide>`\n                 name table header, when there are members
//! name0/\nname1/\n...[\n]                        every name, even short ones; "\n" pads to even
//! /<offset, 15 wide><date 12><uid 6><gid 6><mode 8><size 10>`\n   one 60-byte header a member
//! ```
//!
//! A thin member's header carries the size of the member's file but no data, so nothing
//! follows it and no padding is needed (headers are 60 bytes, always even).
//!
//! Why not the `ar_archive_writer` crate (a port of LLVM's archive writer, 0.5.5 read):
//! `write_archive_to_stream` has no switch to leave the symbol table out, and for a
//! non-empty archive always writes one (an empty `\0\0\0` one when no member has
//! symbols, "to satisfy Solaris tools"), so its output always carries a `/` member that
//! `llvm-ar ... S` does not write. It also takes each member's size from the length of
//! a buffer holding the member's contents, which would mean reading (or faking) every
//! object's bytes, where a stat is enough. The format is small, so it is written here.

use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::kbuild::order::is_contained;
use crate::write::{write_atomic, Durability};

/// The thin archive magic.
pub const THIN_MAGIC: &[u8; 8] = b"!<thin>\n";

/// `llvm::object::Archive::MaxMemberSize`: the largest size the 10-character size field
/// holds. llvm-ar refuses larger members ("exceeds size limit"), and so do we.
pub const MAX_MEMBER_SIZE: u64 = 9_999_999_999;

/// Length of every member header.
const HEADER_LEN: usize = 60;

/// A member header with the fields that never change under `cDPrST` filled in: name
/// field `/` (the offset follows it), date `0`, uid `0`, gid `0`, mode `644`; the size
/// goes at [`SIZE_FIELD`].
const MEMBER_HEADER: &[u8; HEADER_LEN] = b"/               0           0     0     644               `\n";
const NAME_OFFSET_FIELD: std::ops::Range<usize> = 1..16;
const SIZE_FIELD: std::ops::Range<usize> = 48..58;

/// Below this many members, statting them on one thread beats starting rayon's.
const PARALLEL_STAT_THRESHOLD: usize = 1024;

/// Writes the thin archive `path` listing `members`, in the given order, byte-identical
/// to `rm -f <archive>; llvm-ar cDPrST <archive> <members...>` run in the archive's
/// directory. An empty list gives an archive of just the magic, as llvm-ar does.
///
/// Each member name is a path relative to the archive's directory and is recorded
/// exactly as given; duplicates are kept, as llvm-ar keeps them in a new archive. The
/// size in each header is the member file's size, from one `stat` (symlinks followed):
/// no member is opened or read. That also means, unlike llvm-ar, a member that is
/// itself an archive is recorded as it is, not flattened into its members.
///
/// The archive is written atomically (see [`crate::write`]): on any error, an existing
/// archive at `path` is left as it was.
///
/// # Errors
///
/// Before touching the file system, a member name is refused when it is empty, absolute,
/// has a `..` component (thinpost writes archives inside the objtree and never records a
/// path that leaves it), has a `.` or empty component (`./a.o`, `a//b.o`, `a/`: llvm-ar
/// would record a normalized name, so writing it as given would not match llvm-ar), or
/// contains a newline (which would end the name inside the archive's name table). The
/// error names the archive and the member. Then a member that cannot be stat'ed, is not
/// a regular file or is larger than [`MAX_MEMBER_SIZE`] is an error naming its file.
pub fn write_thin_archive(path: &Path, members: &[String]) -> Result<()> {
    for name in members {
        if let Some(reason) = unsafe_name_reason(name) {
            let msg = format!("refusing archive member `{}`: {reason}", name.escape_debug());
            return Err(Error::io(path, io::Error::new(io::ErrorKind::InvalidInput, msg)));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let sizes = member_sizes(dir, members)?;
    let bytes = thin_archive_bytes(members, &sizes).map_err(|msg| Error::io(path, io::Error::other(msg)))?;
    write_atomic(path, &bytes, Durability::Rename)
}

/// Why `name` may not be recorded, or `None` when it may.
fn unsafe_name_reason(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("the name is empty")
    } else if name.starts_with('/') {
        Some("absolute paths are not recorded in archives inside the objtree")
    } else if !is_contained(name) {
        Some("a `..` component would leave the objtree")
    } else if name.split('/').any(|c| c.is_empty() || c == ".") {
        Some("a `.` or empty path component (llvm-ar would record the path normalized)")
    } else if name.contains('\n') {
        Some("a newline would end the name inside the archive's name table")
    } else {
        None
    }
}

/// Stats every member (relative to `dir`) and returns the sizes in member order. The
/// first failing member in list order is reported, so the error does not depend on
/// thread timing.
fn member_sizes(dir: &Path, members: &[String]) -> Result<Vec<u64>> {
    let stat = |name: &String| -> Result<u64> {
        let file = dir.join(name);
        let meta = std::fs::metadata(&file).map_err(|e| Error::io(&file, e))?;
        if !meta.is_file() {
            let e = io::Error::new(io::ErrorKind::InvalidInput, "archive member is not a regular file");
            return Err(Error::io(&file, e));
        }
        if meta.len() > MAX_MEMBER_SIZE {
            let msg = format!("archive member is {} bytes, over llvm-ar's limit of {MAX_MEMBER_SIZE}", meta.len());
            return Err(Error::io(&file, io::Error::new(io::ErrorKind::InvalidInput, msg)));
        }
        Ok(meta.len())
    };
    if members.len() < PARALLEL_STAT_THRESHOLD {
        members.iter().map(stat).collect()
    } else {
        // `collect` into a `Result` stops early on an error, but which error wins would
        // depend on timing; collecting every outcome keeps the first one in list order.
        let outcomes: Vec<Result<u64>> = members.par_iter().map(stat).collect();
        outcomes.into_iter().collect()
    }
}

/// The archive's bytes for `members` (already checked) with the given file sizes. One
/// pass, output size known up front: linear in the number of members and their names.
fn thin_archive_bytes(members: &[String], sizes: &[u64]) -> Result<Vec<u8>, String> {
    debug_assert_eq!(members.len(), sizes.len());
    if members.is_empty() {
        return Ok(THIN_MAGIC.to_vec());
    }
    // Every thin member's name goes into the `//` table as `name/\n`, even short ones and
    // repeated ones (LLVM deduplicates names only in regular archives).
    let table_len: usize = members.iter().map(|m| m.len() + 2).sum();
    let table_pad = table_len % 2;
    let total = THIN_MAGIC.len() + HEADER_LEN + table_len + table_pad + HEADER_LEN * members.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(THIN_MAGIC);

    let table_header = format!("{:<48}{:<10}`\n", "//", table_len + table_pad);
    if table_header.len() != HEADER_LEN {
        return Err(format!("the member name table ({table_len} bytes) is too large for an archive"));
    }
    out.extend_from_slice(table_header.as_bytes());
    for m in members {
        out.extend_from_slice(m.as_bytes());
        out.extend_from_slice(b"/\n");
    }
    if table_pad == 1 {
        out.push(b'\n');
    }

    let mut name_offset = 0u64;
    for (m, &size) in members.iter().zip(sizes) {
        let mut header = *MEMBER_HEADER;
        // Neither can overflow: the table is at most `table_len` bytes (checked above to
        // fit 10 digits), and sizes were checked against MAX_MEMBER_SIZE.
        put_decimal(&mut header[NAME_OFFSET_FIELD], name_offset);
        put_decimal(&mut header[SIZE_FIELD], size);
        out.extend_from_slice(&header);
        name_offset += m.len() as u64 + 2;
    }
    debug_assert_eq!(out.len(), total);
    Ok(out)
}

/// Writes `value` in decimal at the start of `field` (which holds spaces). Panics when it
/// does not fit, which the callers rule out.
fn put_decimal(field: &mut [u8], mut value: u64) {
    let mut digits = [0u8; 20];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (value % 10) as u8;
        n += 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    assert!(n <= field.len(), "archive header field overflow");
    for (dst, src) in field.iter_mut().zip(digits[..n].iter().rev()) {
        *dst = *src;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn header_template_lines_up() {
        assert_eq!(&MEMBER_HEADER[16..28], b"0           ");
        assert_eq!(&MEMBER_HEADER[28..34], b"0     ");
        assert_eq!(&MEMBER_HEADER[34..40], b"0     ");
        assert_eq!(&MEMBER_HEADER[40..48], b"644     ");
    }

    #[test]
    fn two_short_members_as_llvm_ar_writes_them() {
        // `llvm-ar-19 cDPrST t.a a.o 123456789012.o` with files of 3 and 1 bytes.
        let got = thin_archive_bytes(&names(&["a.o", "123456789012.o"]), &[3, 1]).unwrap();
        let want = concat!(
            "!<thin>\n",
            "//                                              22        `\n",
            "a.o/\n123456789012.o/\n\n",
            "/0              0           0     0     644     3         `\n",
            "/5              0           0     0     644     1         `\n",
        );
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }

    #[test]
    fn no_members_is_just_the_magic() {
        assert_eq!(thin_archive_bytes(&[], &[]).unwrap(), THIN_MAGIC);
    }

    #[test]
    fn largest_size_fits() {
        let got = thin_archive_bytes(&names(&["a.o"]), &[MAX_MEMBER_SIZE]).unwrap();
        assert_eq!(&got[got.len() - 12..], b"9999999999`\n");
    }

    #[test]
    fn unsafe_names() {
        for bad in ["", "/abs.o", "../x.o", "a/../b.o", "a/..", "./a.o", "a/./b.o", "a//b.o", "a/", "a\nb.o"] {
            assert!(unsafe_name_reason(bad).is_some(), "{bad:?} accepted");
        }
        for good in ["a.o", "init/main.o", "..a.o", "a../b.o", ".a.o", "a b.o"] {
            assert_eq!(unsafe_name_reason(good), None, "{good:?} refused");
        }
    }
}
