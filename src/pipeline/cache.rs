//! The backend cache, keyed on contents.
//!
//! Re-running the thin-link rewrites every `.thinlto.bc` with a new mtime even when its
//! bytes are the same, so make-style mtime checks recompile everything. A job's key is
//! a hash of what the compile reads: the compiler's identity, the flags, the bitcode, the
//! index shard and every module the shard names. The key recorded for an output says
//! whether that output is up to date; a store of outputs by key lets an output that
//! was built before (another configuration, a reverted change) come back without a
//! compile. The store's size is bounded; the least recently used entries go first.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::write::{write_atomic, Durability};

/// Default bound on the store's size.
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;

pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
}

/// A job's key, as lowercase hex.
pub type Key = String;

fn digest_name(s: &str) -> String {
    blake3::hash(s.as_bytes()).to_hex()[..32].to_string()
}

impl Cache {
    pub fn open(dir: &Path, max_bytes: u64) -> Result<Cache> {
        for sub in ["store", "outputs"] {
            let d = dir.join(sub);
            std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
        }
        Ok(Cache { dir: dir.to_path_buf(), max_bytes })
    }

    /// Removes temporaries a killed run left in the store and the records.
    pub fn remove_stale_temps(&self) {
        crate::write::remove_stale_temps(&self.dir.join("outputs"));
        if let Ok(entries) = std::fs::read_dir(self.dir.join("store")) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().ends_with(".tmp") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }

    fn record_path(&self, output: &str) -> PathBuf {
        self.dir.join("outputs").join(digest_name(output))
    }

    fn store_path(&self, key: &str) -> PathBuf {
        self.dir.join("store").join(format!("{key}.o"))
    }

    /// The key last recorded for `output` (a path relative to the objtree).
    pub fn recorded_key(&self, output: &str) -> Option<Key> {
        self.recorded(output).map(|(k, _)| k)
    }

    /// The key and the compiler last recorded for `output`.
    pub fn recorded(&self, output: &str) -> Option<(Key, String)> {
        read_record(&self.dir, output)
    }

    /// Records that `output` was built from `key` (by `compiler`).
    pub fn record(&self, output: &str, key: &str) -> Result<()> {
        self.record_with(output, key, "")
    }

    /// Records that `output` was built from `key` by `compiler`.
    pub fn record_with(&self, output: &str, key: &str, compiler: &str) -> Result<()> {
        write_atomic(&self.record_path(output), format!("{output}\n{key}\n{compiler}\n").as_bytes(), Durability::Rename)
    }

    /// Forgets the key of `output` (before it is rebuilt, so an interrupted build never
    /// leaves an old record beside a new file).
    pub fn forget(&self, output: &str) {
        let _ = std::fs::remove_file(self.record_path(output));
    }

    /// The stored output for `key`, if any (its mtime is refreshed for eviction).
    pub fn lookup(&self, key: &str) -> Option<PathBuf> {
        let p = self.store_path(key);
        let f = std::fs::File::options().write(true).open(&p).ok()?;
        let _ = f.set_modified(SystemTime::now());
        Some(p)
    }

    /// Copies `file` into the store under `key` (a hard link when possible).
    pub fn store(&self, key: &str, file: &Path) -> Result<()> {
        let dest = self.store_path(key);
        if dest.exists() {
            return Ok(());
        }
        let tmp = self.dir.join("store").join(format!(".{key}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        if std::fs::hard_link(file, &tmp).is_err() {
            std::fs::copy(file, &tmp).map_err(|e| Error::io(&tmp, e))?;
        }
        std::fs::rename(&tmp, &dest).map_err(|e| Error::io(&dest, e))
    }

    /// Deletes the least recently used store entries until the store fits its bound.
    /// Returns the number of bytes freed.
    pub fn evict(&self) -> Result<u64> {
        let store = self.dir.join("store");
        let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for e in std::fs::read_dir(&store).map_err(|e| Error::io(&store, e))? {
            let Ok(e) = e else { continue };
            let Ok(meta) = e.metadata() else { continue };
            entries.push((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), meta.len(), e.path()));
        }
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        entries.sort();
        let mut freed = 0;
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
                freed += len;
            }
        }
        Ok(freed)
    }
}

/// The key and the compiler last recorded for `output` in the cache at `dir`, read
/// without opening the cache (which creates its directories): for readers such as
/// `thinpost verify` that must not write.
pub fn read_record(dir: &Path, output: &str) -> Option<(Key, String)> {
    let text = std::fs::read_to_string(dir.join("outputs").join(digest_name(output))).ok()?;
    let mut lines = text.lines();
    if lines.next()? != output {
        return None;
    }
    let key = lines.next()?.trim().to_string();
    Some((key, lines.next().unwrap_or("").to_string()))
}

/// Builds a job key from its parts; each part is length-prefixed so parts cannot run
/// into each other.
#[derive(Default)]
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    pub fn new(domain: &str) -> Self {
        let mut k = KeyBuilder(blake3::Hasher::new());
        k.part(domain.as_bytes());
        k
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(&self) -> Key {
        self.0.finalize().to_hex().to_string()
    }
}

/// Hashes a file's contents.
pub fn hash_file(path: &Path) -> Result<[u8; 32]> {
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(*blake3::hash(&data).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_store_and_evict() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), 10).unwrap();
        assert_eq!(cache.recorded_key("init/main.thinlto-native.o"), None);
        cache.record("init/main.thinlto-native.o", "abc").unwrap();
        assert_eq!(cache.recorded_key("init/main.thinlto-native.o").as_deref(), Some("abc"));
        let f = dir.path().join("obj");
        std::fs::write(&f, b"0123456789abcdef").unwrap();
        cache.store("k1", &f).unwrap();
        assert!(cache.lookup("k1").is_some());
        assert_eq!(cache.evict().unwrap(), 16);
        assert!(cache.lookup("k1").is_none());
    }
}
