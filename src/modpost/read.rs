//! modpost's read phase for one object (`read_symbols()`): symbols, `.modinfo`,
//! `.export_symbol` entries and section-mismatch reports, as an ordered list of events.
//!
//! Objects are read in parallel; everything that depends on other objects (the global
//! export table, "exported twice") happens when the events are replayed in modpost's
//! sequential order. Uses the `object` crate's low-level ELF API: modpost's semantics
//! are defined on raw `st_shndx`, `sh_type` and relocation tables.

use object::elf;
use object::read::elf::{FileHeader, SectionHeader, Sym};
use object::{Endian as _, Endianness};

use crate::modpost::devtable::{self, AliasList, SymbolData, TableSymbol};
use crate::modpost::secmismatch::{self, SectionClass};

pub type Header = elf::FileHeader64<Endianness>;

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
    /// Undefined GLOBAL/WEAK symbols in symbol-table order: (name, weak).
    pub unresolved: Vec<(String, bool)>,
    pub has_init: bool,
    pub has_cleanup: bool,
    /// All licences are GPL-compatible (true when none is given).
    pub gpl_compatible: bool,
    /// `import_ns=` values, first-seen order, no duplicates.
    pub imported_namespaces: Vec<String>,
    pub modinfo: Vec<String>,
    /// `srcversion` (§3.5 of the research notes): computed for modules with a
    /// `version=` tag, or for all with `-a`; `None` when not computed or abandoned.
    pub srcversion: Option<String>,
    /// Device-table aliases (`file2alias.c`), in symbol-table order.
    pub aliases: AliasList,
}

/// Settings of the read phase.
#[derive(Clone, Copy, Debug)]
pub struct ReadSettings<'a> {
    pub module_enabled: bool,
    pub extra_warn: bool,
    /// Match the section-mismatch whitelist against names without `.llvm.<digits>`.
    pub strip_llvm_suffix: bool,
    /// Record the object's defined global symbols (to resolve exports across the
    /// members of an archive, as the linker would).
    pub collect_definitions: bool,
    /// Device tables: the version's rules and layouts (`None`: no aliases).
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

/// A symbol as modpost sees it.
struct MSym<'d> {
    /// Name after `remove_dot`.
    name: &'d [u8],
    /// Whether the original name was valid for symbol search (non-empty, not a mapping
    /// symbol); decided before `remove_dot`, as modpost does.
    valid: bool,
    shndx: u16,
    /// `get_secindex()`: the real section index, or `u32::MAX` for special indices.
    secindex: u32,
    bind: u8,
    typ: u8,
    value: u64,
    size: u64,
}

fn is_valid_name(name: &[u8]) -> bool {
    !(name.is_empty() || name.starts_with(b".L") || name.starts_with(b"L0") || name.starts_with(b"$"))
}

/// Sorted (section, address, index) table for nearest-symbol lookups (`symsearch.c`).
struct SymSearch {
    table: Vec<(u32, u64, u32)>,
}

