//! Section-mismatch rules of modpost 6.12 (`sectioncheck[]`, `secref_whitelist()`),
//! with section names classified once per object so each relocation costs a table
//! lookup instead of a dozen glob matches.

use crate::modpost::read::Diag;

/// Which of modpost's section-name pattern groups a section belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SectionClass(u16);

impl SectionClass {
    pub const TEXT: u16 = 1 << 0;
    pub const DATA: u16 = 1 << 1;
    pub const ALL_INIT: u16 = 1 << 2;
    pub const ALL_EXIT: u16 = 1 << 3;
    pub const ALL_PCI_INIT: u16 = 1 << 4;
    pub const OTHER_TEXT: u16 = 1 << 5;
    /// `.init.text` or `.exit.text` (part of ALL_TEXT).
    pub const INIT_EXIT_TEXT: u16 = 1 << 6;
    pub const ALL_INIT_DATA: u16 = 1 << 7;
    pub const EX_TABLE: u16 = 1 << 8;
    pub const ALTINSTR_REPLACEMENT: u16 = 1 << 9;
    pub const ALL_TEXT: u16 = Self::TEXT | Self::OTHER_TEXT | Self::INIT_EXIT_TEXT;

    pub fn contains(self, bits: u16) -> bool {
        self.0 & bits != 0
    }

    /// Classifies a section name.
    pub fn of(name: &[u8]) -> Self {
        let m = |patterns: &[&str]| patterns.iter().any(|p| glob(p.as_bytes(), name));
        let mut c = 0;
        if m(&[
            ".text",
            ".text.*",
            ".sched.text",
            ".kprobes.text",
            ".cpuidle.text",
            ".noinstr.text",
            ".ltext",
            ".ltext.*",
        ]) {
            c |= Self::TEXT;
        }
        if m(&[".data", ".data.rel"]) {
            c |= Self::DATA;
        }
        if m(&[".init.*"]) {
            c |= Self::ALL_INIT;
        }
        if m(&[".exit.*"]) {
            c |= Self::ALL_EXIT;
        }
        if m(&[
            ".pci_fixup_early",
            ".pci_fixup_header",
            ".pci_fixup_final",
            ".pci_fixup_enable",
            ".pci_fixup_resume",
            ".pci_fixup_resume_early",
            ".pci_fixup_suspend",
        ]) {
            c |= Self::ALL_PCI_INIT;
        }
        if m(&[
            ".ref.text",
            ".head.text",
            ".spinlock.text",
            ".fixup",
            ".entry.text",
            ".exception.text",
            ".coldtext",
            ".softirqentry.text",
            ".irqentry.text",
        ]) {
            c |= Self::OTHER_TEXT;
        }
        if m(&[".init.text", ".exit.text"]) {
            c |= Self::INIT_EXIT_TEXT;
        }
        if m(&[".init.setup", ".init.rodata", ".init.data"]) {
            c |= Self::ALL_INIT_DATA;
        }
        if name == b"__ex_table" {
            c |= Self::EX_TABLE;
        }
        if name == b".altinstr_replacement" {
            c |= Self::ALTINSTR_REPLACEMENT;
        }
        SectionClass(c)
    }

    /// True when some `sectioncheck[]` entry has this section as its source.
    pub fn can_be_mismatch_source(self) -> bool {
        self.contains(Self::TEXT | Self::DATA | Self::ALL_INIT | Self::ALL_EXIT | Self::ALL_PCI_INIT | Self::EX_TABLE)
    }
}

