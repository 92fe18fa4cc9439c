//! The CRC index: each `.cmd` file's `#SYMVER` lines, keyed on its stat stamp.
//!
//! modpost reads every object's `.cmd` file on every run (1.5 GB for a 20k-object
//! tree, most of it the `deps_` list) for a few CRC lines. Between incremental builds
//! almost none of them change. The index remembers, per `.cmd` path, the stamp (size,
//! mtime, ctime, inode, device — what git's index uses; ctime cannot be set back by
//! hand and changes on every write or rename) and the CRC lines found; a file whose
//! stamp is unchanged is not read again. Stored in `.thinpost-cache/modpost-crcs`,
//! written atomically; a damaged index is ignored (the files are read).

use std::collections::HashMap;
use std::path::Path;

use crate::write::{write_atomic, Durability};

/// Where the index lives, relative to modpost's working directory.
pub const INDEX_PATH: &str = ".thinpost-cache/modpost-crcs";
const MAGIC: &[u8; 16] = b"thinpost-crcs-v1";

/// A file's identity for change detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp([u64; 7]);

impl Stamp {
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp([
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
            meta.ino(),
            meta.dev(),
        ])
    }
}

/// CRC lines of one `.cmd` file, in file order.
pub type Crcs = Vec<(String, u32)>;

#[derive(Default)]
pub struct CrcIndex {
    entries: HashMap<String, (Stamp, Crcs)>,
}

impl CrcIndex {
    /// Loads the index; a missing or damaged one is empty.
    pub fn load(base: &Path) -> CrcIndex {
        std::fs::read(base.join(INDEX_PATH)).ok().and_then(|d| decode(&d)).unwrap_or_default()
    }

    /// The CRC lines recorded for `path` if its stamp is unchanged.
    pub fn get(&self, path: &str, stamp: Stamp) -> Option<&Crcs> {
        self.entries.get(path).filter(|(s, _)| *s == stamp).map(|(_, c)| c)
    }

    pub fn insert(&mut self, path: String, stamp: Stamp, crcs: Crcs) {
        self.entries.insert(path, (stamp, crcs));
    }

    /// Writes the index atomically (best effort: a read-only tree just goes uncached).
    pub fn save(&self, base: &Path) {
        let path = base.join(INDEX_PATH);
        if let Some(dir) = path.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return;
            }
        }
        let _ = write_atomic(&path, &encode(self), Durability::Rename);
    }
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn encode(index: &CrcIndex) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let mut paths: Vec<&String> = index.entries.keys().collect();
    paths.sort();
    out.extend_from_slice(&(paths.len() as u32).to_le_bytes());
    for p in paths {
        let (stamp, crcs) = &index.entries[p];
        put(&mut out, p.as_bytes());
        for v in stamp.0 {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(crcs.len() as u32).to_le_bytes());
        for (name, crc) in crcs {
            put(&mut out, name.as_bytes());
            out.extend_from_slice(&crc.to_le_bytes());
        }
    }
    out
}

/// A bounds-checked reader over the index bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8).map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

fn decode(data: &[u8]) -> Option<CrcIndex> {
    let mut r = Reader(data);
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = r.u32()?;
    let mut entries = HashMap::with_capacity((n as usize).min(1 << 20));
    for _ in 0..n {
        let path = r.string()?;
        let mut stamp = [0u64; 7];
        for v in &mut stamp {
            *v = r.u64()?;
        }
        let count = r.u32()? as usize;
        let mut crcs = Vec::with_capacity(count.min(1 << 16));
        for _ in 0..count {
            let name = r.string()?;
            crcs.push((name, r.u32()?));
        }
        entries.insert(path, (Stamp(stamp), crcs));
    }
    r.0.is_empty().then_some(CrcIndex { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let mut idx = CrcIndex::default();
        let s = Stamp([1, 2, 3, 4, 5, 6, 7]);
        idx.insert("init/.main.o.cmd".into(), s, vec![("foo\nbar".into(), 0xdead_beef), ("x".into(), 0)]);
        let bytes = encode(&idx);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.get("init/.main.o.cmd", s).unwrap()[0], ("foo\nbar".to_string(), 0xdead_beef));
        assert!(back.get("init/.main.o.cmd", Stamp([1, 2, 3, 4, 5, 6, 8])).is_none());
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_none());
        }
    }
}
