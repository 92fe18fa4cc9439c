//! Reading one table entry the way `DEF_FIELD`/`DEF_FIELD_ADDR` do (offsets from the
//! layout, the target's byte order and word size, never a Rust struct layout), and
//! emitting aliases and messages the way `module_alias_printf()`/`buf_printf()` do.

use std::io::Write as _;

use super::{Alias, AliasList, Rules};
use crate::modpost::read::Diag;

/// The target of the object being read: `kernel_ulong_t`'s size and the byte order
/// (modpost's `TO_NATIVE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// 4 for ELFCLASS32, 8 for ELFCLASS64.
    pub word_bytes: usize,
    pub big_endian: bool,
}

/// One entry of a table, with the table around it: modpost reads strings until their NUL
/// even past the field (and the entry), so an entry sees everything up to the end of the
/// symbol's section.
pub(super) struct Entry<'a> {
    /// The table's first byte up to the end of its section's data.
    table: &'a [u8],
    start: usize,
    id_size: usize,
    /// Field name → offset, resolved from the layout for this table type.
    fields: &'a [(&'static str, usize)],
    target: Target,
}

impl<'a> Entry<'a> {
    pub(super) fn new(
        table: &'a [u8],
        index: usize,
        id_size: usize,
        fields: &'a [(&'static str, usize)],
        target: Target,
    ) -> Self {
        Entry { table, start: index * id_size, id_size, fields, target }
    }

    /// The `index`th entry of the same table (pnp_card's duplicate search looks back).
    pub(super) fn sibling(&self, index: usize) -> Entry<'a> {
        Entry::new(self.table, index, self.id_size, self.fields, self.target)
    }

    pub(super) fn index(&self) -> usize {
        self.start / self.id_size.max(1)
    }

    pub(super) fn target(&self) -> Target {
        self.target
    }

    /// Where `field` starts, from the table's start. Every handler asks only for the
    /// fields its table type declares (a unit test runs each on every layout).
    pub(super) fn offset(&self, field: &str) -> usize {
        let off = self.fields.iter().find(|(name, _)| *name == field).map_or(0, |&(_, o)| o);
        self.start.saturating_add(off)
    }

    /// An unsigned field of `width` bytes at `at` (from the table's start), in the target's
    /// byte order; bytes past the section read as zero.
    fn uint(&self, at: usize, width: usize) -> u64 {
        let mut v = 0u64;
        for k in 0..width {
            let byte = u64::from(self.table.get(at.saturating_add(k)).copied().unwrap_or(0));
            v |= if self.target.big_endian { byte << (8 * (width - 1 - k)) } else { byte << (8 * k) };
        }
        v
    }

    pub(super) fn u8(&self, field: &str) -> u8 {
        self.uint(self.offset(field), 1) as u8
    }

    pub(super) fn u16(&self, field: &str) -> u16 {
        self.uint(self.offset(field), 2) as u16
    }

    pub(super) fn u32(&self, field: &str) -> u32 {
        self.uint(self.offset(field), 4) as u32
    }

    /// Element `index` of a `__u32` array field.
    pub(super) fn u32_at(&self, field: &str, index: usize) -> u32 {
        self.uint(self.offset(field).saturating_add(4 * index), 4) as u32
    }

    /// Element `index` of a `kernel_ulong_t` array field (4 or 8 bytes by ELF class).
    pub(super) fn word_at(&self, field: &str, index: usize) -> u64 {
        let w = self.target.word_bytes;
        self.uint(self.offset(field).saturating_add(w * index), w)
    }

    /// A `kernel_ulong_t` field.
    pub(super) fn word(&self, field: &str) -> u64 {
        self.word_at(field, 0)
    }

    /// A byte array field (`guid_t`, `uuid_le`): bytes past the section read as zero.
    pub(super) fn bytes<const N: usize>(&self, field: &str) -> [u8; N] {
        let at = self.offset(field);
        std::array::from_fn(|k| self.table.get(at.saturating_add(k)).copied().unwrap_or(0))
    }

    /// A `char[]` field as `%s` reads it: up to the first NUL, which may lie past the
    /// field (modpost does not stop at the array's end) but not past the section.
    pub(super) fn cstr(&self, field: &str) -> &'a [u8] {
        self.cstr_at(self.offset(field))
    }

    /// The byte at `at` (from the table's start); past the section, zero.
    pub(super) fn byte_at(&self, at: usize) -> u8 {
        self.table.get(at).copied().unwrap_or(0)
    }

    /// The C string at `at` (from the table's start).
    pub(super) fn cstr_at(&self, at: usize) -> &'a [u8] {
        let rest = self.table.get(at..).unwrap_or_default();
        &rest[..memchr::memchr(0, rest).unwrap_or(rest.len())]
    }
}

/// modpost's `buf_printf()` refuses a formatted piece of 500 bytes or more.
const BUF_PRINTF_LIMIT: usize = 500;

/// Where one table's aliases and messages go.
pub(super) struct Emitter<'a> {
    pub(super) rules: &'a Rules,
    /// `mod->name`: `drivers/hid/hid-generic`, or `vmlinux`.
    pub(super) modname: &'a str,
    aliases: &'a mut AliasList,
    diags: &'a mut Vec<Diag>,
    /// For vmlinux (6.18+): the built-in module the table belongs to.
    builtin_modname: Option<&'a [u8]>,
    /// A fatal message was emitted: modpost has ended.
    pub(super) stopped: bool,
}