/// `fnmatch(pattern, s, 0)` for patterns whose only metacharacter is `*`. modpost's
/// patterns have the shapes `X`, `X*`, `*X` and `*X*`, which take one comparison each;
/// other shapes fall back to a general (backtracking) match.
pub fn glob(pattern: &[u8], s: &[u8]) -> bool {
    let stars = pattern.iter().filter(|&&b| b == b'*').count();
    match stars {
        0 => pattern == s,
        1 if pattern.ends_with(b"*") => s.starts_with(&pattern[..pattern.len() - 1]),
        1 if pattern.starts_with(b"*") => s.ends_with(&pattern[1..]),
        2 if pattern.starts_with(b"*") && pattern.ends_with(b"*") && pattern.len() >= 2 => {
            let inner = &pattern[1..pattern.len() - 1];
            inner.is_empty() || memchr::memmem::find(s, inner).is_some()
        }
        _ => glob_general(pattern, s),
    }
}

fn glob_general(pattern: &[u8], s: &[u8]) -> bool {
    let Some(star) = pattern.iter().position(|&b| b == b'*') else { return pattern == s };
    let (prefix, rest) = (&pattern[..star], &pattern[star + 1..]);
    if !s.starts_with(prefix) {
        return false;
    }
    let tail = &s[prefix.len()..];
    (0..=tail.len()).any(|i| glob_general(rest, &tail[i..]))
}

/// modpost's `section_white_list`: sections whose relocations are never checked, and
/// non-allocatable sections that are expected.
pub fn in_section_white_list(name: &[u8]) -> bool {
    const LIST: &[&str] = &[
        ".comment*",
        ".debug*",
        ".zdebug*",
        ".GCC.command.line",
        ".mdebug*",
        ".pdr",
        ".stab*",
        ".note*",
        ".got*",
        ".toc*",
        ".xt.prop",
        ".xt.lit",
        ".arcextmap*",
        ".gnu.linkonce.arcext*",
        ".cmem*",
        ".fmt_slot*",
        ".gnu.lto*",
        ".discard.*",
        ".llvm.call-graph-profile",
    ];
    LIST.iter().any(|p| glob(p.as_bytes(), name))
}

/// Which `sectioncheck[]` entry matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    TextDataToAnyInitExit,
    AnyInitToAnyExit,
    AnyExitToAnyInit,
    ExtableToNonText,
}

/// `section_mismatch()`: the first entry whose source matches and whose bad list
/// matches the target (or whose good list does not).
pub fn section_mismatch(from: SectionClass, to: SectionClass) -> Option<Mismatch> {
    use SectionClass as C;
    if from.contains(C::TEXT | C::DATA) && to.contains(C::ALL_INIT | C::ALL_EXIT) {
        return Some(Mismatch::TextDataToAnyInitExit);
    }
    if from.contains(C::ALL_INIT) && to.contains(C::ALL_EXIT) {
        return Some(Mismatch::AnyInitToAnyExit);
    }
    if from.contains(C::ALL_EXIT) && to.contains(C::ALL_INIT) {
        return Some(Mismatch::AnyExitToAnyInit);
    }
    if from.contains(C::ALL_PCI_INIT) && to.contains(C::ALL_INIT) {
        return Some(Mismatch::AnyInitToAnyExit);
    }
    if from.contains(C::EX_TABLE) && (to.contains(C::ALTINSTR_REPLACEMENT) || !to.contains(C::ALL_TEXT)) {
        return Some(Mismatch::ExtableToNonText);
    }
    None
}

/// `secref_whitelist()` inverted: true when the reference is allowed.
pub fn whitelisted(
    fromsec: &[u8],
    from: SectionClass,
    fromsym: &[u8],
    tosec: &[u8],
    to: SectionClass,
    tosym: &[u8],
) -> bool {
    use SectionClass as C;
    let data = from.contains(C::DATA);
    (to.contains(C::ALL_INIT_DATA) && data && fromsym.starts_with(b"__param"))
        || (tosec == b".init.text" && data && fromsym.starts_with(b"__param_ops_"))
        || (data
            && to.contains(C::ALL_INIT | C::ALL_EXIT)
            && [&b"*_ops"[..], b"*_probe", b"*_console"].iter().any(|p| glob(p, fromsym)))
        || (fromsec.starts_with(b".head.text") && to.contains(C::ALL_INIT))
        || matches!(tosym, b"__init_begin" | b"_sinittext" | b"_einittext")
        || (from.contains(C::ALL_TEXT) && to.contains(C::ALL_INIT) && glob(b"*.constprop.*", fromsym))
}

