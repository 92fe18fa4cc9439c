//! Where a run's layouts come from: `<objtree>/scripts/mod/devicetable-offsets.h`, which
//! every tree that built modpost has, or else (an external module built against a headers
//! package that lacks it) a header kept in thinpost for the object's architecture and the
//! kernel version, with a note saying so.
//!
//! The built-in headers (`builtin/*.h`) are kbuild's own output; each says in a comment
//! which source and configuration produced it (`scripts/gen-devtable-offsets.sh`
//! regenerates them). Layouts depend on the word size and alignment rules of the target,
//! not on the configuration: x86_64 and arm64 give identical files.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Layout;
use crate::modpost::read::Diag;

/// The header's path in the object tree (modpost runs in the object tree).
pub const HEADER: &str = "scripts/mod/devicetable-offsets.h";

/// `EM_X86_64`, `EM_AARCH64`.
const EM_X86_64: u16 = 62;
const EM_AARCH64: u16 = 183;

/// (arch, version, header text)
static BUILTIN: [(&str, (u32, u32), &str); 6] = [
    ("x86_64", (6, 12), include_str!("builtin/x86_64-6.12.h")),
    ("arm64", (6, 12), include_str!("builtin/arm64-6.12.h")),
    ("x86_64", (7, 2), include_str!("builtin/x86_64-7.2.h")),
    ("arm64", (7, 2), include_str!("builtin/arm64-7.2.h")),
    ("x86_64", (7, 3), include_str!("builtin/x86_64-7.3.h")),
    ("arm64", (7, 3), include_str!("builtin/arm64-7.3.h")),
];

static PARSED: [OnceLock<Option<Layout>>; 6] = [const { OnceLock::new() }; 6];

/// The built-in layout of `arch` (`x86_64`, `arm64`) for Linux `version`, if thinpost has
/// one. Parsed on first use.
pub fn builtin_layout(arch: &str, version: (u32, u32)) -> Option<&'static Layout> {
    let i = BUILTIN.iter().position(|&(a, v, _)| a == arch && v == version)?;
    PARSED[i]
        .get_or_init(|| {
            let (a, (ma, mi), text) = BUILTIN[i];
            let origin = format!("thinpost's built-in {a} layout of Linux {ma}.{mi}");
            Layout::parse(text.as_bytes()).ok().map(|l| l.with_origin(origin))
        })
        .as_ref()
}

fn arch_of(e_machine: u16) -> Option<&'static str> {
    match e_machine {
        EM_X86_64 => Some("x86_64"),
        EM_AARCH64 => Some("arm64"),
        _ => None,
    }
}

/// The tree's header, read once per run when a device table first needs it, or why
/// there is none.
#[derive(Debug)]
pub struct LayoutSource {
    objtree: PathBuf,
    header: OnceLock<Result<Layout, HeaderProblem>>,
    /// The kernel version, for the built-in fallback.
    version: (u32, u32),
}

#[derive(Debug)]
enum HeaderProblem {
    /// Not there: use a built-in layout if there is one.
    Missing,
    /// There but unusable: an error naming the file (and line).
    Broken(String),
}

impl LayoutSource {
    /// Layouts from `<objtree>/scripts/mod/devicetable-offsets.h`, read (and problems
    /// reported) only when a device table needs them: most objects have none.
    pub fn load(objtree: &Path, version: (u32, u32)) -> LayoutSource {
        LayoutSource { objtree: objtree.to_path_buf(), header: OnceLock::new(), version }
    }

    /// The kernel version whose built-in layouts are the fallback.
    pub fn version(&self) -> (u32, u32) {
        self.version
    }

