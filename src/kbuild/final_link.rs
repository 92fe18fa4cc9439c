//! What the final `vmlinux` link defines beyond `vmlinux.o`.
//!
//! modpost and `thinpost verify` see `vmlinux.o` (or the objects it is linked from).
//! `scripts/link-vmlinux.sh`, run by `scripts/Makefile.vmlinux` after modpost, links
//! more (6.12: `link-vmlinux.sh:48-104`; 7.2 and 7.3: `:49-107`):
//!
//! ```text
//! ld.lld … --script=arch/$(SRCARCH)/kernel/vmlinux.lds -o OUT --whole-archive vmlinux.o
//!     [.builtin-dtbs.o] [.vmlinux.export.o] init/version-timestamp.o --no-whole-archive
//!     --start-group --end-group [kallsyms object] [BTF object] [arch object]
//! ```
//!
//! | input | when | global definitions |
//! |---|---|---|
//! | `.vmlinux.export.o` (modpost's `.vmlinux.export.c`) | 6.12: `CONFIG_MODULES`; 7.x: always | none (`__ksymtab_*`, `__kstrtab_*`, `__crc_*` are local) |
//! | `init/version-timestamp.o` | always | strong `init_uts_ns`, `linux_banner` |
//! | `.tmp_vmlinuxN.kallsyms.o` (`scripts/kallsyms`) | `CONFIG_KALLSYMS` | `kallsyms_*` ([`kallsyms_symbols`]) |
//! | `.tmp_vmlinux1.btf.o` (pahole; 7.x `scripts/gen-btf.sh`) | `CONFIG_DEBUG_INFO_BTF` | none (only `.BTF`) |
//! | `.builtin-dtbs.o` (`Makefile.vmlinux`) | `CONFIG_GENERIC_BUILTIN_DTB` | `__dtb_<name>_begin`, `__dtb_<name>_end` |
//! | `arch/$(SRCARCH)/tools/vmlinux.arch.o` | `CONFIG_ARCH_WANTS_PRE_LINK_VMLINUX` (powerpc) | `ftrace_ool_stub_*` |
//!
//! Besides these, the linker script assigns symbols ([`LinkerScripts`]) and ld.lld
//! defines some names itself ([`LLD_RESERVED`], and `__start_S`/`__stop_S` for every
//! output section whose name is a C identifier). When `KBUILD_VMLINUX_LIBS` is not empty
//! (6.12 with `CONFIG_MODULES=n`: `lib/lib.a`, `arch/*/lib/lib.a`), `vmlinux.o` itself is
//! linked with those archives between `--start-group` and `--end-group`
//! (`scripts/Makefile.vmlinux_o`); [`library_archives`] names them.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::kbuild::config::Config;
use crate::kbuild::linker_script::{is_c_identifier, LinkerScripts};
use crate::kbuild::version::{Behaviour, Change};

/// Where a definition of the final link comes from, each named by the kbuild file that
/// adds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The kallsyms object: `scripts/link-vmlinux.sh` assembles `scripts/kallsyms`'
    /// output (`CONFIG_KALLSYMS`).
    Kallsyms,
    /// `init/version-timestamp.o`, built and linked by `scripts/link-vmlinux.sh`.
    VersionTimestamp,
    /// `.builtin-dtbs.o`, from `scripts/Makefile.vmlinux` (`CONFIG_GENERIC_BUILTIN_DTB`).
    BuiltinDtbs,
    /// `arch/$(SRCARCH)/tools/vmlinux.arch.o`, from `scripts/Makefile.vmlinux`
    /// (`CONFIG_ARCH_WANTS_PRE_LINK_VMLINUX`).
    ArchPreLink,
    /// An assignment in `arch/$(SRCARCH)/kernel/vmlinux.lds` or `.tmp_initcalls.lds`.
    LinkerScript,
    /// ld.lld itself: `__start_`/`__stop_` of an output section, or a reserved name.
    Linker,
    /// A member of a `KBUILD_VMLINUX_LIBS` archive (`scripts/Makefile.vmlinux_o`).
    VmlinuxLibs,
}

impl Source {
    /// The kbuild file (or tool) that adds the definition, for messages.
    pub fn origin(self) -> &'static str {
        match self {
            Source::Kallsyms => "the kallsyms object of scripts/link-vmlinux.sh",
            Source::VersionTimestamp => "init/version-timestamp.o (scripts/link-vmlinux.sh)",
            Source::BuiltinDtbs => ".builtin-dtbs.o (scripts/Makefile.vmlinux)",
            Source::ArchPreLink => "arch/$(SRCARCH)/tools/vmlinux.arch.o (scripts/Makefile.vmlinux)",
            Source::LinkerScript => "the linker script",
            Source::Linker => "ld.lld",
            Source::VmlinuxLibs => "a KBUILD_VMLINUX_LIBS archive (scripts/Makefile.vmlinux_o)",
        }
    }
}

