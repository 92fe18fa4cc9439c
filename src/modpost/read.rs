//! modpost's read phase for one object (`read_symbols()`): symbols, `.modinfo`,
//! `.export_symbol` entries and section-mismatch reports, as an ordered list of events.
//!
//! Objects are read in parallel; everything that depends on other objects (the global
//! export table, "exported twice") happens when the events are replayed in modpost's
//! sequential order. The object is read through the crate's one ELF view
//! ([`crate::formats::elf::ElfObject`]): 32- and 64-bit, either byte order, with
//! modpost's semantics for raw `st_shndx`, `sh_type` and relocation tables.

use object::elf;

use crate::formats::elf::{ElfClass, ElfObject, RawExport, Reloc, SymSearch};
use crate::kbuild::version::{Behaviour, Change};
use crate::modpost::devtable::{self, AliasList, SymbolData, TableSymbol};
use crate::modpost::messages::{Messages, Who};
use crate::modpost::secmismatch::{self, SectionClass};

/// A diagnostic line, without the `ERROR: modpost: ` / `WARNING: modpost: ` prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Diag {
    Warn(String),
    Error(String),
    /// Fatal: printed with the error prefix, then the run ends with status 1.
    Fatal(String),
    /// Printed as-is, without prefix (perror-style); the run ends with status 1.
    Perror(String),
    /// Printed as-is; the run continues (`-n`'s "(ignored)" note).
    Plain(String),
}

/// One export found while reading an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundExport {
    pub name: String,
    pub gpl_only: bool,
    pub namespace: String,
    pub is_func: bool,
}

/// What the read phase of one object produces, in modpost's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Diag(Diag),
    /// An export (`sym_add_exported`), which may report "exported twice" on replay.
    Export(FoundExport),
    /// A section mismatch was counted (its warning is the preceding Diag).
    Mismatch,
    /// thinpost's own note, printed once per run however many objects give it.
    Note(String),
}

/// An object after its read phase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadObject {
    /// `None` when modpost silently ignores the file (too short, not ELF) or when a
    /// fatal event ends the run.
    pub module: Option<ModuleInfo>,
    pub events: Vec<Event>,
    /// Defined GLOBAL/WEAK symbols (name, is_func, weak), when asked for
    /// ([`ReadSettings::collect_definitions`]).
    pub definitions: Vec<(String, bool, bool)>,
}

/// The module-level facts later phases need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleInfo {
    /// `fs/ext2/ext2`, or `vmlinux`.
    pub name: String,
    pub is_vmlinux: bool,
    /// ELF class of the object (decides `MODULE_NAME_LEN`).
    pub is_64bit: bool,
    /// Undefined GLOBAL/WEAK symbols in symbol-table order: (name, weak).
    pub unresolved: Vec<(String, bool)>,
    pub has_init: bool,
    pub has_cleanup: bool,
    /// All licences are GPL-compatible (true when none is given).
    pub gpl_compatible: bool,
    /// `import_ns=` values, first-seen order, no duplicates.
    pub imported_namespaces: Vec<String>,
    pub modinfo: Vec<String>,
    /// Names in `.no_trim_symbol` (6.14+): exports `symbol_get()` looks up.
    pub no_trim_symbols: Vec<String>,
    /// `srcversion`: computed for modules with a `version=` tag, or for all with `-a`;
    /// `None` when not computed or abandoned.
    pub srcversion: Option<String>,
    /// Device-table aliases (`file2alias.c`), in symbol-table order.
    pub aliases: AliasList,
}

/// Settings of the read phase.
#[derive(Clone, Copy, Debug)]
pub struct ReadSettings<'a> {
    pub module_enabled: bool,
    pub extra_warn: bool,
    /// Match the section-mismatch whitelist against names without `.llvm.<digits>`
    /// (thinpost's fix for trees before 7.2, which fixed it upstream).
    pub strip_llvm_suffix: bool,
    /// Record the object's defined global symbols (to resolve exports across the
    /// members of an archive, as the linker would).
    pub collect_definitions: bool,
    /// The kernel version's behaviour.
    pub behaviour: Behaviour,
    /// Device tables: the version's rules and the layouts (`None`: no aliases).
    pub devtable: Option<&'a devtable::Setup>,
}

