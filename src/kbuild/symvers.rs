//! `Module.symvers` (also `vmlinux.symvers`, `modules-only.symvers`, distributions'
//! `symvers-*` files and Red Hat's `Module.kabi_*`): one export per line, fields separated
//! by tabs. This is the crate's one reader of these files; `modpost -i` and the gate both
//! use it.
//!
//! Layouts seen in the wild:
//!
//! | kernels | fields |
//! |---|---|
//! | 5.6 and later | `crc symbol module EXPORT_SYMBOL[_GPL] namespace` |
//! | 5.4, 5.5 | `crc symbol namespace module EXPORT_SYMBOL[_GPL]` |
//! | before 5.4 | `crc symbol module EXPORT_SYMBOL[_GPL]` |
//!
//! The two five-field layouts are told apart by which field holds the `EXPORT_*`
//! keyword. CRCs are hexadecimal, with or without `0x` (modpost writes `0x%08x`; some
//! tools strip the prefix).

use serde::Serialize;

use crate::error::ParseError;

/// The export keyword of a line. The legacy kinds (`EXPORT_SYMBOL_GPL_FUTURE`,
/// `EXPORT_UNUSED_SYMBOL*`) were removed in 5.13 but still appear in old baselines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ExportType {
    #[serde(rename = "EXPORT_SYMBOL")]
    Symbol,
    #[serde(rename = "EXPORT_SYMBOL_GPL")]
    Gpl,
    #[serde(rename = "EXPORT_SYMBOL_GPL_FUTURE")]
    GplFuture,
    #[serde(rename = "EXPORT_UNUSED_SYMBOL")]
    Unused,
    #[serde(rename = "EXPORT_UNUSED_SYMBOL_GPL")]
    UnusedGpl,
}

impl ExportType {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "EXPORT_SYMBOL" => ExportType::Symbol,
            "EXPORT_SYMBOL_GPL" => ExportType::Gpl,
            "EXPORT_SYMBOL_GPL_FUTURE" => ExportType::GplFuture,
            "EXPORT_UNUSED_SYMBOL" => ExportType::Unused,
            "EXPORT_UNUSED_SYMBOL_GPL" => ExportType::UnusedGpl,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportType::Symbol => "EXPORT_SYMBOL",
            ExportType::Gpl => "EXPORT_SYMBOL_GPL",
            ExportType::GplFuture => "EXPORT_SYMBOL_GPL_FUTURE",
            ExportType::Unused => "EXPORT_UNUSED_SYMBOL",
            ExportType::UnusedGpl => "EXPORT_UNUSED_SYMBOL_GPL",
        }
    }

    /// Whether a module that is not GPL-compatible may no longer use the symbol.
    pub fn is_gpl_only(self) -> bool {
        matches!(self, ExportType::Gpl | ExportType::UnusedGpl)
    }

    /// The restrictions the export places on its users, as bits (SUSE `kabi.pl`'s
    /// table): GPL licence, GPL enforced now, unused.
    pub fn restrictions(self) -> u8 {
        const GPL: u8 = 1;
        const NOW: u8 = 2;
        const UNUSED: u8 = 4;
        match self {
            ExportType::Symbol => 0,
            ExportType::Gpl => GPL | NOW,
            ExportType::GplFuture => GPL,
            ExportType::Unused => UNUSED,
            ExportType::UnusedGpl => UNUSED | GPL | NOW,
        }
    }

    /// True when going from `self` to `new` adds a restriction (a module that linked
    /// against the old export may fail to load against the new one).
    pub fn restricted_by(self, new: ExportType) -> bool {
        new.restrictions() & !self.restrictions() != 0
    }
}

impl std::fmt::Display for ExportType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which layout a line (or file) has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `crc symbol module export namespace` (5.6 and later).
    NamespaceLast,
    /// `crc symbol namespace module export` (5.4 and 5.5).
    NamespaceThird,
    /// `crc symbol module export` (before 5.4).
    NoNamespace,
}

impl Layout {
    pub fn has_namespaces(self) -> bool {
        self != Layout::NoNamespace
    }
}

/// One line of a symvers file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SymversRecord {
    pub crc: u32,
    pub symbol: String,
    /// `vmlinux`, or the module's path without `.ko`.
    pub module: String,
    pub export: ExportType,
    /// Empty when the export has no namespace (or the layout cannot say).
    pub namespace: String,
    pub layout: Layout,
    /// 1-based line number.
    pub line: usize,
}