impl SymSearch {
    fn new(syms: &[MSym<'_>]) -> Self {
        let mut table: Vec<(u32, u64, u32)> =
            syms.iter().enumerate().filter(|(_, s)| s.valid).map(|(i, s)| (s.secindex, s.value, i as u32)).collect();
        table.sort_unstable();
        // Of several symbols at one address, the lowest symbol-table index wins.
        let mut i = 0;
        while i < table.len() {
            let j = i + table[i..].iter().take_while(|e| (e.0, e.1) == (table[i].0, table[i].1)).count();
            let first = table[i].2;
            table[i..j].iter_mut().for_each(|e| e.2 = first);
            i = j;
        }
        SymSearch { table }
    }

    fn find_nearest(&self, addr: u64, sec: u32, allow_negative: bool, max: u64) -> Option<usize> {
        let hi = self.table.partition_point(|&(s, a, _)| (s, a) <= (sec, addr));
        let mut best = max;
        let mut result = None;
        if allow_negative {
            if let Some(&(s, a, idx)) = self.table.get(hi) {
                if s == sec && a - addr <= best {
                    best = a - addr;
                    result = Some(idx as usize);
                }
            }
        }
        if hi > 0 {
            let (s, a, idx) = self.table[hi - 1];
            if s == sec && addr - a <= best {
                result = Some(idx as usize);
            }
        }
        result
    }
}

fn c_str(data: &[u8], off: usize) -> &[u8] {
    let rest = data.get(off..).unwrap_or_default();
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    &rest[..end]
}

/// Reads one object (`filename` as given on the command line or in the `-T` list).
pub fn read_object(filename: &str, data: &[u8], settings: ReadSettings) -> ReadObject {
    let mut out = ReadObject::default();
    match read_inner(filename, data, settings, &mut out.events, &mut out.definitions) {
        Ok(module) => out.module = module,
        Err(fatal) => out.events.push(Event::Diag(Diag::Fatal(fatal))),
    }
    out
}

fn malformed(filename: &str, e: object::Error) -> String {
    format!("{filename}: malformed ELF object: {e}\n")
}

fn read_inner(
    filename: &str,
    data: &[u8],
    settings: ReadSettings,
    events: &mut Vec<Event>,
    definitions: &mut Vec<(String, bool, bool)>,
) -> Result<Option<ModuleInfo>, String> {
    // modpost ignores files shorter than an ELF header, and non-ELF files, silently.
    if data.len() < std::mem::size_of::<Header>() || !data.starts_with(b"\x7fELF") {
        return Ok(None);
    }
    match data[5] {
        elf::ELFDATA2LSB | elf::ELFDATA2MSB => {}
        _ => return Err("target endian is unknown\n".to_string()),
    }
    if data[4] != elf::ELFCLASS64 {
        return Err(format!("{filename}: 32-bit ELF objects are not supported\n"));
    }
    let header = Header::parse(data).map_err(|e| malformed(filename, e))?;
    let endian = header.endian().map_err(|e| malformed(filename, e))?;
    if header.e_type(endian) != elf::ET_REL {
        return Err(format!("{filename}: not relocatable object."));
    }
    let sections = header.sections(endian, data).map_err(|e| malformed(filename, e))?;
    let symtab = sections.symbols(endian, data, elf::SHT_SYMTAB).map_err(|e| malformed(filename, e))?;
    if symtab.is_empty() {
        return Err(format!("{filename} has no symtab?\n"));
    }
    let strings = symtab.strings();
    let num_sections = sections.len();

    let section_names: Vec<&[u8]> =
        sections.iter().map(|s| sections.section_name(endian, s).unwrap_or_default()).collect();
    let sec_name = |idx: u32| -> &[u8] { section_names.get(idx as usize).copied().unwrap_or_default() };

    let name = filename.strip_suffix(".o").unwrap_or(filename).to_string();
    let is_vmlinux = name == "vmlinux";
    let mut module = ModuleInfo { name: name.clone(), is_vmlinux, gpl_compatible: true, ..ModuleInfo::default() };

    // .modinfo (the last section of that name, as modpost's loop leaves it).
    let mut modinfo_sec = None;
    let mut export_sec = None;
    for (i, s) in sections.iter().enumerate() {
        match section_names[i] {
            b".modinfo" => modinfo_sec = Some(s),
            b".export_symbol" => export_sec = Some(i as u32),
            _ => {}
        }
    }
    if let Some(s) = modinfo_sec {
        if s.sh_type(endian) == elf::SHT_NOBITS {
            return Err(format!("{filename} has NOBITS .modinfo\n"));
        }
        let d = s.data(endian, data).map_err(|e| malformed(filename, e))?;
        module.modinfo = d.split(|&b| b == 0).filter(|s| !s.is_empty()).map(lossy).collect();
    }

    if !is_vmlinux {
        let licenses: Vec<&str> = modinfo_values(&module.modinfo, "license").collect();
        if licenses.is_empty() {
            events.push(Event::Diag(Diag::Error(format!("missing MODULE_LICENSE() in {filename}\n"))));
        }
        module.gpl_compatible = licenses.iter().all(|l| license_is_gpl_compatible(l));
        for ns in modinfo_values(&module.modinfo, "import_ns") {
            if !module.imported_namespaces.iter().any(|n| n == ns) {
                module.imported_namespaces.push(ns.to_string());
            }
        }
        if settings.extra_warn && modinfo_values(&module.modinfo, "description").next().is_none() {
            events.push(Event::Diag(Diag::Warn(format!("missing MODULE_DESCRIPTION() in {filename}\n"))));
        }
    }

    // Symbols, with modpost's view of section indices.
    let mut syms: Vec<MSym<'_>> = Vec::with_capacity(symtab.len());
    for (i, s) in symtab.symbols().iter().enumerate() {
        let raw = s.name(endian, strings).unwrap_or_default();
        let shndx = s.st_shndx(endian);
        let secindex = if shndx == elf::SHN_XINDEX {
            symtab.shndx(endian, object::SymbolIndex(i)).unwrap_or(u32::MAX)
        } else if shndx >= elf::SHN_LORESERVE {
            u32::MAX
        } else {
            u32::from(shndx)
        };
        syms.push(MSym {
            name: remove_dot(raw),
            valid: is_valid_name(raw),
            shndx,
            secindex,
            bind: s.st_bind(),
            typ: s.st_type(),
            value: s.st_value(endian),
            size: s.st_size(endian),
        });
    }
    let search = SymSearch::new(&syms);

    for s in &syms {
        match s.shndx {
            elf::SHN_COMMON => {
                if !s.name.starts_with(b"__gnu_lto_") {
                    events.push(Event::Diag(Diag::Warn(format!(
                        "\"{}\" [{}] is COMMON symbol\n",
                        lossy(s.name),
                        name
                    ))));
                }
            }
            elf::SHN_UNDEF => {
                if (s.bind == elf::STB_GLOBAL || s.bind == elf::STB_WEAK)
                    && s.name != b"__this_module"
                    && s.name != b"_GLOBAL_OFFSET_TABLE_"
                {
                    module.unresolved.push((lossy(s.name), s.bind == elf::STB_WEAK));
                }
            }
            _ => {
                if settings.collect_definitions && (s.bind == elf::STB_GLOBAL || s.bind == elf::STB_WEAK) {
                    definitions.push((lossy(s.name), s.typ == elf::STT_FUNC, s.bind == elf::STB_WEAK));
                }
                if s.name == b"init_module" {
                    module.has_init = true;
                } else if s.name == b"cleanup_module" {
                    module.has_cleanup = true;
                }
            }
        }
        // handle_moddevtable(), after handle_symbol() for the same symbol.
        if let Some(setup) = settings.devtable.filter(|_| s.name.starts_with(b"__mod_")) {
            let section = (s.shndx != elf::SHN_UNDEF && (s.secindex as usize) < num_sections)
                .then(|| sections.section(object::SectionIndex(s.secindex as usize)).ok())
                .flatten()
                .map(|sec| (sec.sh_type(endian), sec.data(endian, data).unwrap_or_default()));
            let sym = TableSymbol {
                name: s.name,
                st_type: s.typ,
                st_size: s.size,
                data: SymbolData::from_section(section, s.value),
            };
            let target = devtable::Target { word_bytes: 8, big_endian: endian.is_big_endian() };
            let m = devtable::Module { name: &name, is_vmlinux, target };
            let mut diags = Vec::new();
            if let Some(note) = setup.handle(&m, &sym, header.e_machine(endian), &mut module.aliases, &mut diags) {
                events.push(Event::Note(note));
            }
            events.extend(diags.into_iter().map(Event::Diag));
        }
    }

    // check_sec_ref: sections in index order.
    // Relocation sections are never the source or target of a reference: skip them.
    let classes: Vec<SectionClass> = sections
        .iter()
        .zip(&section_names)
        .map(|(s, n)| match s.sh_type(endian) {
            elf::SHT_RELA | elf::SHT_REL => SectionClass::default(),
            _ => SectionClass::of(n),
        })
        .collect();
    let class_of = |idx: u32| classes.get(idx as usize).copied().unwrap_or_default();
    for (i, sec) in sections.iter().enumerate() {
        let sh_type = sec.sh_type(endian);
        if sh_type == elf::SHT_PROGBITS
            && sec.sh_flags(endian) & u64::from(elf::SHF_ALLOC) == 0
            && !secmismatch::in_section_white_list(section_names[i])
        {
            events.push(Event::Diag(Diag::Warn(format!(
                "{} ({}): unexpected non-allocatable section.\nDid you forget to use \"ax\"/\"aw\" in a .S file?\nNote that for example <linux/init.h> contains\nsection definitions for use in .S files.\n\n",
                name,
                lossy(section_names[i])
            ))));
        }
        if sh_type != elf::SHT_RELA && sh_type != elf::SHT_REL {
            continue;
        }
        let fsecndx = sec.sh_info(endian);
        let fromsec = sec_name(fsecndx);
        if secmismatch::in_section_white_list(fromsec) {
            continue;
        }
        if sh_type == elf::SHT_REL {
            return Err("Please add code to calculate addend for this architecture\n".to_string());
        }
        let relas: &[elf::Rela64<Endianness>] = sec.data_as_array(endian, data).map_err(|e| malformed(filename, e))?;
        let from_class = class_of(fsecndx);
        let is_export_sec = settings.module_enabled && export_sec == Some(fsecndx);
        // Only the export section and sections that can be the source of a mismatch
        // need their relocations looked at; the rest cannot produce a report.
        if !is_export_sec && !from_class.can_be_mismatch_source() {
            continue;
        }
        let export_data = if is_export_sec {
            sections.section(object::SectionIndex(fsecndx as usize)).and_then(|s| s.data(endian, data)).ok()
        } else {
            None
        };
        for rela in relas {
            let r_offset = rela.r_offset.get(endian);
            let r_sym = rela.r_sym(endian, false) as usize;
            let addend = rela.r_addend.get(endian) as u64;
            let Some(tsym) = syms.get(r_sym) else {
                return Err(format!("{filename}: relocation refers to symbol {r_sym}, past the symbol table\n"));
            };
            let taddr = tsym.value.wrapping_add(addend);
            let tosec = if tsym.secindex < num_sections as u32 { sec_name(tsym.secindex) } else { b"" };
            if is_export_sec {
                check_export_symbol(
                    &name,
                    &syms,
                    &search,
                    export_data.unwrap_or_default(),
                    fsecndx,
                    r_offset,
                    tosec,
                    tsym,
                    events,
                );
                continue;
            }
            let to_class =
                if tsym.secindex < num_sections as u32 { class_of(tsym.secindex) } else { SectionClass::default() };
            if tosec.is_empty() {
                continue;
            }
            let Some(check) = secmismatch::section_mismatch(from_class, to_class) else { continue };
            let from = search.find_nearest(r_offset, fsecndx, false, u64::MAX);
            let fromsym: &[u8] = from.map(|i| syms[i].name).unwrap_or_default();
            let to = if tsym.valid {
                Some(r_sym)
            } else {
                search.find_nearest(taddr, tsym.secindex, true, 20).or(Some(r_sym))
            };
            let tosym: &[u8] = to.map(|i| syms[i].name).unwrap_or_default();
            let wl_fromsym = if settings.strip_llvm_suffix { secmismatch::strip_llvm_suffix(fromsym) } else { fromsym };
            if secmismatch::whitelisted(fromsec, from_class, wl_fromsym, tosec, to_class, tosym) {
                continue;
            }
            let off = if fromsym.is_empty() { r_offset } else { r_offset.wrapping_sub(syms[from.unwrap_or(0)].value) };
            let to_text = if tosym.is_empty() { format!("0x{:x}", taddr as u32) } else { lossy(tosym) };
            events.push(Event::Diag(Diag::Warn(format!(
                "{}: section mismatch in reference: {}{}0x{:x} (section: {}) -> {} (section: {})\n",
                name,
                lossy(fromsym),
                if fromsym.is_empty() { "" } else { "+" },
                off as u32,
                lossy(fromsec),
                to_text,
                lossy(tosec)
            ))));
            events.push(Event::Mismatch);
            if let Some(extra) =
                secmismatch::extable_followup(check, &name, fromsec, r_offset, tosec, tsym.secindex, |idx| {
                    sections.section(object::SectionIndex(idx as usize)).map(|s| s.sh_flags(endian)).unwrap_or(0)
                })
            {
                events.push(Event::Diag(extra));
            }
        }
    }
    Ok(Some(module))
}

/// `check_export_symbol()`.
#[allow(clippy::too_many_arguments)] // Mirrors modpost's function, one argument per input it reads.
fn check_export_symbol(
    modname: &str,
    syms: &[MSym<'_>],
    search: &SymSearch,
    export_data: &[u8],
    export_secndx: u32,
    r_offset: u64,
    tosec: &[u8],
    tsym: &MSym<'_>,
    events: &mut Vec<Event>,
) {
    const PREFIX: &[u8] = b"__export_symbol_";
    let label = search.find_nearest(r_offset, export_secndx, false, u64::MAX).map(|i| &syms[i]);
    let label_name: &[u8] = label.map(|l| l.name).unwrap_or(b"(unknown)");
    let Some(label_sym) = label_name.strip_prefix(PREFIX) else {
        events.push(Event::Diag(Diag::Error(format!(
            "{modname}: .export_symbol section contains strange symbol '{}'\n",
            lossy(label_name)
        ))));
        return;
    };
    if tsym.bind != elf::STB_GLOBAL && tsym.bind != elf::STB_WEAK {
        events.push(Event::Diag(Diag::Error(format!("{modname}: local symbol '{}' was exported\n", lossy(label_sym)))));
        return;
    }
    let name = tsym.name;
    if label_sym != name {
        events.push(Event::Diag(Diag::Error(format!(
            "{modname}: .export_symbol section references '{}', but it does not seem to be an export symbol\n",
            lossy(name)
        ))));
        return;
    }
    let label_off = label.map(|l| l.value as usize).unwrap_or(0);
    let license = c_str(export_data, label_off);
    let gpl_only = match license {
        b"GPL" => true,
        b"" => false,
        other => {
            events.push(Event::Diag(Diag::Error(format!(
                "{modname}: unknown license '{}' was specified for '{}'\n",
                lossy(other),
                lossy(name)
            ))));
            return;
        }
    };
    let namespace = c_str(export_data, label_off + license.len() + 1);
    events.push(Event::Export(FoundExport {
        name: lossy(name),
        gpl_only,
        namespace: lossy(namespace),
        is_func: tsym.typ == elf::STT_FUNC,
    }));
    let cls = SectionClass::of(tosec);
    if cls.contains(SectionClass::ALL_INIT) {
        events.push(Event::Diag(Diag::Warn(format!(
            "{modname}: {}: EXPORT_SYMBOL used for init symbol. Remove __init or EXPORT_SYMBOL.\n",
            lossy(name)
        ))));
    } else if cls.contains(SectionClass::ALL_EXIT) {
        events.push(Event::Diag(Diag::Warn(format!(
            "{modname}: {}: EXPORT_SYMBOL used for exit symbol. Remove __exit or EXPORT_SYMBOL.\n",
            lossy(name)
        ))));
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
