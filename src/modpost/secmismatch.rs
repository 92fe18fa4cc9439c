//! Section-mismatch rules of modpost 6.12 (`sectioncheck[]`, `secref_whitelist()`),
//! with section names classified once per object so each relocation costs a table
//! lookup instead of a dozen glob matches.

use crate::kbuild::version::{Behaviour, Change};
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
        use Pat::*;
        let m = |patterns: &[Pat]| patterns.iter().any(|p| p.matches(name));
        // Nothing modpost checks starts with anything but '.' or '_'.
        if !matches!(name.first(), Some(b'.' | b'_')) {
            return SectionClass(0);
        }
        let mut c = 0;
        if m(&[
            Exact(b".text"),
            Prefix(b".text."),
            Exact(b".sched.text"),
            Exact(b".kprobes.text"),
            Exact(b".cpuidle.text"),
            Exact(b".noinstr.text"),
            Exact(b".ltext"),
            Prefix(b".ltext."),
        ]) {
            c |= Self::TEXT;
        }
        if m(&[Exact(b".data"), Exact(b".data.rel")]) {
            c |= Self::DATA;
        }
        if name.starts_with(b".init.") {
            c |= Self::ALL_INIT;
        }
        if name.starts_with(b".exit.") {
            c |= Self::ALL_EXIT;
        }
        if name.starts_with(b".pci_fixup_")
            && m(&[
                Exact(b".pci_fixup_early"),
                Exact(b".pci_fixup_header"),
                Exact(b".pci_fixup_final"),
                Exact(b".pci_fixup_enable"),
                Exact(b".pci_fixup_resume"),
                Exact(b".pci_fixup_resume_early"),
                Exact(b".pci_fixup_suspend"),
            ])
        {
            c |= Self::ALL_PCI_INIT;
        }
        if m(&[
            Exact(b".ref.text"),
            Exact(b".head.text"),
            Exact(b".spinlock.text"),
            Exact(b".fixup"),
            Exact(b".entry.text"),
            Exact(b".exception.text"),
            Exact(b".coldtext"),
            Exact(b".softirqentry.text"),
            Exact(b".irqentry.text"),
        ]) {
            c |= Self::OTHER_TEXT;
        }
        if m(&[Exact(b".init.text"), Exact(b".exit.text")]) {
            c |= Self::INIT_EXIT_TEXT;
        }
        if m(&[Exact(b".init.setup"), Exact(b".init.rodata"), Exact(b".init.data")]) {
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

/// A modpost pattern, classified once: `X`, `X*`, `*X` or `*X*`.
#[derive(Clone, Copy, Debug)]
pub enum Pat {
    Exact(&'static [u8]),
    Prefix(&'static [u8]),
    Suffix(&'static [u8]),
    Contains(&'static [u8]),
}

impl Pat {
    pub fn matches(self, s: &[u8]) -> bool {
        match self {
            Pat::Exact(p) => s == p,
            Pat::Prefix(p) => s.starts_with(p),
            Pat::Suffix(p) => s.ends_with(p),
            Pat::Contains(p) => memchr::memmem::find(s, p).is_some(),
        }
    }
}

/// `fnmatch(pattern, s, 0)`, through `globset`: the reference the [`Pat`]
/// classification is tested against.
#[cfg(test)]
pub fn glob(pattern: &[u8], s: &[u8]) -> bool {
    let (p, s) = (std::str::from_utf8(pattern).unwrap(), std::str::from_utf8(s).unwrap());
    globset::Glob::new(p).unwrap().compile_matcher().is_match(s)
}

/// modpost's `section_white_list`: sections whose relocations are never checked, and
/// non-allocatable sections that are expected.
pub fn in_section_white_list(name: &[u8], b: &Behaviour) -> bool {
    // Clang's coverage mapping sections, and objtool's livepatch symbol ids (7.2).
    if b.has(Change::LlvmWhitelist) && matches!(name, b"__llvm_covfun" | b"__llvm_covmap" | b".klp.symid") {
        return true;
    }
    use Pat::*;
    const LIST: &[Pat] = &[
        Prefix(b".comment"),
        Prefix(b".debug"),
        Prefix(b".zdebug"),
        Exact(b".GCC.command.line"),
        Prefix(b".mdebug"),
        Exact(b".pdr"),
        Prefix(b".stab"),
        Prefix(b".note"),
        Prefix(b".got"),
        Prefix(b".toc"),
        Exact(b".xt.prop"),
        Exact(b".xt.lit"),
        Prefix(b".arcextmap"),
        Prefix(b".gnu.linkonce.arcext"),
        Prefix(b".cmem"),
        Prefix(b".fmt_slot"),
        Prefix(b".gnu.lto"),
        Prefix(b".discard."),
        Exact(b".llvm.call-graph-profile"),
    ];
    LIST.iter().any(|p| p.matches(name))
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
    b: &Behaviour,
) -> bool {
    use SectionClass as C;
    let data = from.contains(C::DATA);
    // Data that may point at init/exit code: `*_ops`, `*_console`; `*_probe` until 7.0;
    // ThinLTO-promoted `*_ops.llvm.*` since 7.2.
    let ops_like = Pat::Suffix(b"_ops").matches(fromsym)
        || Pat::Suffix(b"_console").matches(fromsym)
        || (!b.has(Change::ProbeWhitelistDropped) && Pat::Suffix(b"_probe").matches(fromsym))
        || (b.has(Change::LlvmWhitelist) && glob_ops_llvm(fromsym));
    (to.contains(C::ALL_INIT_DATA) && data && fromsym.starts_with(b"__param"))
        || (tosec == b".init.text" && data && fromsym.starts_with(b"__param_ops_"))
        || (data && to.contains(C::ALL_INIT | C::ALL_EXIT) && ops_like)
        || (fromsec.starts_with(b".head.text") && to.contains(C::ALL_INIT))
        || matches!(tosym, b"__init_begin" | b"_sinittext" | b"_einittext")
        || (from.contains(C::ALL_TEXT) && to.contains(C::ALL_INIT) && Pat::Contains(b".constprop.").matches(fromsym))
}

/// fnmatch's `*_ops.llvm.*`: `_ops.llvm.` anywhere in the name.
fn glob_ops_llvm(name: &[u8]) -> bool {
    Pat::Contains(b"_ops.llvm.").matches(name)
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
    fn classified_patterns_match_like_fnmatch() {
        let cases: &[(&[u8], Pat)] = &[
            (b".text.*", Pat::Prefix(b".text.")),
            (b"*_ops", Pat::Suffix(b"_ops")),
            (b"*.constprop.*", Pat::Contains(b".constprop.")),
            (b".data", Pat::Exact(b".data")),
        ];
        for name in [&b".text.unlikely"[..], b".text", b"tcp4_net_ops", b"x.constprop.0", b".data", b".data.rel", b""] {
            for (glob_pat, pat) in cases {
                assert_eq!(glob(glob_pat, name), pat.matches(name), "{:?} on {:?}", pat, String::from_utf8_lossy(name));
            }
        }
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
