//! modpost's `srcversion` (`scripts/mod/sumversion.c:get_src_version` in Linux 6.12):
//! a checksum of a module's sources, printed as `MODULE_INFO(srcversion, "...")`.
//!
//! The objects of `<mod>.mod` are visited in order; for each, its `.cmd` file names the
//! source (`source_` line) and the headers (`deps_` block). The source and the headers
//! "in the object's directory" are read, stripped of white space and comments, and
//! hashed with the kernel's MD4 variant. Every quirk below is modpost's, kept so that
//! the result is byte-identical.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::modpost::read::Diag;

/// The outcome of a successful [`get_src_version`] (missing files are a `Diag::Perror`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SrcVersion {
    /// The checksum: 23 upper-case hex digits.
    Sum(String),
    /// Hashing stopped with this warning (a malformed `source_` line); modpost leaves
    /// the srcversion empty then, and prints no `MODULE_INFO(srcversion, ...)`.
    Abandoned(Diag),
}

/// The MD4 of `sumversion.c`, written by hand rather than taken from the `md4` crate:
/// the kernel's copy converts each message word with `ntohl()` where RFC 1320 wants a
/// little-endian load, so on x86 the 16 message words are read **big-endian**. The bit
/// length still goes into words 14 and 15 as plain numbers, and the state words are
/// byte-swapped (`htonl()`) before printing. The result is therefore not RFC MD4 and a
/// standard implementation gives different digests.
#[derive(Clone)]
pub struct KernelMd4 {
    state: [u32; 4],
    block: [u8; 64],
    /// Bytes hashed so far (`byte_count`).
    count: u64,
}

impl Default for KernelMd4 {
    fn default() -> Self {
        Self::new()
    }
}

impl KernelMd4 {
    pub fn new() -> Self {
        KernelMd4 { state: [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476], block: [0; 64], count: 0 }
    }

    pub fn update(&mut self, mut data: &[u8]) {
        let mut used = (self.count % 64) as usize;
        self.count += data.len() as u64;
        while !data.is_empty() {
            let n = (64 - used).min(data.len());
            self.block[used..used + n].copy_from_slice(&data[..n]);
            data = &data[n..];
            used += n;
            if used == 64 {
                let words = Self::words(&self.block);
                self.transform(&words);
                used = 0;
            }
        }
    }

    /// The message words of a block: `ntohl()` of each native (little-endian) word,
    /// which is a big-endian load of its bytes.
    fn words(block: &[u8; 64]) -> [u32; 16] {
        let mut w = [0u32; 16];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        w
    }

    fn transform(&mut self, x: &[u32; 16]) {
        fn f(x: u32, y: u32, z: u32) -> u32 {
            (x & y) | (!x & z)
        }
        fn g(x: u32, y: u32, z: u32) -> u32 {
            (x & y) | (x & z) | (y & z)
        }
        fn h(x: u32, y: u32, z: u32) -> u32 {
            x ^ y ^ z
        }
        let [mut a, mut b, mut c, mut d] = self.state;
        for k in [0, 4, 8, 12] {
            a = a.wrapping_add(f(b, c, d)).wrapping_add(x[k]).rotate_left(3);
            d = d.wrapping_add(f(a, b, c)).wrapping_add(x[k + 1]).rotate_left(7);
            c = c.wrapping_add(f(d, a, b)).wrapping_add(x[k + 2]).rotate_left(11);
            b = b.wrapping_add(f(c, d, a)).wrapping_add(x[k + 3]).rotate_left(19);
        }
        const K2: u32 = 0x5A82_7999;
        for k in 0..4 {
            a = a.wrapping_add(g(b, c, d)).wrapping_add(x[k]).wrapping_add(K2).rotate_left(3);
            d = d.wrapping_add(g(a, b, c)).wrapping_add(x[k + 4]).wrapping_add(K2).rotate_left(5);
            c = c.wrapping_add(g(d, a, b)).wrapping_add(x[k + 8]).wrapping_add(K2).rotate_left(9);
            b = b.wrapping_add(g(c, d, a)).wrapping_add(x[k + 12]).wrapping_add(K2).rotate_left(13);
        }
        const K3: u32 = 0x6ED9_EBA1;
        for k in [0, 2, 1, 3] {
            a = a.wrapping_add(h(b, c, d)).wrapping_add(x[k]).wrapping_add(K3).rotate_left(3);
            d = d.wrapping_add(h(a, b, c)).wrapping_add(x[k + 8]).wrapping_add(K3).rotate_left(9);
            c = c.wrapping_add(h(d, a, b)).wrapping_add(x[k + 4]).wrapping_add(K3).rotate_left(11);
            b = b.wrapping_add(h(c, d, a)).wrapping_add(x[k + 12]).wrapping_add(K3).rotate_left(15);
        }
        for (s, v) in self.state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }

