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

/// The suffix of the store's temporaries: `.<key>.<pid>.<random>.tmp`.
const TEMP_SUFFIX: &str = ".tmp";

/// The process that named a temporary of the store (`.<key>.<pid>.<random>.tmp`) or of
/// the records (the atomic writer's `.<name>.thinpost-tmp.<random>`, pid unknown: its
/// owner is taken as gone, as before).
fn temp_owner(name: &str) -> Option<u32> {
    if name.starts_with('.') && name.contains(crate::write::TEMP_MARKER) {
        return Some(0);
    }
    let rest = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let mut parts = rest.split('.');
    let (_key, pid) = (parts.next()?, parts.next()?);
    pid.parse().ok()
}

/// Whether process `pid` exists (0: never).
fn process_alive(pid: u32) -> bool {
    pid != 0 && Path::new(&format!("/proc/{pid}")).exists()
}

fn digest_name(s: &str) -> String {
    blake3::hash(s.as_bytes()).to_hex()[..32].to_string()
}

impl Cache {
    pub fn open(dir: &Path, max_bytes: u64) -> Result<Cache> {
        for sub in ["store", "outputs", "flags"] {
            let d = dir.join(sub);
            std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
        }
        Ok(Cache { dir: dir.to_path_buf(), max_bytes })
    }

    /// Removes temporaries that killed runs left in the store and the records. Many
    /// thinpost processes share one store (every module link under `make -j` runs its
    /// own): a temporary is removed only when the process that named it is gone.
    pub fn remove_stale_temps(&self) {
        for sub in ["outputs", "store", "flags"] {
            let Ok(entries) = std::fs::read_dir(self.dir.join(sub)) else { continue };
            for e in entries.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                if let Some(pid) = temp_owner(&name) {
                    if !process_alive(pid) {
                        let _ = std::fs::remove_file(e.path());
                    }
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
        // The owner may set the times of a read-only file.
        let f = std::fs::File::open(&p).ok()?;
        let _ = f.set_modified(SystemTime::now());
        Some(p)
    }

    /// Copies the stored output of `key` to `dest` (atomically) if there is one and it
    /// passes `check`.
    pub fn restore(&self, key: &str, dest: &Path, check: super::job::Check) -> Result<()> {
        let stored = self.lookup(key).ok_or_else(|| Error::io(dest, std::io::ErrorKind::NotFound.into()))?;
        if !check.passes(&stored) {
            let _ = std::fs::remove_file(&stored);
            return Err(Error::io(&stored, std::io::Error::other("stored entry is not a valid output")));
        }
        let data = std::fs::read(&stored).map_err(|e| Error::io(&stored, e))?;
        write_atomic(dest, &data, Durability::Rename)
    }

    /// Copies `file` into the store under `key`. The entry is a copy made read-only,
    /// never a link to the build tree's file (an in-place edit of that file later must
    /// not change what the store holds), written under a temporary named after this
    /// process and renamed, so concurrent processes storing the same key are harmless.
    pub fn store(&self, key: &str, file: &Path) -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dest = self.store_path(key);
        if dest.exists() {
            return Ok(());
        }
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{key}.{}.", std::process::id()))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(self.dir.join("store"))
            .map_err(|e| Error::io(&dest, e))?;
        let mut src = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
        std::io::copy(&mut src, &mut tmp.as_file()).map_err(|e| Error::io(tmp.path(), e))?;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o444)).map_err(|e| Error::io(tmp.path(), e))?;
        tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
        Ok(())
    }

    fn flags_path(&self, object: &[u8; 32]) -> PathBuf {
        let hex = blake3::Hash::from(*object).to_hex();
        self.dir.join("flags").join(&hex[..40])
    }

    /// Records the front-end flags an object with these contents (its blake3 hash) was
    /// compiled with, as its backend compile needs them (see `wrapper::cc`). Keyed by
    /// contents, a record can never describe another build of the file.
    pub fn record_flags(&self, object: &[u8; 32], flags: &[String]) -> Result<()> {
        let text = serde_json::to_vec(flags).map_err(|e| Error::io(self.flags_path(object), e.into()))?;
        write_atomic(&self.flags_path(object), &text, Durability::Rename)
    }

    /// The flags recorded for an object with these contents.
    pub fn recorded_flags(&self, object: &[u8; 32]) -> Option<Vec<String>> {
        let data = std::fs::read(self.flags_path(object)).ok()?;
        serde_json::from_slice(&data).ok()
    }

    /// Deletes the least recently used store entries until the store fits its bound.
    /// Returns the number of bytes freed.
    pub fn evict(&self) -> Result<u64> {
        let store = self.dir.join("store");
        let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for e in std::fs::read_dir(&store).map_err(|e| Error::io(&store, e))? {
            let Ok(e) = e else { continue };
            // Temporaries belong to processes still writing them.
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
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

    #[test]
    fn entries_are_read_only_copies() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c"), DEFAULT_MAX_BYTES).unwrap();
        let f = dir.path().join("native.o");
        std::fs::write(&f, b"first").unwrap();
        cache.store("k", &f).unwrap();
        let stored = cache.lookup("k").unwrap();
        assert_ne!(std::fs::metadata(&stored).unwrap().ino(), std::fs::metadata(&f).unwrap().ino());
        assert_eq!(std::fs::metadata(&stored).unwrap().permissions().mode() & 0o222, 0);
        // Editing the build tree's file in place leaves the entry alone.
        std::fs::write(&f, b"edited").unwrap();
        assert_eq!(std::fs::read(&stored).unwrap(), b"first");
    }

    #[test]
    fn only_temporaries_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A bound of 0: eviction would take everything it may.
        let cache = Cache::open(dir.path(), 0).unwrap();
        let live = dir.path().join(format!("store/.k1.{}.abc.tmp", std::process::id()));
        // A pid above the kernel's pid_max (4194304) never names a live process.
        let dead = dir.path().join("store/.k2.99999999.abc.tmp");
        std::fs::write(&live, b"x").unwrap();
        std::fs::write(&dead, b"x").unwrap();
        cache.remove_stale_temps();
        assert!(live.exists(), "a live process's temporary is left alone");
        assert!(!dead.exists());
        assert_eq!(cache.evict().unwrap(), 0, "eviction never takes a temporary");
        assert!(live.exists());
    }
}
