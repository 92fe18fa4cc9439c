//! The kernel version of a tree, and the one table of what changed in which version.
//!
//! thinpost reproduces modpost (and models kbuild) for every kernel from 6.12 to the
//! newest in [`NEWEST`]. Behaviour that differs between versions is asked for by name
//! (`behaviour.has(Change::KflagsTab)`); each [`Change`] is listed once in [`CHANGES`]
//! with the release it arrived in, so supporting a new kernel means adding rows here and
//! the code that reads them.

use std::fmt;
use std::path::Path;

/// A kernel release, `major.minor` (the stable/`-rc`/distribution suffix does not
/// change modpost's behaviour).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KernelVersion {
    pub major: u32,
    pub minor: u32,
}

impl KernelVersion {
    pub const fn new(major: u32, minor: u32) -> Self {
        KernelVersion { major, minor }
    }

    /// Parses the leading `X.Y` of a release string (`6.12.117`, `7.2.0-rc3`,
    /// `6.12.117+deb13-amd64`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let mut parts = s.splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor_part = parts.next()?;
        let digits = minor_part.bytes().take_while(u8::is_ascii_digit).count();
        let minor = minor_part[..digits].parse().ok()?;
        Some(KernelVersion { major, minor })
    }
}

impl fmt::Display for KernelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The oldest kernel thinpost models.
pub const OLDEST: KernelVersion = KernelVersion::new(6, 12);
/// The newest kernel thinpost models; newer trees are handled as this one.
pub const NEWEST: KernelVersion = KernelVersion::new(7, 3);

/// One difference in what kbuild or modpost does, named once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// Device-table symbols are `__mod_device_table__<type>__<name>` instead of
    /// `__mod_<type>__<name>_device_table`.
    DevtableSymbolTypeFirst,
    /// A module's aliases are deduplicated by their exact text (first one wins).
    DevtableAliasDedupe,
    /// A malformed device table (size not a multiple of the entry, no terminating
    /// entry) is an error that lets modpost go on, instead of a fatal one.
    DevtableErrorsNotFatal,
    /// A module read from a `-i` dump is identified by (dump file, name), so modules
    /// of the same name in two dumps are not "exported twice".
    DumpModuleIdentity,
    /// `-b` (basic) and `-x` (extended) modversions: `-b` gates `____versions`, which is
    /// printed with `0x%08x`; `-x` adds `__version_ext_crcs`/`__version_ext_names`.
    ExtendedModversions,
    /// Names listed in a module's `.no_trim_symbol` section (`symbol_get()`) count as
    /// used under `-t`.
    NoTrimSymbol,
    /// The missing `MODULE_DESCRIPTION()` warning is printed without `-W`.
    DescriptionWarningAlways,
    /// `EXPORT_SYMBOL_FOR_MODULES`: a `module:<globs>` namespace needs no import from
    /// the modules it names; importing such a namespace explicitly is an error.
    ModuleNamespaces,
    /// Device-table symbols carry the module name
    /// (`__mod_device_table__kmod_<modname>__<type>__<name>`), built-in drivers' too,
    /// and vmlinux's aliases are written into `.vmlinux.export.c`.
    DevtableSymbolKmod,
    /// Undefined `__start_<sec>`/`__stop_<sec>` symbols are not reported undefined and
    /// get no `____versions` entry.
    IgnoreStartStopSymbols,
    /// The section-mismatch whitelist no longer matches `*_probe`.
    ProbeWhitelistDropped,
    /// `scripts/kallsyms` writes `kallsyms_offsets` relative to `_text` (`--pc-relative`)
    /// and no longer defines `kallsyms_relative_base` ("kallsyms: Get rid of kallsyms
    /// relative base", dated 2026-01, so 7.0; 7.2 is the first release thinpost has seen
    /// without it).
    KallsymsPcRelative,
    /// Exports' flags are written as `SYMBOL_FLAGS(sym, 0x..)` after `KSYMTAB_*(sym,
    /// "ns")` (the kflagstab), and `SYMBOL_CRC` loses its licence argument.
    KflagsTab,
    /// Alias buffers of the input and DMI tables are bounded, with fatal messages.
    DevtableAliasBufferChecks,
    /// modpost maps `X.thinlto-native.o` to `.X.o.cmd` for CRCs (distributed ThinLTO).
    ThinltoNativeCmd,
    /// The section-mismatch whitelist matches `*_ops.llvm.*` (ThinLTO-promoted ops
    /// structures) and ignores `__llvm_covfun`, `__llvm_covmap` and `.klp.symid` (the
    /// section list changed somewhere between 6.19 and 7.2; 7.2 is the first release
    /// thinpost has seen with it).
    LlvmWhitelist,
    /// Messages about one module start with its name (`mod_warn()`/`mod_error()`).
    ModulePrefixedMessages,
    /// An unknown PCI `override_only` value no longer ends the entry: modpost goes on
    /// into an uninitialised buffer (undefined behaviour; see `devtable::ids::pci`).
    PciOverrideFallthrough,
    /// `typec:` aliases name the SVID only, no longer the mode.
    TypecSvidOnly,
    /// `INPUT_DEVICE_ID_SW_MAX` is 0x11 (`SW_USB_INSERT`): `input:` aliases test one more
    /// switch bit.
    InputSwitchUsbInsert,
    /// `mcb` device tables give `mcb:16z%03d` aliases.
    McbTable,
    /// WMI GUIDs in device tables are checked (hex digits and dashes) and upper-cased.
    WmiGuidCheck,
}