    /// `md4_final_ascii()` with modpost's buffer: the first 23 hex digits.
    pub fn finish_ascii(mut self) -> String {
        let used = (self.count % 64) as usize;
        self.block[used] = 0x80;
        self.block[used + 1..].fill(0);
        if used + 1 > 56 {
            let words = Self::words(&self.block);
            self.transform(&words);
            self.block = [0; 64];
        }
        let mut words = Self::words(&self.block);
        words[14] = (self.count << 3) as u32;
        words[15] = (self.count >> 29) as u32;
        self.transform(&words);
        let hex: String = self.state.iter().map(|w| format!("{:08X}", w.swap_bytes())).collect();
        hex[..23].to_string()
    }
}

/// C's `isspace()` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `read_text_file()`: the whole file, cut at its first NUL (modpost treats it as a C
/// string). Any failure is fatal, perror-style.
fn read_text_file(base: &Path, path: &[u8]) -> Result<Vec<u8>, Diag> {
    if path.is_empty() {
        // open("") fails with ENOENT (`base.join("")` would name the directory), and
        // perror("") prints the message alone.
        let e = std::io::Error::from_raw_os_error(2);
        let msg = super::io_message("", &e);
        return Err(Diag::Perror(msg.trim_start_matches(": ").to_string()));
    }
    let shown = String::from_utf8_lossy(path);
    let mut data =
        std::fs::read(base.join(OsStr::from_bytes(path))).map_err(|e| Diag::Perror(super::io_message(&shown, &e)))?;
    if let Some(nul) = memchr::memchr(0, &data) {
        data.truncate(nul);
    }
    Ok(data)
}