/// The symbols the kallsyms object defines (`write_src()` in `scripts/kallsyms.c`).
pub fn kallsyms_symbols(behaviour: Behaviour) -> &'static [&'static str] {
    const PC_RELATIVE: &[&str] = &[
        "kallsyms_num_syms",
        "kallsyms_names",
        "kallsyms_markers",
        "kallsyms_token_table",
        "kallsyms_token_index",
        "kallsyms_offsets",
        "kallsyms_seqs_of_names",
    ];
    const RELATIVE_BASE: &[&str] = &[
        "kallsyms_num_syms",
        "kallsyms_names",
        "kallsyms_markers",
        "kallsyms_token_table",
        "kallsyms_token_index",
        "kallsyms_offsets",
        "kallsyms_relative_base",
        "kallsyms_seqs_of_names",
    ];
    if behaviour.has(Change::KallsymsPcRelative) {
        PC_RELATIVE
    } else {
        RELATIVE_BASE
    }
}

/// `init/version-timestamp.c`'s strong definitions; `init/version.c` defines the same
/// names weak (it includes that file after `__weak` declarations).
pub const VERSION_TIMESTAMP_SYMBOLS: &[&str] = &["init_uts_ns", "linux_banner"];

/// `arch/powerpc/tools/ftrace-gen-ool-stubs.sh`'s globals.
pub const ARCH_PRE_LINK_SYMBOLS: &[&str] = &[
    "ftrace_ool_stub_text_end",
    "ftrace_ool_stub_text_end_count",
    "ftrace_ool_stub_inittext",
    "ftrace_ool_stub_inittext_count",
];

/// Names ld.lld defines in a link with a `SECTIONS` command whether or not the script
/// assigns them (measured with ld.lld-19). `_end`, `_etext`, `_edata`, `__bss_start`
/// are not among them: with `SECTIONS`, only the script defines those.
pub const LLD_RESERVED: &[&str] = &[
    "__ehdr_start",
    "__executable_start",
    "__dso_handle",
    "_GLOBAL_OFFSET_TABLE_",
    "__preinit_array_start",
    "__preinit_array_end",
    "__init_array_start",
    "__init_array_end",
    "__fini_array_start",
    "__fini_array_end",
    "__rela_iplt_start",
    "__rela_iplt_end",
];

/// `_TLS_MODULE_BASE_`: ld.lld defines it on x86 only.
const LLD_RESERVED_X86: &[&str] = &["_TLS_MODULE_BASE_"];

/// Everything the final link defines that `vmlinux.o` does not.
#[derive(Clone, Debug, Default)]
pub struct FinalLink {
    names: HashMap<String, Source>,
    /// Strong definitions of the objects the final link adds: a `vmlinux.o` object that
    /// also defines one strongly makes the link fail ("duplicate symbol").
    strong: HashMap<String, Source>,
    /// Output sections ld.lld brackets with `__start_`/`__stop_`.
    bracketed: HashSet<String>,
    builtin_dtbs: bool,
}

/// What [`FinalLink::new`] reads.
pub struct FinalLinkInputs<'a> {
    pub behaviour: Behaviour,
    pub config: &'a Config,
    /// `e_machine` of the objects.
    pub machine: Option<u16>,
    pub scripts: &'a LinkerScripts,
    /// Names of the sections of the linked objects that are C identifiers.
    pub input_sections: &'a HashSet<String>,
    /// Global definitions of the `KBUILD_VMLINUX_LIBS` archives' members.
    pub library_definitions: &'a HashSet<String>,
}

impl FinalLink {
    pub fn new(i: &FinalLinkInputs<'_>) -> Self {
        let mut f = FinalLink::default();
        let add = |names: &mut HashMap<String, Source>, list: &[&str], source: Source| {
            for n in list {
                names.entry(n.to_string()).or_insert(source);
            }
        };
        if i.config.enabled("KALLSYMS") {
            add(&mut f.strong, kallsyms_symbols(i.behaviour), Source::Kallsyms);
        }
        add(&mut f.strong, VERSION_TIMESTAMP_SYMBOLS, Source::VersionTimestamp);
        if i.config.enabled("ARCH_WANTS_PRE_LINK_VMLINUX") {
            add(&mut f.strong, ARCH_PRE_LINK_SYMBOLS, Source::ArchPreLink);
        }
        f.builtin_dtbs = i.config.enabled("GENERIC_BUILTIN_DTB");
        f.names = f.strong.clone();
        for n in &i.scripts.assigned {
            f.names.entry(n.clone()).or_insert(Source::LinkerScript);
        }
        add(&mut f.names, LLD_RESERVED, Source::Linker);
        if matches!(i.machine, Some(object::elf::EM_X86_64 | object::elf::EM_386)) {
            add(&mut f.names, LLD_RESERVED_X86, Source::Linker);
        }
        for n in i.library_definitions {
            f.names.entry(n.clone()).or_insert(Source::VmlinuxLibs);
        }
        // An output section the script names, or an orphan input section, which lld
        // outputs under its own name.
        f.bracketed = i.scripts.output_sections.iter().filter(|s| is_c_identifier(s)).cloned().collect();
        f.bracketed.extend(i.input_sections.iter().filter(|s| !i.scripts.places(s)).cloned());
        f
    }