/// `remove_dot()`: `foo.123` → `foo` (GCC's numbered local copies), while `foo.llvm.1`,
/// `foo.constprop.0` and `a.1b` stay.
pub fn remove_dot(s: &[u8]) -> &[u8] {
    let n = s.iter().position(|&b| b == b'.').unwrap_or(s.len());
    if n > 0 && n < s.len() {
        let digits = s[n + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 && matches!(s.get(n + 1 + digits), None | Some(b'.')) {
            return &s[..n];
        }
    }
    s
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// GPL-compatible licence strings (`include/linux/license.h`).
pub fn license_is_gpl_compatible(license: &str) -> bool {
    matches!(license, "GPL" | "GPL v2" | "GPL and additional rights" | "Dual BSD/GPL" | "Dual MIT/GPL" | "Dual MPL/GPL")
}

/// Values of `tag=` strings in `.modinfo`, in order.
pub fn modinfo_values<'a>(modinfo: &'a [String], tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    modinfo.iter().filter_map(move |s| s.strip_prefix(tag).and_then(|r| r.strip_prefix('=')))
}

/// The namespace prefix of `EXPORT_SYMBOL_FOR_MODULES` (6.16).
pub const MODULE_NS_PREFIX: &str = "module:";

/// Reads one object (`filename` as given on the command line or in the `-T` list).
pub fn read_object(filename: &str, data: &[u8], settings: ReadSettings<'_>) -> ReadObject {
    let mut out = ReadObject::default();
    match read_inner(filename, data, settings, &mut out.events, &mut out.definitions) {
        Ok(module) => out.module = module,
        Err(fatal) => out.events.push(Event::Diag(Diag::Fatal(fatal))),
    }
    out
}

fn malformed(filename: &str, e: impl std::fmt::Display) -> String {
    format!("{filename}: malformed ELF object: {e}\n")
}

/// `ignore_undef_symbol()`: undefined symbols that are never reported.
fn ignore_undef_symbol(machine: u16, name: &[u8], b: &Behaviour) -> bool {
    if name == b"__this_module" || name == b"_GLOBAL_OFFSET_TABLE_" {
        return true;
    }
    // Register save/restore helpers linked into every module on powerpc.
    const PPC: &[&[u8]] = &[b"_restgpr_", b"_savegpr_", b"_rest32gpr_", b"_save32gpr_", b"_restvr_", b"_savevr_"];
    const PPC64: &[&[u8]] = &[
        b"_restgpr0_",
        b"_savegpr0_",
        b"_restgpr1_",
        b"_savegpr1_",
        b"_restfpr_",
        b"_savefpr_",
        b"_restvr_",
        b"_savevr_",
    ];
    if machine == elf::EM_PPC && PPC.iter().any(|p| name.starts_with(p)) {
        return true;
    }
    if machine == elf::EM_PPC64 && (PPC64.iter().any(|p| name.starts_with(p)) || name == b".TOC.") {
        return true;
    }
    b.has(Change::IgnoreStartStopSymbols) && (name.starts_with(b"__start_") || name.starts_with(b"__stop_"))
}

fn read_inner(
    filename: &str,
    data: &[u8],
    settings: ReadSettings<'_>,
    events: &mut Vec<Event>,
    definitions: &mut Vec<(String, bool, bool)>,
) -> Result<Option<ModuleInfo>, String> {
    // modpost ignores files shorter than an ELF header, and non-ELF files, silently.
    let header_size = if data.get(4) == Some(&elf::ELFCLASS32) { 52 } else { 64 };
    if data.len() < header_size || !data.starts_with(b"\x7fELF") {
        return Ok(None);
    }
    if !matches!(data[5], elf::ELFDATA2LSB | elf::ELFDATA2MSB) {
        return Err("target endian is unknown\n".to_string());
    }
    let obj = ElfObject::parse(data).map_err(|e| malformed(filename, e))?;
    if obj.e_type != elf::ET_REL {
        return Err(format!("{filename}: not relocatable object."));
    }
    if !obj.has_symtab {
        return Err(format!("{filename} has no symtab?\n"));
    }
    let b = settings.behaviour;
    let msgs = Messages::new(&b);

    let name = filename.strip_suffix(".o").unwrap_or(filename).to_string();
    let is_vmlinux = name == "vmlinux";
    let who = Who { name: &name, is_vmlinux };
    let mut module = ModuleInfo {
        name: name.clone(),
        is_vmlinux,
        is_64bit: obj.class == ElfClass::Elf64,
        gpl_compatible: true,
        ..ModuleInfo::default()
    };

    module.modinfo =
        obj.modinfo().map_err(|_| format!("{filename} has NOBITS .modinfo\n"))?.into_iter().map(lossy).collect();
    if b.has(Change::NoTrimSymbol) {
        module.no_trim_symbols = obj.no_trim_symbols().into_iter().map(lossy).collect();
    }

    if !is_vmlinux {
        let licenses: Vec<&str> = modinfo_values(&module.modinfo, "license").collect();
        if licenses.is_empty() {
            events.push(Event::Diag(Diag::Error(msgs.missing_license(who, filename))));
        }
        module.gpl_compatible = licenses.iter().all(|l| license_is_gpl_compatible(l));
        for ns in modinfo_values(&module.modinfo, "import_ns") {
            if b.has(Change::ModuleNamespaces) && ns.starts_with(MODULE_NS_PREFIX) {
                events.push(Event::Diag(Diag::Error(msgs.explicit_module_namespace_import(who, ns))));
            }
            if !module.imported_namespaces.iter().any(|n| n == ns) {
                module.imported_namespaces.push(ns.to_string());
            }
        }
        let warn_description = settings.extra_warn || b.has(Change::DescriptionWarningAlways);
        if warn_description && modinfo_values(&module.modinfo, "description").next().is_none() {
            events.push(Event::Diag(Diag::Warn(msgs.missing_description(who, filename))));
        }
    }

    for s in &obj.symbols {
        let sym_name = remove_dot(s.name);
        match s.shndx {
            elf::SHN_COMMON => {
                if !sym_name.starts_with(b"__gnu_lto_") {
                    events.push(Event::Diag(Diag::Warn(msgs.common_symbol(who, &lossy(sym_name)))));
                }
            }
            elf::SHN_UNDEF => {
                if !s.is_global_or_weak() || ignore_undef_symbol(obj.machine, sym_name, &b) {
                    continue;
                }
                let mut undef = lossy(sym_name);
                if matches!(obj.machine, elf::EM_SPARC | elf::EM_SPARCV9) {
                    // Register directives are not symbols; `.foo` names are `_Foo`.
                    if s.typ == elf::STT_SPARC_REGISTER {
                        continue;
                    }
                    if let Some(rest) = undef.strip_prefix('.') {
                        let mut chars = rest.chars();
                        let first = chars.next().map(|c| c.to_ascii_uppercase()).into_iter();
                        undef = std::iter::once('_').chain(first).chain(chars).collect();
                    }
                }
                module.unresolved.push((undef, s.bind == elf::STB_WEAK));
            }
            _ => {
                if settings.collect_definitions && s.is_global_or_weak() {
                    definitions.push((lossy(sym_name), s.typ == elf::STT_FUNC, s.bind == elf::STB_WEAK));
                }
                if sym_name == b"init_module" {
                    module.has_init = true;
                } else if sym_name == b"cleanup_module" {
                    module.has_cleanup = true;
                }
            }
        }
        // handle_moddevtable(), after handle_symbol() for the same symbol.
        if let Some(setup) = settings.devtable.filter(|_| sym_name.starts_with(b"__mod_")) {
            let num_sections = obj.sections.len();
            let section = (s.shndx != elf::SHN_UNDEF && (s.secindex as usize) < num_sections)
                .then(|| &obj.sections[s.secindex as usize])
                .map(|sec| (sec.sh_type, sec.data.unwrap_or_default()));
            let sym = TableSymbol {
                name: sym_name,
                st_type: s.typ,
                st_size: s.size,
                data: SymbolData::from_section(section, s.value),
            };
            let word_bytes = if obj.class == ElfClass::Elf64 { 8 } else { 4 };
            let target = devtable::Target { word_bytes, big_endian: obj.big_endian };
            let m = devtable::Module { name: &name, is_vmlinux, target };
            let mut diags = Vec::new();
            if let Some(note) = setup.handle(&m, &sym, obj.machine, &mut module.aliases, &mut diags) {
                events.push(Event::Note(note));
            }
            events.extend(diags.into_iter().map(Event::Diag));
        }
    }

    check_sec_ref(filename, &obj, settings, &msgs, who, events)?;
    Ok(Some(module))
}

/// `check_sec_ref()`: sections in index order; the unexpected non-allocatable section
/// warning, then each relocation section's references (exports and mismatches).
fn check_sec_ref(
    filename: &str,
    obj: &ElfObject<'_>,
    settings: ReadSettings<'_>,
    msgs: &Messages,
    who: Who<'_>,
    events: &mut Vec<Event>,
) -> Result<(), String> {
    let b = settings.behaviour;
    let search = obj.symsearch();
    // Relocation sections are never the source or target of a reference: skip them.
    let classes: Vec<SectionClass> = obj
        .sections
        .iter()
        .map(|s| match s.sh_type {
            elf::SHT_RELA | elf::SHT_REL => SectionClass::default(),
            _ => SectionClass::of(s.name),
        })
        .collect();
    let class_of = |idx: u32| classes.get(idx as usize).copied().unwrap_or_default();
    let export_sec = obj.export_symbol_section.filter(|_| settings.module_enabled);
    let num_sections = obj.sections.len() as u32;
    for (i, sec) in obj.sections.iter().enumerate() {
        if sec.sh_type == elf::SHT_PROGBITS && !sec.is_alloc() && !secmismatch::in_section_white_list(sec.name, &b) {
            events.push(Event::Diag(Diag::Warn(msgs.non_allocatable(who, &lossy(sec.name)))));
        }
        if sec.sh_type != elf::SHT_RELA && sec.sh_type != elf::SHT_REL {
            continue;
        }
        let fsecndx = sec.info;
        let fromsec = obj.section_name(fsecndx);
        if secmismatch::in_section_white_list(fromsec, &b) {
            continue;
        }
        let from_class = class_of(fsecndx);
        let is_export_sec = export_sec == Some(fsecndx);
        // Only the export section and sections that can be the source of a mismatch
        // need their relocations looked at; the rest cannot produce a report.
        if !is_export_sec && !from_class.can_be_mismatch_source() {
            continue;
        }
        if sec.sh_type == elf::SHT_REL && !matches!(obj.machine, elf::EM_386 | elf::EM_ARM | elf::EM_MIPS) {
            return Err("Please add code to calculate addend for this architecture\n".to_string());
        }
        let relocs = obj.relocations(i as u32).map_err(|e| malformed(filename, e))?;
        let export_data = if is_export_sec { obj.sections[fsecndx as usize].data.unwrap_or_default() } else { &[] };
        for r in &relocs {
            if skip_reloc(obj.machine, fromsec, r) {
                continue;
            }
            let Some(tsym) = obj.symbols.get(r.sym as usize) else {
                return Err(format!("{filename}: relocation refers to symbol {}, past the symbol table\n", r.sym));
            };
            if is_export_sec {
                let raw = obj.decode_export(&search, fsecndx, export_data, r).map_err(|e| malformed(filename, e))?;
                check_export_symbol(obj, raw, msgs, who, events);
                continue;
            }
            let tosec = if tsym.secindex < num_sections { obj.section_name(tsym.secindex) } else { b"" };
            let to_class = if tsym.secindex < num_sections { class_of(tsym.secindex) } else { SectionClass::default() };
            if tosec.is_empty() {
                continue;
            }
            let Some(check) = secmismatch::section_mismatch(from_class, to_class) else { continue };
            let taddr = match r.addend {
                Some(addend) => tsym.value.wrapping_add(addend as u64),
                None => rel_target_address(obj, fsecndx, r, tsym.value),
            };
            report_mismatch(obj, &search, settings, msgs, who, check, r.offset, fsecndx, r.sym as usize, taddr, events);
        }
    }
    Ok(())
}

/// Relocations modpost passes over on some architectures.
fn skip_reloc(machine: u16, fromsec: &[u8], r: &Reloc) -> bool {
    const R_RISCV_SUB32: u32 = 39;
    const R_LARCH_SUB32: u32 = 55;
    const R_LARCH_RELAX: u32 = 100;
    const R_LARCH_ALIGN: u32 = 102;
    if r.addend.is_none() {
        return false;
    }
    match machine {
        elf::EM_RISCV => fromsec == b"__ex_table" && r.r_type == R_RISCV_SUB32,
        elf::EM_LOONGARCH => match r.r_type {
            R_LARCH_SUB32 => fromsec == b"__ex_table",
            // These do not refer to symbols.
            R_LARCH_RELAX | R_LARCH_ALIGN => true,
            _ => false,
        },
        _ => false,
    }
}

/// The target address of a `SHT_REL` relocation, with its addend read from the
/// relocated bytes (`addend_386_rel()`, `addend_arm_rel()`, `addend_mips_rel()`); as in
/// modpost, an unknown relocation type gives `-1`, and i386 and MIPS do not add the
/// symbol's value.
fn rel_target_address(obj: &ElfObject<'_>, fsecndx: u32, r: &Reloc, sym_value: u64) -> u64 {
    let bytes = obj.section_bytes(fsecndx, r.offset).unwrap_or_default();
    let word32 = |off: usize| -> u32 {
        let b: [u8; 4] = bytes.get(off..off + 4).and_then(|s| s.try_into().ok()).unwrap_or([0; 4]);
        if obj.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    };
    let half = |off: usize| -> u32 {
        let b: [u8; 2] = bytes.get(off..off + 2).and_then(|s| s.try_into().ok()).unwrap_or([0; 2]);
        u32::from(if obj.big_endian { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    // Elf_Addr arithmetic: 32-bit on a 32-bit kernel.
    let addr = |v: i64| -> u64 {
        if obj.class == ElfClass::Elf32 {
            u64::from(v as u32)
        } else {
            v as u64
        }
    };
    let none = addr(-1);
    let sign_extend32 = |value: u32, index: u32| -> i32 {
        let shift = 31 - index;
        ((value << shift) as i32) >> shift
    };
    match obj.machine {
        elf::EM_386 => match r.r_type {
            elf::R_386_32 => addr(i64::from(word32(0))),
            elf::R_386_PC32 => addr(i64::from(word32(0)) + 4),
            _ => none,
        },
        elf::EM_ARM => {
            let v = sym_value as i64;
            match r.r_type {
                elf::R_ARM_ABS32 | elf::R_ARM_REL32 => addr(i64::from(word32(0)) + v),
                elf::R_ARM_MOVW_ABS_NC | elf::R_ARM_MOVT_ABS => {
                    let inst = word32(0);
                    addr(i64::from(sign_extend32(((inst & 0xf0000) >> 4) | (inst & 0xfff), 15)) + v)
                }
                elf::R_ARM_PC24 | elf::R_ARM_CALL | elf::R_ARM_JUMP24 => {
                    let inst = word32(0);
                    addr(i64::from(sign_extend32((inst & 0x00ff_ffff) << 2, 25)) + v + 8)
                }
                elf::R_ARM_THM_MOVW_ABS_NC | elf::R_ARM_THM_MOVT_ABS => {
                    let (upper, lower) = (half(0), half(2));
                    let off = sign_extend32(
                        ((upper & 0x000f) << 12) | ((upper & 0x0400) << 1) | ((lower & 0x7000) >> 4) | (lower & 0x00ff),
                        15,
                    );
                    addr(i64::from(off) + v)
                }
                elf::R_ARM_THM_JUMP19 => {
                    let (upper, lower) = (half(0), half(2));
                    let (sign, j1, j2) = ((upper >> 10) & 1, (lower >> 13) & 1, (lower >> 11) & 1);
                    let off = sign_extend32(
                        (sign << 20) | (j2 << 19) | (j1 << 18) | ((upper & 0x03f) << 12) | ((lower & 0x07ff) << 1),
                        20,
                    );
                    addr(i64::from(off) + v + 4)
                }
                elf::R_ARM_THM_PC22 | elf::R_ARM_THM_JUMP24 => {
                    let (upper, lower) = (half(0), half(2));
                    let (sign, j1, j2) = ((upper >> 10) & 1, (lower >> 13) & 1, (lower >> 11) & 1);
                    let off = sign_extend32(
                        (sign << 24)
                            | ((!(j1 ^ sign) & 1) << 23)
                            | ((!(j2 ^ sign) & 1) << 22)
                            | ((upper & 0x03ff) << 12)
                            | ((lower & 0x07ff) << 1),
                        24,
                    );
                    addr(i64::from(off) + v + 4)
                }
                _ => none,
            }
        }
        elf::EM_MIPS => {
            let inst = word32(0);
            match r.r_type {
                elf::R_MIPS_LO16 => u64::from(inst & 0xffff),
                elf::R_MIPS_26 => u64::from((inst & 0x03ff_ffff) << 2),
                elf::R_MIPS_32 => u64::from(inst),
                _ => none,
            }
        }
        _ => none,
    }
}

/// `default_mismatch_handler()`: finds the symbols on both sides, applies the
/// whitelist, reports.
#[allow(clippy::too_many_arguments)] // Mirrors modpost's function, one argument per input it reads.
fn report_mismatch(
    obj: &ElfObject<'_>,
    search: &SymSearch,
    settings: ReadSettings<'_>,
    msgs: &Messages,
    who: Who<'_>,
    check: secmismatch::Mismatch,
    faddr: u64,
    fsecndx: u32,
    tsym_idx: usize,
    taddr: u64,
    events: &mut Vec<Event>,
) {
    let b = settings.behaviour;
    let fromsec = obj.section_name(fsecndx);
    let tsym = &obj.symbols[tsym_idx];
    let num_sections = obj.sections.len() as u32;
    let tosec = if tsym.secindex < num_sections { obj.section_name(tsym.secindex) } else { b"" };
    let from_class = SectionClass::of(fromsec);
    let to_class = SectionClass::of(tosec);
    let from = search.find_nearest(faddr, fsecndx, false, u64::MAX);
    let fromsym: &[u8] = from.map(|i| obj.symbols[i].name).unwrap_or_default();
    // find_tosym(): a symbol without a valid name is replaced by the nearest one.
    let to = if tsym.is_valid_name() {
        tsym_idx
    } else {
        search.find_nearest(taddr, tsym.secindex, true, 20).unwrap_or(tsym_idx)
    };
    let tosym: &[u8] = obj.symbols[to].name;
    let wl_fromsym = if settings.strip_llvm_suffix && !b.has(Change::LlvmWhitelist) {
        secmismatch::strip_llvm_suffix(fromsym)
    } else {
        fromsym
    };
    if secmismatch::whitelisted(fromsec, from_class, wl_fromsym, tosec, to_class, tosym, &b) {
        return;
    }
    let off = match from {
        Some(i) if !fromsym.is_empty() => faddr.wrapping_sub(obj.symbols[i].value),
        _ => faddr,
    };
    let to_text = if tosym.is_empty() { format!("0x{:x}", taddr as u32) } else { lossy(tosym) };
    let detail = format!(
        "{}{}0x{:x} (section: {}) -> {} (section: {})",
        lossy(fromsym),
        if fromsym.is_empty() { "" } else { "+" },
        off as u32,
        lossy(fromsec),
        to_text,
        lossy(tosec)
    );
    events.push(Event::Diag(Diag::Warn(msgs.section_mismatch(who, &detail))));
    events.push(Event::Mismatch);
    let flags = |idx: u32| obj.sections.get(idx as usize).map(|s| s.flags).unwrap_or(0);
    if let Some(extra) = secmismatch::extable_followup(check, who.name, fromsec, faddr, tosec, tsym.secindex, flags) {
        events.push(Event::Diag(extra));
    }
}

/// `check_export_symbol()`.
fn check_export_symbol(obj: &ElfObject<'_>, e: RawExport<'_>, msgs: &Messages, who: Who<'_>, events: &mut Vec<Event>) {
    const PREFIX: &[u8] = b"__export_symbol_";
    let tsym = &obj.symbols[e.target];
    let label = e.label.map(|i| &obj.symbols[i]);
    let label_name: &[u8] = label.map(|l| l.name).unwrap_or(b"(unknown)");
    let Some(label_sym) = label_name.strip_prefix(PREFIX) else {
        events.push(Event::Diag(Diag::Error(msgs.strange_export_label(who, &lossy(label_name)))));
        return;
    };
    if !tsym.is_global_or_weak() {
        events.push(Event::Diag(Diag::Error(msgs.local_export(who, &lossy(label_sym)))));
        return;
    }
    let name = tsym.name;
    if label_sym != name {
        events.push(Event::Diag(Diag::Error(msgs.not_an_export(who, &lossy(name)))));
        return;
    }
    let gpl_only = match e.license {
        b"GPL" => true,
        b"" => false,
        other => {
            events.push(Event::Diag(Diag::Error(msgs.unknown_license(who, &lossy(other), &lossy(name)))));
            return;
        }
    };
    // On 64-bit parisc, `$$` symbols of the library are STT_LOPROC functions.
    let is_func = tsym.typ == elf::STT_FUNC
        || (obj.class == ElfClass::Elf64 && obj.machine == elf::EM_PARISC && tsym.typ == elf::STT_LOPROC);
    events.push(Event::Export(FoundExport { name: lossy(name), gpl_only, namespace: lossy(e.namespace), is_func }));
    let num_sections = obj.sections.len() as u32;
    let tosec = if tsym.secindex < num_sections { obj.section_name(tsym.secindex) } else { b"" };
    let cls = SectionClass::of(tosec);
    if cls.contains(SectionClass::ALL_INIT) {
        events.push(Event::Diag(Diag::Warn(msgs.export_of_init(who, &lossy(name), false))));
    } else if cls.contains(SectionClass::ALL_EXIT) {
        events.push(Event::Diag(Diag::Warn(msgs.export_of_init(who, &lossy(name), true))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_dot_rules() {
        assert_eq!(remove_dot(b"bar.123"), b"bar");
        assert_eq!(remove_dot(b"qux.12.x"), b"qux");
        assert_eq!(remove_dot(b"baz.llvm.456"), b"baz.llvm.456");
        assert_eq!(remove_dot(b"a.1b"), b"a.1b");
        assert_eq!(remove_dot(b".L123"), b".L123");
        assert_eq!(remove_dot(b"foo.constprop.0"), b"foo.constprop.0");
    }
}