/// Every [`Change`] with the release it arrived in.
pub const CHANGES: &[(Change, KernelVersion)] = &[
    (Change::DevtableSymbolTypeFirst, KernelVersion::new(6, 13)),
    (Change::DevtableAliasDedupe, KernelVersion::new(6, 13)),
    (Change::DevtableErrorsNotFatal, KernelVersion::new(6, 13)),
    (Change::DumpModuleIdentity, KernelVersion::new(6, 13)),
    (Change::ExtendedModversions, KernelVersion::new(6, 14)),
    (Change::NoTrimSymbol, KernelVersion::new(6, 14)),
    (Change::DescriptionWarningAlways, KernelVersion::new(6, 15)),
    (Change::ModuleNamespaces, KernelVersion::new(6, 16)),
    (Change::DevtableSymbolKmod, KernelVersion::new(6, 18)),
    (Change::IgnoreStartStopSymbols, KernelVersion::new(6, 19)),
    (Change::ProbeWhitelistDropped, KernelVersion::new(7, 0)),
    (Change::KallsymsPcRelative, KernelVersion::new(7, 0)),
    (Change::KflagsTab, KernelVersion::new(7, 1)),
    (Change::DevtableAliasBufferChecks, KernelVersion::new(7, 1)),
    (Change::ThinltoNativeCmd, KernelVersion::new(7, 2)),
    (Change::LlvmWhitelist, KernelVersion::new(7, 2)),
    (Change::ModulePrefixedMessages, KernelVersion::new(7, 3)),
    (Change::PciOverrideFallthrough, KernelVersion::new(6, 13)),
    // The next four are dated from their patch postings (and 6.16's uapi headers); the
    // trees at hand are 6.12, 7.2 and 7.3.
    (Change::TypecSvidOnly, KernelVersion::new(6, 14)),
    (Change::InputSwitchUsbInsert, KernelVersion::new(6, 16)),
    (Change::McbTable, KernelVersion::new(6, 19)),
    (Change::WmiGuidCheck, KernelVersion::new(7, 2)),
];

/// The release a change arrived in.
pub fn arrival(change: Change) -> KernelVersion {
    CHANGES.iter().find(|(c, _)| *c == change).map(|&(_, v)| v).expect("every Change is in CHANGES")
}

/// What kbuild and modpost do for one kernel version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Behaviour {
    /// The version whose behaviour applies (clamped to what thinpost knows).
    pub version: KernelVersion,
}

impl Behaviour {
    /// The behaviour of `version`; versions newer than [`NEWEST`] behave as it, older
    /// than [`OLDEST`] as it.
    pub fn of(version: KernelVersion) -> Self {
        Behaviour { version: version.clamp(OLDEST, NEWEST) }
    }

    pub const fn newest() -> Self {
        Behaviour { version: NEWEST }
    }

    pub fn has(&self, change: Change) -> bool {
        self.version >= arrival(change)
    }
}

/// Where a tree's version was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionSource {
    /// `--kernel-version` on the command line.
    Option,
    /// A file of the tree (`include/config/kernel.release`, …).
    File(String),
}

/// A tree's kernel version and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetectedVersion {
    pub version: KernelVersion,
    pub source: VersionSource,
}

/// Finds the kernel version of the objtree `objtree`: `include/config/kernel.release`,
/// else `include/generated/utsrelease.h`, else the `VERSION`/`PATCHLEVEL` of the
/// top-level `Makefile` (an in-tree build's own, or the source tree's that an
/// out-of-tree objtree's `Makefile` includes, or the `source` link's). `None` when none
/// of them says.
pub fn detect(objtree: &Path) -> Option<DetectedVersion> {
    let found = |version, file: &str| Some(DetectedVersion { version, source: VersionSource::File(file.to_string()) });
    if let Ok(text) = std::fs::read_to_string(objtree.join("include/config/kernel.release")) {
        if let Some(v) = KernelVersion::parse(&text) {
            return found(v, "include/config/kernel.release");
        }
    }
    if let Ok(text) = std::fs::read_to_string(objtree.join("include/generated/utsrelease.h")) {
        if let Some(v) = parse_utsrelease(&text) {
            return found(v, "include/generated/utsrelease.h");
        }
    }
    for makefile in makefile_candidates(objtree) {
        if let Ok(text) = std::fs::read_to_string(&makefile) {
            if let Some(v) = parse_makefile(&text) {
                return found(v, &makefile.display().to_string());
            }
        }
    }
    None
}