/// `tcp4_net_ops.llvm.4753657668180294246` → `tcp4_net_ops`: the name before ThinLTO
/// promoted and renamed the local symbol. Other names are returned unchanged.
pub fn strip_llvm_suffix(name: &[u8]) -> &[u8] {
    const SUFFIX: &[u8] = b".llvm.";
    if let Some(pos) = name.windows(SUFFIX.len()).rposition(|w| w == SUFFIX) {
        let digits = &name[pos + SUFFIX.len()..];
        if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
            return &name[..pos];
        }
    }
    name
}

/// The extra report modpost prints after an `__ex_table` mismatch.
pub fn extable_followup(
    check: Mismatch,
    modname: &str,
    fromsec: &[u8],
    r_offset: u64,
    tosec: &[u8],
    to_secindex: u32,
    sh_flags: impl Fn(u32) -> u64,
) -> Option<Diag> {
    if check != Mismatch::ExtableToNonText {
        return None;
    }
    let (f, t) = (String::from_utf8_lossy(fromsec), String::from_utf8_lossy(tosec));
    Some(if tosec == b".altinstr_replacement" {
        Diag::Fatal(format!(
            "The relocation at {f}+0x{r_offset:x} references\nsection \"{t}\" which is black-listed.\nSomething is seriously wrong and should be fixed.\nYou might get more information about where this is\ncoming from by using scripts/check_extable.sh {modname}\n"
        ))
    } else if sh_flags(to_secindex) & u64::from(object::elf::SHF_EXECINSTR) != 0 {
        Diag::Warn(format!(
            "The relocation at {f}+0x{r_offset:x} references\nsection \"{t}\" which is not in the list of\nauthorized sections.  If you're adding a new section\nand/or if this reference is valid, add \"{t}\" to the\nlist of authorized sections to jump to on fault.\nThis can be achieved by adding \"{t}\" to\nOTHER_TEXT_SECTIONS in scripts/mod/modpost.c.\n"
        ))
    } else {
        Diag::Error(format!("{f}+0x{r_offset:x} references non-executable section '{t}'\n"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob(b".text.*", b".text.unlikely"));
        assert!(!glob(b".text.*", b".text"));
        assert!(glob(b"*_ops", b"tcp4_net_ops"));
        assert!(!glob(b"*_ops", b"tcp4_net_ops.llvm.4753657668180294246"));
        assert!(glob(b"*.constprop.*", b"f.constprop.0"));
        assert!(glob(b"a*b*c", b"axxbyyc") && !glob(b"a*b*c", b"axxc"));
    }

    #[test]
    fn llvm_suffix() {
        assert_eq!(strip_llvm_suffix(b"tcp4_net_ops.llvm.4753657668180294246"), b"tcp4_net_ops");
        assert_eq!(strip_llvm_suffix(b"x.llvm.12a"), b"x.llvm.12a");
        assert_eq!(strip_llvm_suffix(b"plain"), b"plain");
    }

    #[test]
    fn table() {
        let c = |n: &str| SectionClass::of(n.as_bytes());
        assert_eq!(section_mismatch(c(".data"), c(".init.text")), Some(Mismatch::TextDataToAnyInitExit));
        assert_eq!(section_mismatch(c(".data.rel.ro"), c(".init.text")), None);
        assert_eq!(section_mismatch(c(".init.text"), c(".exit.text")), Some(Mismatch::AnyInitToAnyExit));
        assert_eq!(section_mismatch(c("__ex_table"), c(".text")), None);
        assert_eq!(section_mismatch(c("__ex_table"), c(".rodata")), Some(Mismatch::ExtableToNonText));
    }
}