/// A whole symvers file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Symvers {
    pub records: Vec<SymversRecord>,
}

impl Symvers {
    /// The layout of the file: the first line's (a file mixes layouts only when
    /// concatenated from several kernels). `None` for an empty file.
    pub fn layout(&self) -> Option<Layout> {
        self.records.first().map(|r| r.layout)
    }

    /// Whether any line could carry a namespace.
    pub fn has_namespaces(&self) -> bool {
        self.records.iter().any(|r| r.layout.has_namespaces())
    }
}

/// Why a line was rejected by [`split_kernel_line`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KernelLineError {
    /// Fewer than four tabs, an empty symbol or module, or a CRC that is not hex.
    Malformed,
    /// A well-formed line whose export keyword modpost does not know (it skips the
    /// line with an error, and goes on).
    UnknownLicense { symbol: String, export: String },
}

/// Splits one line exactly as modpost's `read_dump()` (6.x) does: four tabs are
/// required, the fifth field (namespace) is the rest of the line, the CRC is read with
/// `strtoul(s, &end, 16)` and must be consumed whole, symbol and module must not be empty,
/// and only `EXPORT_SYMBOL` and `EXPORT_SYMBOL_GPL` are known.
pub fn split_kernel_line(line: &str) -> Result<(u32, &str, &str, bool, &str), KernelLineError> {
    let f: Vec<&str> = line.splitn(5, '\t').collect();
    if f.len() < 5 {
        return Err(KernelLineError::Malformed);
    }
    let (crc_text, symbol, module, export, namespace) = (f[0], f[1], f[2], f[3], f[4]);
    let crc = strtoul16_whole(crc_text).ok_or(KernelLineError::Malformed)?;
    if symbol.is_empty() || module.is_empty() {
        return Err(KernelLineError::Malformed);
    }
    let gpl_only = match export {
        "EXPORT_SYMBOL_GPL" => true,
        "EXPORT_SYMBOL" => false,
        _ => return Err(KernelLineError::UnknownLicense { symbol: symbol.into(), export: export.into() }),
    };
    Ok((crc, symbol, module, gpl_only, namespace))
}

/// Parses one line in any of the layouts. `line_no` is 1-based, for the record and errors.
pub fn parse_line(line: &str, line_no: usize) -> Result<SymversRecord, ParseError> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let f: Vec<&str> = line.split('\t').collect();
    let err = |msg: String| ParseError::line(line_no, msg);
    let keyword = |s: &str| s.starts_with("EXPORT_");
    let (crc, symbol, module, export, namespace, layout) = match f.len() {
        5 if keyword(f[3]) => (f[0], f[1], f[2], f[3], f[4], Layout::NamespaceLast),
        5 if keyword(f[4]) => (f[0], f[1], f[3], f[4], f[2], Layout::NamespaceThird),
        5 => return Err(err("no EXPORT_SYMBOL* keyword in the fourth or fifth field".into())),
        4 if keyword(f[3]) => (f[0], f[1], f[2], f[3], "", Layout::NoNamespace),
        4 => return Err(err("no EXPORT_SYMBOL* keyword in the fourth field".into())),
        n => {
            return Err(err(format!(
                "expected 4 or 5 tab-separated fields (crc, symbol, module, export[, namespace]), got {n}"
            )))
        }
    };
    let crc = parse_crc(crc).ok_or_else(|| err(format!("bad CRC `{crc}` (expected up to 8 hex digits)")))?;
    if symbol.is_empty() {
        return Err(err("empty symbol name".into()));
    }
    if module.is_empty() {
        return Err(err(format!("{symbol}: empty module name")));
    }
    let export = ExportType::parse(export).ok_or_else(|| err(format!("{symbol}: unknown export type `{export}`")))?;
    Ok(SymversRecord {
        crc,
        symbol: symbol.to_string(),
        module: module.to_string(),
        export,
        namespace: namespace.to_string(),
        layout,
        line: line_no,
    })
}

/// Parses a whole file in any layout; blank lines are skipped. The first bad line is
/// an error (with its line number).
pub fn parse(data: &[u8]) -> Result<Symvers, ParseError> {
    let text = std::str::from_utf8(data).map_err(|e| {
        let line = data[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ParseError::line(line, "not UTF-8 text")
    })?;
    let mut records = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        records.push(parse_line(line, i + 1)?);
    }
    Ok(Symvers { records })
}

/// Reads and parses a symvers file; errors name the file.
pub fn read(path: &std::path::Path) -> crate::Result<Symvers> {
    let data = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    parse(&data).map_err(|e| crate::Error::parse(path, e))
}

