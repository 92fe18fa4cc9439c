//! kbuild's generated `scripts/mod/devicetable-offsets.h`: the size of every
//! `struct *_device_id` and the offset of every field `file2alias.c` reads, for the
//! tree's target (`#define SIZE_pci_device_id 32`, `#define OFF_pci_device_id_vendor 0`).
//!
//! modpost compiles this header in; thinpost reads it at run time, so one binary serves
//! every architecture and kernel version. The file is what `sed-offsets` in
//! `scripts/Makefile.lib` makes of the compiler's assembly: an include guard, a comment,
//! and one `#define NAME VALUE /* expression */` per line.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, ParseError};

/// Sizes and offsets by macro name (`SIZE_usb_device_id`, `OFF_usb_device_id_idVendor`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    values: HashMap<Box<str>, u64>,
    /// Where the layout came from, for messages (`scripts/mod/devicetable-offsets.h`).
    origin: String,
}

impl Layout {
    /// Reads and parses the header at `path`; errors name the file (and the line).
    pub fn load(path: &Path) -> crate::Result<Layout> {
        let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let layout = Layout::parse(&text).map_err(|e| Error::parse(path, e))?;
        Ok(layout.with_origin(path.display().to_string()))
    }

    /// The same layout, saying it came from `origin`.
    pub fn with_origin(mut self, origin: String) -> Layout {
        self.origin = origin;
        self
    }

    /// Where the layout came from (a path, or thinpost's built-in header).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Parses the header's text. Every `SIZE_*`/`OFF_*` definition must have a number,
    /// sizes must be non-zero, names must be unique, and a file that opens an include
    /// guard must close it: a truncated header is an error, never a silently smaller
    /// layout.
    pub fn parse(text: &[u8]) -> Result<Layout, ParseError> {
        let mut values: HashMap<Box<str>, u64> = HashMap::new();
        let mut first_line: HashMap<Box<str>, usize> = HashMap::new();
        let mut in_comment = false;
        let (mut open_guards, mut lines) = (0usize, 0usize);
        for (i, raw) in text.split(|&b| b == b'\n').enumerate() {
            let n = i + 1;
            lines = n;
            let line = std::str::from_utf8(raw).map_err(|_| ParseError::line(n, "not UTF-8 text"))?;
            let line = strip_comments(line, &mut in_comment).map_err(|m| ParseError::line(n, m))?;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            match words.next() {
                Some("#ifndef") => open_guards += 1,
                Some("#endif") => {
                    open_guards =
                        open_guards.checked_sub(1).ok_or_else(|| ParseError::line(n, "#endif without #ifndef"))?
                }
                Some("#define") => {
                    let Some(name) = words.next() else { return Err(ParseError::line(n, "#define without a name")) };
                    let value = words.next();
                    if words.next().is_some() {
                        return Err(ParseError::line(n, format!("{name}: more than one value")));
                    }
                    if !(name.starts_with("SIZE_") || name.starts_with("OFF_")) {
                        // The include guard, or a definition file2alias does not read.
                        continue;
                    }
                    let Some(value) = value else {
                        return Err(ParseError::line(n, format!("{name} has no value (truncated?)")));
                    };
                    let v = parse_number(value)
                        .ok_or_else(|| ParseError::line(n, format!("{name}: '{value}' is not a number")))?;
                    if v == 0 && name.starts_with("SIZE_") {
                        return Err(ParseError::line(n, format!("{name} is 0")));
                    }
                    if let Some(first) = first_line.get(name) {
                        return Err(ParseError::line(n, format!("{name} defined again (first on line {first})")));
                    }
                    first_line.insert(name.into(), n);
                    values.insert(name.into(), v);
                }
                _ => return Err(ParseError::line(n, format!("unexpected text '{}'", shorten(line)))),
            }
        }
        if in_comment {
            return Err(ParseError::line(lines, "file ends inside a comment (truncated?)"));
        }
        if open_guards > 0 {
            return Err(ParseError::line(lines, "file ends before #endif (truncated?)"));
        }
        if values.is_empty() {
            return Err(ParseError::whole("no SIZE_/OFF_ definitions"));
        }
        Ok(Layout { values, origin: "devicetable-offsets.h".to_string() })
    }

    /// A value by its macro name (`SIZE_pci_device_id`, `OFF_pci_device_id_vendor`).
    pub fn get(&self, name: &str) -> Option<u64> {
        self.values.get(name).copied()
    }

