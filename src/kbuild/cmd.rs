//! kbuild `.cmd` files: `<dir>/.<base>.o.cmd`.
//!
//! Lines of interest: `savedcmd_<target> := <command>` (`cmd_<target>` before 6.3), the
//! distributed-ThinLTO patch's `saved_c_flags_<target> := <shell-quoted flags>`, and
//! genksyms' `#SYMVER <sym> 0x<crc>` lines. Make escapes `$` as `$$` and `#` as
//! `$(pound)` in the first two; they are undone here.

use serde::Serialize;

use crate::error::ParseError;

/// One `#SYMVER` line that modpost would accept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CrcLine {
    pub symbol: String,
    pub crc: u32,
    /// 1-based line of the `#SYMVER`.
    pub line: usize,
}

/// What the scan keeps of a `.cmd` file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CmdFile {
    /// The target named by the `savedcmd_`/`cmd_` line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The command, with Make's escapes undone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub savedcmd: Option<String>,
    /// The `saved_c_flags_` value split as a shell would, when the line is present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved_c_flags: Option<Vec<String>>,
    pub crcs: Vec<CrcLine>,
}

/// Undoes Make's escaping in a `.cmd` value: `$$` → `$`, `$(pound)` → `#`.
pub fn make_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("$$") {
            out.push('$');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("$(pound)") {
            out.push('#');
            rest = t;
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Make's escaping for a `.cmd` value: `$` → `$$`, `#` → `$(pound)`.
pub fn make_escape(s: &str) -> String {
    s.replace('$', "$$").replace('#', "$(pound)")
}

/// Splits `s` into words as a POSIX shell would (quotes and backslashes; no expansion).
pub fn shell_split(s: &str) -> Option<Vec<String>> {
    shlex::split(s)
}

/// Parses a `.cmd` file's bytes. Files are large (the `deps_` list makes them ~80 KiB
/// each in a kernel tree), so the only lines looked at are those that can start a
/// `savedcmd_`/`cmd_`/`saved_c_flags_` assignment, found with `memmem`; lines are not
/// walked one by one.
pub fn parse_cmd(data: &[u8]) -> Result<CmdFile, ParseError> {
    // modpost reads the file as a C string: nothing after a NUL byte is seen.
    let data = match memchr::memchr(0, data) {
        Some(nul) => &data[..nul],
        None => data,
    };
    let mut out = CmdFile { crcs: parse_symver(data), ..CmdFile::default() };

    let mut starts: Vec<usize> = Vec::new();
    if data.starts_with(b"saved") || data.starts_with(b"cmd_") {
        starts.push(0);
    }
    for needle in [&b"\nsaved"[..], b"\ncmd_"] {
        starts.extend(memchr::memmem::find_iter(data, needle).map(|i| i + 1));
    }
    starts.sort_unstable();
    for start in starts {
        let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i);
        let line = &data[start..end];
        let Some(sep) = memchr::memmem::find(line, b" := ") else { continue };
        let (key, value) = (&line[..sep], &line[sep + 4..]);
        let value = || make_unescape(String::from_utf8_lossy(value).trim());
        if let Some(target) = key.strip_prefix(b"savedcmd_").or_else(|| key.strip_prefix(b"cmd_")) {
            if out.savedcmd.is_none() {
                out.target = Some(String::from_utf8_lossy(target).into_owned());
                out.savedcmd = Some(value());
            }
        } else if key.starts_with(b"saved_c_flags_") {
            let words = shell_split(&value()).ok_or_else(|| {
                let line_no = 1 + memchr::memchr_iter(b'\n', &data[..start]).count();
                ParseError::line(line_no, "saved_c_flags_ has an unbalanced quote")
            })?;
            out.saved_c_flags = Some(words);
        }
    }
    Ok(out)
}

/// Finds the `#SYMVER` lines exactly as modpost's `extract_crcs_for_object()` does: it
/// searches for `"\n#SYMVER "` (so a first-line `#SYMVER` is never seen), takes the name
/// up to the next space (even across a newline), skips the entry unless the CRC starts
/// with a digit, parses it with `strtoul(p, &p, 0)` and requires a newline right after.
pub fn parse_symver(data: &[u8]) -> Vec<CrcLine> {
    const KEY: &[u8] = b"\n#SYMVER ";
    let finder = memchr::memmem::Finder::new(KEY);
    let mut out = Vec::new();
    let mut p = 0;
    let mut line = 1;
    let mut line_counted_to = 0;
    while let Some(found) = finder.find(&data[p..]) {
        let at = p + found;
        line += memchr::memchr_iter(b'\n', &data[line_counted_to..=at]).count();
        line_counted_to = at + 1;
        let name_start = at + KEY.len();
        let Some(space) = memchr::memchr(b' ', &data[name_start..]) else { break };
        let name_end = name_start + space;
        let crc_start = name_end + 1;
        p = crc_start;
        if !data.get(crc_start).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let (value, end) = strtoul0(data, crc_start);
        p = end;
        if data.get(end) != Some(&b'\n') {
            continue;
        }
        out.push(CrcLine {
            symbol: String::from_utf8_lossy(&data[name_start..name_end]).into_owned(),
            // modpost stores the unsigned long in an unsigned int.
            crc: value as u32,
            line,
        });
    }
    out
}

/// C's `strtoul(s, &end, 0)` on an input that starts with a digit: `0x` hex, leading `0`
/// octal, else decimal; saturates at `u64::MAX` (ULONG_MAX on LP64). Returns the value
/// and the index of the first byte not consumed.
fn strtoul0(data: &[u8], start: usize) -> (u64, usize) {
    let mut i = start;
    let base: u64 = if data[i] == b'0' {
        let hex = matches!(data.get(i + 1), Some(b'x' | b'X')) && data.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if hex {
            i += 2;
            16
        } else {
            8
        }
    } else {
        10
    };
    let mut value: u64 = 0;
    let mut overflow = false;
    while let Some(d) = data.get(i).and_then(|&c| (c as char).to_digit(base as u32)) {
        match value.checked_mul(base).and_then(|v| v.checked_add(u64::from(d))) {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    (if overflow { u64::MAX } else { value }, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_escape_round_trips() {
        let s = "a $b #c $$";
        assert_eq!(make_unescape(&make_escape(s)), s);
    }

    #[test]
    fn strtoul_bases() {
        assert_eq!(strtoul0(b"0x1f\n", 0), (0x1f, 4));
        assert_eq!(strtoul0(b"017\n", 0), (0o17, 3));
        assert_eq!(strtoul0(b"42\n", 0), (42, 2));
        assert_eq!(strtoul0(b"0x\n", 0), (0, 1));
        assert_eq!(strtoul0(b"08\n", 0), (0, 1));
        assert_eq!(strtoul0(b"99999999999999999999999\n", 0).0, u64::MAX);
    }
}