    fn read_header(&self) -> Result<Layout, HeaderProblem> {
        match std::fs::read(self.objtree.join(HEADER)) {
            Ok(text) => Layout::parse(&text)
                .map(|l| l.with_origin(HEADER.to_string()))
                .map_err(|e| HeaderProblem::Broken(format!("{HEADER}: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(HeaderProblem::Missing),
            Err(e) => Err(HeaderProblem::Broken(format!("{HEADER}: {e}"))),
        }
    }

    /// A source that always answers `layout` (tests, callers with their own header).
    pub fn fixed(layout: Layout) -> LayoutSource {
        LayoutSource { objtree: PathBuf::new(), header: OnceLock::from(Ok(layout)), version: (0, 0) }
    }

    /// The layout for an object of ELF machine `e_machine`, and the note to print (once
    /// per run) when it is a built-in one.
    pub fn layout_for(&self, e_machine: u16) -> Result<(&Layout, Option<String>), Diag> {
        let (ma, mi) = self.version;
        match self.header.get_or_init(|| self.read_header()) {
            Ok(l) => Ok((l, None)),
            Err(HeaderProblem::Broken(msg)) => Err(Diag::Fatal(format!("{msg}\n"))),
            Err(HeaderProblem::Missing) => {
                let arch = arch_of(e_machine);
                match arch.and_then(|a| builtin_layout(a, self.version)) {
                    Some(l) => Ok((
                        l,
                        Some(format!(
                            "thinpost: {HEADER} not found; device tables use the built-in {} layout of Linux {ma}.{mi}\n",
                            arch.unwrap_or_default()
                        )),
                    )),
                    None => Err(Diag::Fatal(format!(
                        "{HEADER}: No such file or directory (device tables need it; thinpost has no built-in layout for {} Linux {ma}.{mi})\n",
                        arch.map_or_else(|| format!("ELF machine {e_machine}"), str::to_string)
                    ))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_header_parses() {
        for (arch, version, _) in BUILTIN {
            let l = builtin_layout(arch, version).unwrap_or_else(|| panic!("{arch} {version:?}"));
            assert!(l.size("usb_device_id").is_some() && l.len() > 200, "{arch} {version:?}");
        }
        assert!(builtin_layout("riscv", (7, 2)).is_none());
        assert!(builtin_layout("x86_64", (6, 15)).is_none());
        // 7.3 dropped ap_device_id's driver_info; 7.2 added mcb and dropped typec's mode.
        assert_eq!(builtin_layout("x86_64", (7, 3)).unwrap().size("ap_device_id"), Some(4));
        assert_eq!(builtin_layout("x86_64", (7, 2)).unwrap().size("ap_device_id"), Some(16));
        assert!(builtin_layout("arm64", (6, 12)).unwrap().offset("typec_device_id", "mode").is_some());
        assert!(builtin_layout("arm64", (7, 2)).unwrap().size("mcb_device_id").is_some());
    }

    #[test]
    fn a_missing_header_falls_back_by_machine_and_version() {
        let dir = tempfile::tempdir().unwrap();
        let src = LayoutSource::load(dir.path(), (7, 2));
        let (l, note) = src.layout_for(EM_AARCH64).unwrap();
        assert!(l.origin().contains("arm64 layout of Linux 7.2"));
        assert!(note.unwrap().contains("not found; device tables use the built-in arm64 layout of Linux 7.2"));
        let Err(Diag::Fatal(msg)) = src.layout_for(8) else { panic!() };
        assert_eq!(msg, "scripts/mod/devicetable-offsets.h: No such file or directory (device tables need it; thinpost has no built-in layout for ELF machine 8 Linux 7.2)\n");
        let Err(Diag::Fatal(msg)) = LayoutSource::load(dir.path(), (6, 15)).layout_for(EM_X86_64) else { panic!() };
        assert!(msg.contains("no built-in layout for x86_64 Linux 6.15"), "{msg}");
    }

    #[test]
    fn a_broken_header_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("scripts/mod")).unwrap();
        std::fs::write(dir.path().join(HEADER), "#define SIZE_usb_device_id\n").unwrap();
        let Err(Diag::Fatal(msg)) = LayoutSource::load(dir.path(), (7, 2)).layout_for(EM_X86_64) else { panic!() };
        assert_eq!(msg, "scripts/mod/devicetable-offsets.h: line 1: SIZE_usb_device_id has no value (truncated?)\n");
    }
}