impl<'a> Emitter<'a> {
    pub(super) fn new(
        rules: &'a Rules,
        modname: &'a str,
        aliases: &'a mut AliasList,
        diags: &'a mut Vec<Diag>,
        builtin_modname: Option<&'a [u8]>,
    ) -> Self {
        Emitter { rules, modname, aliases, diags, builtin_modname, stopped: false }
    }

    /// One alias. `wildcard` appends a `*` unless the alias already ends in one (6.12's
    /// `add_wildcard()`, 6.13's `module_alias_printf(mod, true, ...)`).
    pub(super) fn alias(&mut self, mut text: Vec<u8>, wildcard: bool) {
        if self.stopped {
            return;
        }
        if wildcard && text.last() != Some(&b'*') {
            text.push(b'*');
        }
        if !self.rules.dedupe_aliases {
            // 6.12 formats the MODULE_ALIAS line into the module's buffer right away, so
            // buf_printf's limit applies while the object is read.
            let line_len = "MODULE_ALIAS(\"".len() + text.len() + "\");\n".len();
            if line_len >= BUF_PRINTF_LIMIT {
                let mut line = [b"MODULE_ALIAS(\"", &text[..], b"\");\n"].concat();
                line.truncate(BUF_PRINTF_LIMIT - 1);
                self.fatal(format!(
                    "buf_printf output truncated for string {}: {} bytes needed, {BUF_PRINTF_LIMIT} available\n",
                    String::from_utf8_lossy(&line),
                    line_len + 1
                ));
                return;
            }
        }
        let alias = Alias { text, builtin_modname: self.builtin_modname.map(<[u8]>::to_vec) };
        self.aliases.push(alias, self.rules.dedupe_aliases);
    }

    pub(super) fn warn(&mut self, msg: String) {
        if !self.stopped {
            self.diags.push(Diag::Warn(msg));
        }
    }

    pub(super) fn error(&mut self, msg: String) {
        if !self.stopped {
            self.diags.push(Diag::Error(msg));
        }
    }

    /// Text printed as it is (6.12's hex dump of a bad terminator).
    pub(super) fn plain(&mut self, msg: String) {
        if !self.stopped {
            self.diags.push(Diag::Plain(msg));
        }
    }

    pub(super) fn fatal(&mut self, msg: String) {
        if !self.stopped {
            self.diags.push(Diag::Fatal(msg));
            self.stopped = true;
        }
    }
}

/// The `ADD()` macro: `sep`, then the field in upper-case hex, two digits per byte of its
/// type, or `*` when `cond` is false.
fn add(s: &mut Vec<u8>, sep: &str, cond: bool, value: u64, digits: usize) {
    s.extend_from_slice(sep.as_bytes());
    if cond {
        let _ = write!(s, "{value:0digits$X}");
    } else {
        s.push(b'*');
    }
}

pub(super) fn add8(s: &mut Vec<u8>, sep: &str, cond: bool, v: u8) {
    add(s, sep, cond, v.into(), 2);
}

pub(super) fn add16(s: &mut Vec<u8>, sep: &str, cond: bool, v: u16) {
    add(s, sep, cond, v.into(), 4);
}

pub(super) fn add32(s: &mut Vec<u8>, sep: &str, cond: bool, v: u32) {
    add(s, sep, cond, v.into(), 8);
}

/// `printf`-style formatting into bytes (aliases may hold any byte a table's strings do).
macro_rules! bytes_fmt {
    ($($arg:tt)*) => {{
        let mut v: Vec<u8> = Vec::new();
        let _ = ::std::io::Write::write_fmt(&mut v, format_args!($($arg)*));
        v
    }};
}
pub(super) use bytes_fmt;

/// Concatenates byte strings (a `%s` sequence).
pub(super) fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// C's `isspace()` in the C locale.
pub(super) fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_macro_widths() {
        let mut s = Vec::new();
        add8(&mut s, "b", true, 0x3);
        add16(&mut s, "v", true, 0xbeef);
        add32(&mut s, "p", false, 7);
        add32(&mut s, "d", true, 0x1af4);
        assert_eq!(s, b"b03vBEEFp*d00001AF4");
    }

    #[test]
    fn fields_in_both_byte_orders_and_past_the_end() {
        let table = [0x34, 0x12, 0, 0, b'a', b'b', 0, 0xff];
        let fields = [("v", 0usize), ("s", 4), ("tail", 7)];
        let le = Entry::new(&table, 0, 8, &fields, Target { word_bytes: 8, big_endian: false });
        assert_eq!(le.u16("v"), 0x1234);
        assert_eq!(le.u32("v"), 0x1234);
        assert_eq!(le.cstr("s"), b"ab");
        assert_eq!(le.cstr("tail"), b"\xff");
        assert_eq!(le.u32("tail"), 0xff, "bytes past the data read as zero");
        let be = Entry::new(&table, 0, 8, &fields, Target { word_bytes: 4, big_endian: true });
        assert_eq!(be.u16("v"), 0x3412);
        assert_eq!(be.word("v"), 0x3412_0000);
        let second = be.sibling(1);
        assert_eq!(second.index(), 1);
        assert_eq!(second.u8("v"), 0, "entirely past the data");
    }
}