/// `#define UTS_RELEASE "6.12.117"`.
fn parse_utsrelease(text: &str) -> Option<KernelVersion> {
    text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("#define")?.trim_start().strip_prefix("UTS_RELEASE")?;
        KernelVersion::parse(rest.trim().trim_matches('"'))
    })
}

/// `VERSION = 6` and `PATCHLEVEL = 12` of the top-level Makefile.
fn parse_makefile(text: &str) -> Option<KernelVersion> {
    let var = |name: &str| {
        text.lines().find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == name).then(|| v.trim().parse::<u32>().ok()).flatten()
        })
    };
    Some(KernelVersion::new(var("VERSION")?, var("PATCHLEVEL")?))
}

/// The objtree's `Makefile`, the source tree's that it includes (kbuild writes
/// `include <srctree>/Makefile` into an out-of-tree objtree), and `source/Makefile`.
fn makefile_candidates(objtree: &Path) -> Vec<std::path::PathBuf> {
    let own = objtree.join("Makefile");
    let mut out = vec![own.clone()];
    if let Ok(text) = std::fs::read_to_string(&own) {
        for l in text.lines() {
            if let Some(path) = l.trim().strip_prefix("include ") {
                let path = Path::new(path.trim());
                out.push(if path.is_absolute() { path.to_path_buf() } else { objtree.join(path) });
            }
        }
    }
    out.push(objtree.join("source/Makefile"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_strings() {
        assert_eq!(KernelVersion::parse("6.12.117\n"), Some(KernelVersion::new(6, 12)));
        assert_eq!(KernelVersion::parse("7.2.0-rc3"), Some(KernelVersion::new(7, 2)));
        assert_eq!(KernelVersion::parse("6.12.117+deb13-amd64"), Some(KernelVersion::new(6, 12)));
        assert_eq!(KernelVersion::parse("7.3"), Some(KernelVersion::new(7, 3)));
        assert_eq!(KernelVersion::parse("7"), None);
        assert_eq!(KernelVersion::parse("x.y"), None);
        assert_eq!(KernelVersion::parse(""), None);
    }

    #[test]
    fn versions_order_numerically() {
        assert!(KernelVersion::new(6, 9) < KernelVersion::new(6, 12));
        assert!(KernelVersion::new(6, 19) < KernelVersion::new(7, 0));
    }

    #[test]
    fn every_change_is_listed_once_and_in_range() {
        for (i, (c, v)) in CHANGES.iter().enumerate() {
            assert!(CHANGES[i + 1..].iter().all(|(d, _)| d != c), "{c:?} listed twice");
            assert!(*v > OLDEST && *v <= NEWEST, "{c:?} arrives outside the versions thinpost knows");
        }
    }

    #[test]
    fn behaviour_by_version() {
        let b612 = Behaviour::of(KernelVersion::new(6, 12));
        assert!(!b612.has(Change::KflagsTab) && !b612.has(Change::DevtableSymbolTypeFirst));
        let b72 = Behaviour::of(KernelVersion::new(7, 2));
        assert!(b72.has(Change::KflagsTab) && b72.has(Change::ThinltoNativeCmd));
        assert!(!b72.has(Change::ModulePrefixedMessages));
        assert!(Behaviour::of(KernelVersion::new(7, 3)).has(Change::ModulePrefixedMessages));
        // Newer than known: the newest; older: the oldest.
        assert_eq!(Behaviour::of(KernelVersion::new(8, 1)).version, NEWEST);
        assert_eq!(Behaviour::of(KernelVersion::new(5, 4)).version, OLDEST);
    }

    #[test]
    fn version_files() {
        assert_eq!(parse_utsrelease("#define UTS_RELEASE \"7.2.13\"\n"), Some(KernelVersion::new(7, 2)));
        let mk = "# SPDX\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =\n";
        assert_eq!(parse_makefile(mk), Some(KernelVersion::new(6, 12)));
        assert_eq!(parse_makefile("VERSION = 6\n"), None);
    }

    #[test]
    fn detect_in_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(detect(dir.path()), None);
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("Makefile"), "VERSION = 7\nPATCHLEVEL = 3\n").unwrap();
        let obj = dir.path().join("obj");
        std::fs::create_dir_all(obj.join("include/config")).unwrap();
        std::fs::write(obj.join("Makefile"), format!("# generated\ninclude {}/Makefile\n", src.display())).unwrap();
        assert_eq!(detect(&obj).unwrap().version, KernelVersion::new(7, 3));
        std::fs::write(obj.join("include/config/kernel.release"), "7.2.13\n").unwrap();
        let d = detect(&obj).unwrap();
        assert_eq!(d.version, KernelVersion::new(7, 2));
        assert_eq!(d.source, VersionSource::File("include/config/kernel.release".into()));
    }
}
