//! Reading an input whole: small files with `read`, large ones mapped.
//!
//! Kernel objects are mostly small, and for them `read` into a buffer is cheaper than
//! setting up a mapping (ripgrep measured the same for many small files). `vmlinux.o`
//! is ~10 MB, and copying it costs more than mapping it. Mappings are dropped as soon
//! as an object is parsed, so the number alive is bounded by the worker count, far
//! below `vm.max_map_count`.

use std::ops::Deref;
use std::path::Path;

/// Files at least this large are mapped.
const MAP_THRESHOLD: u64 = 1 << 20;

/// An input file's bytes, read or mapped.
pub enum FileData {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Deref for FileData {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileData::Read(v) => v,
            FileData::Mapped(m) => m,
        }
    }
}

/// Reads `path`, mapping it when it is large.
pub fn read_or_map(path: &Path) -> std::io::Result<FileData> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len >= MAP_THRESHOLD {
        // SAFETY: the mapping is read-only and private to this process. If another
        // process truncated the file while we read it, we could fault; kbuild does not
        // modify objects while modpost runs (modpost itself maps them the same way).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        return Ok(FileData::Mapped(map));
    }
    let mut buf = Vec::with_capacity(len as usize);
    std::io::Read::read_to_end(&mut &file, &mut buf)?;
    Ok(FileData::Read(buf))
}