/// A CRC field: 1 to 8 hex digits, optionally after `0x`.
fn parse_crc(s: &str) -> Option<u32> {
    let digits = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s);
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// `strtoul(s, &end, 16)` that must consume the whole string (modpost's `*d != '\0'`
/// check): optional white space and sign, optional `0x`; an empty string is 0.
pub fn strtoul16_whole(s: &str) -> Option<u32> {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let t = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(r) if r.starts_with(|c: char| c.is_ascii_hexdigit()) => r,
        _ => t,
    };
    if t.is_empty() {
        // No digits: strtoul consumed nothing; only the empty string passes the check.
        return s.is_empty().then_some(0);
    }
    let mut v: u64 = 0;
    for c in t.chars() {
        let d = c.to_digit(16)?;
        v = v.checked_mul(16).and_then(|v| v.checked_add(u64::from(d))).unwrap_or(u64::MAX);
    }
    Some(if neg { v.wrapping_neg() as u32 } else { v as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        let r = parse_line("0x50b42ba1\tns_get\tvmlinux\tEXPORT_SYMBOL_GPL\tSAMPLE_NS", 1).unwrap();
        assert_eq!((r.crc, r.module.as_str(), r.namespace.as_str()), (0x50b42ba1, "vmlinux", "SAMPLE_NS"));
        assert_eq!((r.export, r.layout), (ExportType::Gpl, Layout::NamespaceLast));
        let r = parse_line("0x50b42ba1\tns_get\tSAMPLE_NS\tdrivers/foo\tEXPORT_SYMBOL", 2).unwrap();
        assert_eq!((r.module.as_str(), r.namespace.as_str()), ("drivers/foo", "SAMPLE_NS"));
        assert_eq!(r.layout, Layout::NamespaceThird);
        let r = parse_line("50b42ba1\tfoo\tvmlinux\tEXPORT_SYMBOL\r", 3).unwrap();
        assert_eq!((r.crc, r.layout, r.namespace.as_str()), (0x50b42ba1, Layout::NoNamespace, ""));
        let r = parse_line("0x00000001\tfoo\tvmlinux\tEXPORT_SYMBOL\t", 4).unwrap();
        assert_eq!((r.crc, r.layout), (1, Layout::NamespaceLast));
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = parse(b"0x1\ta\tvmlinux\tEXPORT_SYMBOL\t\n0x1 a vmlinux EXPORT_SYMBOL\n").unwrap_err();
        assert_eq!(e.location, crate::error::Location::Line(2));
        assert!(parse_line("0xzz\ta\tvmlinux\tEXPORT_SYMBOL", 1).is_err());
        assert!(parse_line("0x123456789\ta\tvmlinux\tEXPORT_SYMBOL", 1).is_err());
        assert!(parse_line("0x1\ta\tvmlinux\tEXPORT_SYMBOL_WEIRD", 1).is_err());
        assert!(parse_line("0x1\t\tvmlinux\tEXPORT_SYMBOL", 1).is_err());
    }

    #[test]
    fn kernel_lines() {
        assert_eq!(split_kernel_line("0x1\ta\tvmlinux\tEXPORT_SYMBOL\tN\tx"), Ok((1, "a", "vmlinux", false, "N\tx")));
        assert_eq!(split_kernel_line("0x1\ta\tvmlinux\tEXPORT_SYMBOL"), Err(KernelLineError::Malformed));
        assert!(matches!(split_kernel_line("1\ta\tm\tEXPORT_X\t"), Err(KernelLineError::UnknownLicense { .. })));
    }

    #[test]
    fn restrictions() {
        assert!(ExportType::Symbol.restricted_by(ExportType::Gpl));
        assert!(!ExportType::Gpl.restricted_by(ExportType::Symbol));
        assert!(ExportType::GplFuture.restricted_by(ExportType::Gpl));
        assert!(!ExportType::Gpl.restricted_by(ExportType::Gpl));
    }

    #[test]
    fn dump_crcs() {
        assert_eq!(strtoul16_whole("0x50b42ba1"), Some(0x50b42ba1));
        assert_eq!(strtoul16_whole("50b42ba1"), Some(0x50b42ba1));
        assert_eq!(strtoul16_whole(""), Some(0));
        assert_eq!(strtoul16_whole("0xzz"), None);
        assert_eq!(strtoul16_whole("-1"), Some(0xffff_ffff));
    }
}