/// `parse_file()`'s filter: the bytes of a source file that are hashed.
///
/// A backslash-newline is dropped, C white space is skipped, a `"..."` string is kept
/// whole (it ends at a `"` not preceded by a backslash), a `/* ... */` comment is
/// skipped (`/*/` is a whole comment), and every other byte is kept.
pub fn hashed_bytes(file: &[u8], out: &mut Vec<u8>) {
    let len = file.len();
    let mut i = 0;
    while i < len {
        let c = file[i];
        if c == b'\\' && file.get(i + 1) == Some(&b'\n') {
            i += 2;
            continue;
        }
        if is_c_space(c) {
            i += 1;
            continue;
        }
        if c == b'"' {
            // parse_string(): the opening quote, then up to and including the closing one.
            out.push(c);
            let mut j = i + 1;
            while j < len {
                out.push(file[j]);
                if file[j] == b'"' && file[j - 1] != b'\\' {
                    break;
                }
                j += 1;
            }
            i = j + 1;
            continue;
        }
        if c == b'/' && file.get(i + 1) == Some(&b'*') {
            // parse_comment(): the search for "*/" starts at the third byte.
            let mut j = i + 2;
            while j < len && !(file[j - 1] == b'*' && file[j] == b'/') {
                j += 1;
            }
            i = j + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
}

fn parse_file(base: &Path, path: &[u8], md: &mut KernelMd4, scratch: &mut Vec<u8>) -> Result<(), Diag> {
    let data = read_text_file(base, path)?;
    scratch.clear();
    hashed_bytes(&data, scratch);
    md.update(scratch);
    Ok(())
}

/// Whether a `deps_` entry is hashed for an object in `dir` (`dir/` with its slash, or
/// empty): modpost's `strstr(line, dir) + strlen(dir) - 1 == strrchr(line, '/')`. The
/// *first* occurrence of `dir` anywhere in the path must end at its *last* slash, so
/// `include/crypto/x.h` counts for `crypto/` objects, and nothing counts for objects in
/// the top directory (the left side points before the line).
fn dep_in_dir(path: &[u8], dir: &[u8]) -> bool {
    if dir.is_empty() {
        return false;
    }
    let last_slash = path.iter().rposition(|&b| b == b'/');
    match memchr::memmem::find(path, dir) {
        Some(i) => last_slash == Some(i + dir.len() - 1),
        // NULL + strlen(dir) - 1 equals strrchr()'s NULL only for a one-byte dir ("/"),
        // whose absence means the path has no slash at all.
        None => dir.len() == 1,
    }
}

/// `parse_source_files()` for one object of the module. `Ok(Some(warning))` when
/// hashing must stop.
fn parse_source_files(
    base: &Path,
    objfile: &[u8],
    md: &mut KernelMd4,
    scratch: &mut Vec<u8>,
) -> Result<Option<Diag>, Diag> {
    // "%.*s.%s.cmd": dir/base.o -> dir/.base.o.cmd (no ThinLTO mapping here).
    let dirlen = objfile.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let (dir, name) = objfile.split_at(dirlen);
    let mut cmd = Vec::with_capacity(objfile.len() + 5);
    cmd.extend_from_slice(dir);
    cmd.push(b'.');
    cmd.extend_from_slice(name);
    cmd.extend_from_slice(b".cmd");
    let file = read_text_file(base, &cmd)?;

    let mut check_files = false;
    let mut rest: &[u8] = &file;
    // get_line(): lines up to the end of the text (empty lines included).
    while !rest.is_empty() {
        let (line, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &[][..]),
        };
        rest = next;
        let start = line.iter().position(|&b| !is_c_space(b)).unwrap_or(line.len());
        let line = &line[start..];

        if line.starts_with(b"source_") {
            let Some(space) = line.iter().rposition(|&b| b == b' ') else {
                let shown = String::from_utf8_lossy(line);
                return Ok(Some(Diag::Warn(format!("malformed line: {shown}\n"))));
            };
            parse_file(base, &line[space + 1..], md, scratch)?;
            continue;
        }
        if line.starts_with(b"deps_") {
            check_files = true;
            continue;
        }
        if !check_files {
            continue;
        }
        // The dependency list ends at the first line without a trailing backslash (an
        // empty or all-blank line included: modpost then looks at the byte before the
        // line, a NUL or a blank).
        if line.last() != Some(&b'\\') {
            break;
        }
        let end = line.iter().position(|&b| is_c_space(b)).unwrap_or(line.len());
        let path = &line[..end];
        if dep_in_dir(path, dir) {
            parse_file(base, path, md, scratch)?;
        }
    }
    Ok(None)
}

/// `get_src_version()` for module `modname` (e.g. `fs/ext2/ext2`), with relative paths
/// resolved against `base` (modpost's working directory). A missing or unreadable file
/// is fatal, as in modpost: `Err(Diag::Perror("<path>: <strerror>\n"))`.
pub fn get_src_version(base: &Path, modname: &str) -> Result<SrcVersion, Diag> {
    let list = read_text_file(base, format!("{modname}.mod").as_bytes())?;
    let mut md = KernelMd4::new();
    let mut scratch = Vec::new();
    // strsep() on "\n": empty entries are skipped, not an end.
    for obj in list.split(|&b| b == b'\n') {
        if obj.is_empty() || (obj.len() >= 2 && obj.ends_with(b".a")) {
            continue;
        }
        if let Some(warning) = parse_source_files(base, obj, &mut md, &mut scratch)? {
            return Ok(SrcVersion::Abandoned(warning));
        }
    }
    Ok(SrcVersion::Sum(md.finish_ascii()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md4(data: &[u8]) -> String {
        let mut md = KernelMd4::new();
        md.update(data);
        md.finish_ascii()
    }

    #[test]
    fn empty_input_matches_the_reference_binary() {
        // A module whose sources hash no byte, as printed by Linux 6.12's modpost.
        assert_eq!(md4(b""), "533BB7E5866E52F63B9ACCB");
    }

    #[test]
    fn chunking_does_not_matter() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300] {
            let whole = md4(&data[..len]);
            let mut md = KernelMd4::new();
            for b in &data[..len] {
                md.update(std::slice::from_ref(b));
            }
            assert_eq!(md.finish_ascii(), whole, "length {len}");
        }
    }

    #[test]
    fn not_rfc_md4() {
        // RFC 1320's MD4("abc") is a448017aaf21d8525fc10ae87aa6729d; the kernel's variant
        // loads words big-endian and differs.
        assert_ne!(md4(b"abc"), "A448017AAF21D8525FC10AE");
        assert_eq!(md4(b"abc").len(), 23);
    }

    fn filtered(s: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        hashed_bytes(s, &mut v);
        v
    }

    #[test]
    fn parse_file_rules() {
        assert_eq!(filtered(b"int  a ;\n\tb\x0b\x0c\r"), b"inta;b");
        assert_eq!(filtered(b"a\\\nb"), b"ab");
        assert_eq!(filtered(b"a\\ b"), b"a\\b");
        assert_eq!(filtered(b"x \"a b\\\" c\" y"), b"x\"a b\\\" c\"y");
        assert_eq!(filtered(b"p /* c o m */ q"), b"pq");
        assert_eq!(filtered(b"p /*/ q"), b"pq");
        assert_eq!(filtered(b"p /* open"), b"p");
        assert_eq!(filtered(b"p // c\nq"), b"p//cq");
        assert_eq!(filtered(b"s \"open"), b"s\"open");
        assert_eq!(filtered(b"\""), b"\"");
        assert_eq!(filtered(b"/*"), b"");
        assert_eq!(filtered(b"a/"), b"a/");
    }

    #[test]
    fn deps_in_dir() {
        assert!(dep_in_dir(b"crypto/aead.h", b"crypto/"));
        assert!(dep_in_dir(b"/src/include/crypto/aead.h", b"crypto/"));
        assert!(!dep_in_dir(b"crypto/sub/x.h", b"crypto/"));
        assert!(!dep_in_dir(b"crypto/x/crypto/y.h", b"crypto/"));
        assert!(!dep_in_dir(b"include/linux/x.h", b"crypto/"));
        assert!(!dep_in_dir(b"x.h", b""));
        assert!(dep_in_dir(b"x.h", b"/"));
        assert!(dep_in_dir(b"/x.h", b"/"));
        assert!(!dep_in_dir(b"/a/x.h", b"/"));
    }
}