    /// Where the final link defines `name`, if it does.
    pub fn defines(&self, name: &str) -> Option<Source> {
        if let Some(&s) = self.names.get(name) {
            return Some(s);
        }
        let bracket = name.strip_prefix("__start_").or_else(|| name.strip_prefix("__stop_"));
        if bracket.is_some_and(|s| self.bracketed.contains(s)) {
            return Some(Source::Linker);
        }
        let dtb = name.strip_prefix("__dtb_").and_then(|r| r.strip_suffix("_begin").or_else(|| r.strip_suffix("_end")));
        if self.builtin_dtbs && dtb.is_some_and(|n| !n.is_empty()) {
            return Some(Source::BuiltinDtbs);
        }
        None
    }

    /// The added object that defines `name` strongly, if one does.
    pub fn defines_strongly(&self, name: &str) -> Option<Source> {
        if let Some(&s) = self.strong.get(name) {
            return Some(s);
        }
        match self.defines(name) {
            Some(Source::BuiltinDtbs) => Some(Source::BuiltinDtbs),
            _ => None,
        }
    }
}

/// The `KBUILD_VMLINUX_LIBS` archives that `vmlinux.o` was linked with, from the
/// `--start-group … --end-group` of `.vmlinux.o.cmd` (`scripts/Makefile.vmlinux_o`);
/// empty when there are none (always on 7.x's LTO architectures, and on 6.12 with
/// `CONFIG_MODULES=y`) or no such file.
pub fn library_archives(objtree: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(objtree.join(".vmlinux.o.cmd")) else { return Vec::new() };
    let Ok(cmd) = crate::kbuild::cmd::parse_cmd(&bytes) else { return Vec::new() };
    let Some(line) = cmd.savedcmd else { return Vec::new() };
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(start) = words.iter().position(|w| *w == "--start-group") else { return Vec::new() };
    words[start + 1..].iter().take_while(|w| **w != "--end-group").map(|w| w.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kbuild::version::KernelVersion;

    fn link(version: (u32, u32), config: &str, scripts: &str, sections: &[&str]) -> FinalLink {
        let mut lds = LinkerScripts::default();
        lds.add(scripts);
        let sections: HashSet<String> = sections.iter().map(|s| s.to_string()).collect();
        FinalLink::new(&FinalLinkInputs {
            behaviour: Behaviour::of(KernelVersion::new(version.0, version.1)),
            config: &Config::parse(config),
            machine: Some(object::elf::EM_X86_64),
            scripts: &lds,
            input_sections: &sections,
            library_definitions: &HashSet::new(),
        })
    }

    #[test]
    fn kallsyms_follows_the_config_and_the_version() {
        let on = link((7, 2), "CONFIG_KALLSYMS=y\n", "", &[]);
        assert_eq!(on.defines("kallsyms_markers"), Some(Source::Kallsyms));
        assert_eq!(on.defines("kallsyms_relative_base"), None);
        assert_eq!(on.defines_strongly("kallsyms_names"), Some(Source::Kallsyms));
        let old = link((6, 12), "CONFIG_KALLSYMS=y\n", "", &[]);
        assert_eq!(old.defines("kallsyms_relative_base"), Some(Source::Kallsyms));
        let off = link((7, 2), "# CONFIG_KALLSYMS is not set\n", "", &[]);
        assert_eq!(off.defines("kallsyms_markers"), None);
        assert_eq!(off.defines("init_uts_ns"), Some(Source::VersionTimestamp));
    }

    #[test]
    fn the_linker_brackets_c_identifier_output_sections() {
        let lds = "SECTIONS { .data : { *(.data) *(bar) } __param : { KEEP(*(__param)) } }";
        let l = link((7, 2), "", lds, &["foo", "bar", "__param"]);
        assert_eq!(l.defines("__start___param"), Some(Source::Linker));
        // An orphan keeps its name; a section placed into `.data` does not.
        assert_eq!(l.defines("__stop_foo"), Some(Source::Linker));
        assert_eq!(l.defines("__start_bar"), None);
        assert_eq!(l.defines("__ehdr_start"), Some(Source::Linker));
        assert_eq!(l.defines("_TLS_MODULE_BASE_"), Some(Source::Linker));
        assert_eq!(l.defines("_end"), None);
    }

    #[test]
    fn builtin_dtbs() {
        let l = link((7, 2), "CONFIG_GENERIC_BUILTIN_DTB=y\n", "", &[]);
        assert_eq!(l.defines("__dtb_foo_board_begin"), Some(Source::BuiltinDtbs));
        assert_eq!(l.defines_strongly("__dtb_foo_board_end"), Some(Source::BuiltinDtbs));
        assert_eq!(link((7, 2), "", "", &[]).defines("__dtb_foo_board_begin"), None);
    }
}