    /// `sizeof(struct <id_struct>)`.
    pub fn size(&self, id_struct: &str) -> Option<u64> {
        self.get(&format!("SIZE_{id_struct}"))
    }

    /// `offsetof(struct <id_struct>, <field>)`.
    pub fn offset(&self, id_struct: &str, field: &str) -> Option<u64> {
        self.get(&format!("OFF_{id_struct}_{field}"))
    }

    /// How many definitions the header holds.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Removes `/* … */` comments (which may span lines) from one line.
fn strip_comments(line: &str, in_comment: &mut bool) -> Result<String, &'static str> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("*/") {
                Some(end) => {
                    rest = &rest[end + 2..];
                    *in_comment = false;
                }
                None => return Ok(out),
            }
        } else {
            match rest.find("/*") {
                Some(start) => {
                    out.push_str(&rest[..start]);
                    out.push(' ');
                    rest = &rest[start + 2..];
                    *in_comment = true;
                }
                None => {
                    if rest.contains("*/") {
                        return Err("'*/' outside a comment");
                    }
                    out.push_str(rest);
                    return Ok(out);
                }
            }
        }
    }
}

/// A value as the compiler printed it: decimal, or `0x` hex (kept for other assemblers).
fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "#ifndef __DEVICETABLE_OFFSETS_H__\n#define __DEVICETABLE_OFFSETS_H__\n/*\n * DO NOT MODIFY.\n *\n * This file was generated by Kbuild\n */\n\n#define SIZE_hid_device_id 24 /* sizeof(struct hid_device_id) */\n#define OFF_hid_device_id_bus 0 /* offsetof(struct hid_device_id, bus) */\n#define OFF_hid_device_id_vendor 4 /* offsetof(struct hid_device_id, vendor) */\n\n#endif\n";

    #[test]
    fn reads_kbuild_output() {
        let l = Layout::parse(SMALL.as_bytes()).unwrap();
        assert_eq!(l.size("hid_device_id"), Some(24));
        assert_eq!(l.offset("hid_device_id", "vendor"), Some(4));
        assert_eq!(l.get("OFF_hid_device_id_bus"), Some(0));
        assert_eq!(l.offset("hid_device_id", "product"), None);
        assert_eq!(l.len(), 3);
    }

    #[test]
    fn every_prefix_of_a_header_parses_or_fails_with_a_line() {
        // Truncation anywhere before the closing #endif is reported.
        for cut in 0..SMALL.rfind("#endif").unwrap() + "#endif".len() - 1 {
            match Layout::parse(&SMALL.as_bytes()[..cut]) {
                Ok(l) => panic!("prefix of {cut} bytes accepted: {l:?}"),
                Err(e) => {
                    assert!(matches!(e.location, crate::error::Location::Line(_) | crate::error::Location::Whole))
                }
            }
        }
    }

    fn bad_bytes(text: &[u8]) -> String {
        Layout::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn garbled_lines_name_their_line() {
        let bad = |text: &str| bad_bytes(text.as_bytes());
        assert_eq!(bad("#define SIZE_x 8\n#define SIZE_x 8\n"), "line 2: SIZE_x defined again (first on line 1)");
        assert_eq!(bad("#define SIZE_x 8\n#define OFF_x_a\n"), "line 2: OFF_x_a has no value (truncated?)");
        assert_eq!(bad("#define SIZE_x eight\n"), "line 1: SIZE_x: 'eight' is not a number");
        assert_eq!(bad("#define SIZE_x 0\n"), "line 1: SIZE_x is 0");
        assert_eq!(bad("\n\nmov $8, %eax\n"), "line 3: unexpected text 'mov $8, %eax'");
        assert_eq!(bad("#define SIZE_x 8 /* sizeof\n"), "line 2: file ends inside a comment (truncated?)");
        assert_eq!(bad("#endif\n"), "line 1: #endif without #ifndef");
        assert_eq!(bad("#define SIZE_x 8 9\n"), "line 1: SIZE_x: more than one value");
        assert_eq!(bad_bytes(b"\xff\n"), "line 1: not UTF-8 text");
        assert_eq!(bad(""), "no SIZE_/OFF_ definitions");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut seed = 0x2545F4914F6CDD1Du64;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let alphabet = b"#define SIZE_OFF_x 1/*\n */ab";
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let _ = Layout::parse(&bytes);
        }
    }
}
