//! One borrowed view of an ELF relocatable object — 32- or 64-bit, either byte order —
//! shared by the scan and by modpost: sections, the symbol table, relocations,
//! `.export_symbol` entries (6.5+), `__ksymtab_*` exports (before 6.5) and `.modinfo`,
//! each decoded once, with modpost's semantics (`scripts/mod/modpost.c`: raw `st_shndx`,
//! `get_secindex()`, the nearest-symbol search of `symsearch.c`).
//!
//! Parsing uses the `object` crate's low-level ELF types; names stay `&[u8]` slices of
//! the input until a caller copies out what outlives it.

use object::elf;
use object::read::elf::{FileHeader, Rel as _, Rela as _, SectionHeader, Sym as _};
use object::Endianness;

use crate::error::ParseError;
use crate::formats::symbol::{Binding, ExportEntry, Symbol, SymbolType};

/// ELF class of an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElfClass {
    Elf32,
    Elf64,
}

/// One section header, with its name and (for non-`SHT_NOBITS` sections inside the
/// file) its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Section<'d> {
    pub name: &'d [u8],
    pub sh_type: u32,
    pub flags: u64,
    pub addr: u64,
    pub offset: u64,
    pub size: u64,
    pub link: u32,
    pub info: u32,
    /// `None` for `SHT_NOBITS` and for a section that runs past the end of the file.
    pub data: Option<&'d [u8]>,
}

impl Section<'_> {
    pub fn is_alloc(&self) -> bool {
        self.flags & u64::from(elf::SHF_ALLOC) != 0
    }
}

/// One symbol-table entry, with modpost's view of its section.
#[derive(Clone, Copy, Debug)]
pub struct Sym<'d> {
    pub name: &'d [u8],
    pub value: u64,
    pub size: u64,
    pub bind: u8,
    pub typ: u8,
    /// The raw `st_shndx`.
    pub shndx: u16,
    /// modpost's `get_secindex()`: the real index (through `SHT_SYMTAB_SHNDX` for
    /// `SHN_XINDEX`); the reserved indices moved to `u32::MAX - 255 ..= u32::MAX`.
    pub secindex: u32,
}

impl Sym<'_> {
    pub fn is_global_or_weak(&self) -> bool {
        self.bind == elf::STB_GLOBAL || self.bind == elf::STB_WEAK
    }

    /// `symsearch.c`'s `is_valid_name()`: named, and not a mapping or local label
    /// (`$x`, `$d` on arm/arm64/riscv, `.L…`, `L0…`).
    pub fn is_valid_name(&self) -> bool {
        !(self.name.is_empty()
            || self.name.starts_with(b".L")
            || self.name.starts_with(b"L0")
            || self.name.starts_with(b"$"))
    }
}

/// One relocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    pub offset: u64,
    pub sym: u32,
    pub r_type: u32,
    /// The explicit addend of `SHT_RELA`; `None` for `SHT_REL`, whose addend is in the
    /// relocated bytes.
    pub addend: Option<i64>,
}

/// A parsed ELF object.
#[derive(Clone, Debug)]
pub struct ElfObject<'d> {
    pub data: &'d [u8],
    pub class: ElfClass,
    pub big_endian: bool,
    pub e_type: u16,
    pub machine: u16,
    pub sections: Vec<Section<'d>>,
    /// The symbols of the `SHT_SYMTAB` section (the last one, as modpost takes it),
    /// entry 0 included; empty when there is none.
    pub symbols: Vec<Sym<'d>>,
    pub has_symtab: bool,
    /// Index of `.export_symbol`, when present.
    pub export_symbol_section: Option<u32>,
}

fn malformed(e: object::Error) -> ParseError {
    ParseError::whole(format!("malformed ELF object: {e}"))
}

impl<'d> ElfObject<'d> {
    /// Parses the headers, sections and symbol table of an ELF file (any type; the
    /// caller decides what it accepts).
    pub fn parse(data: &'d [u8]) -> Result<Self, ParseError> {
        if data.len() < 16 || !data.starts_with(b"\x7fELF") {
            return Err(ParseError::at(0, "not an ELF file"));
        }
        match data[4] {
            elf::ELFCLASS32 => parse_class::<elf::FileHeader32<Endianness>>(data, ElfClass::Elf32),
            elf::ELFCLASS64 => parse_class::<elf::FileHeader64<Endianness>>(data, ElfClass::Elf64),
            c => Err(ParseError::at(4, format!("unknown ELF class {c}"))),
        }
    }

    /// The name of section `index`, empty when out of range.
    pub fn section_name(&self, index: u32) -> &'d [u8] {
        self.sections.get(index as usize).map(|s| s.name).unwrap_or_default()
    }

    /// The relocations of a `SHT_REL`/`SHT_RELA` section, in file order.
    pub fn relocations(&self, index: u32) -> Result<Vec<Reloc>, ParseError> {
        match self.class {
            ElfClass::Elf32 => relocations::<elf::FileHeader32<Endianness>>(self, index),
            ElfClass::Elf64 => relocations::<elf::FileHeader64<Endianness>>(self, index),
        }
    }

    /// The bytes of section `index` from `offset`, if inside it.
    pub fn section_bytes(&self, index: u32, offset: u64) -> Option<&'d [u8]> {
        let data = self.sections.get(index as usize)?.data?;
        data.get(usize::try_from(offset).ok()?..)
    }

    /// `.modinfo`'s strings (`license=GPL`, …) in order, from the last section of that
    /// name (modpost's loop keeps the last). Err for a `SHT_NOBITS` `.modinfo`, which
    /// modpost refuses.
    pub fn modinfo(&self) -> Result<Vec<&'d [u8]>, NobitsModinfo> {
        let Some(sec) = self.sections.iter().rev().find(|s| s.name == b".modinfo") else { return Ok(Vec::new()) };
        if sec.sh_type == elf::SHT_NOBITS {
            return Err(NobitsModinfo);
        }
        Ok(sec.data.unwrap_or_default().split(|&b| b == 0).filter(|s| !s.is_empty()).collect())
    }

    /// The names in `.no_trim_symbol` (6.14+, `symbol_get()`): NUL-separated.
    pub fn no_trim_symbols(&self) -> Vec<&'d [u8]> {
        self.sections
            .iter()
            .rev()
            .find(|s| s.name == b".no_trim_symbol")
            .and_then(|s| s.data)
            .map(|d| d.split(|&b| b == 0).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    }

    /// The nearest-symbol index over this object's symbols (`symsearch_init()`).
    pub fn symsearch(&self) -> SymSearch {
        SymSearch::new(self)
    }

    /// The `.export_symbol` entries, in the order of the section's relocations — the
    /// order in which modpost meets (and writes) the exports.
    pub fn export_symbols(&self, search: &SymSearch) -> Result<Vec<RawExport<'d>>, ParseError> {
        let Some(export_sec) = self.export_symbol_section else { return Ok(Vec::new()) };
        let data = self.sections[export_sec as usize].data.unwrap_or_default();
        let mut out = Vec::new();
        for (i, s) in self.sections.iter().enumerate() {
            if !matches!(s.sh_type, elf::SHT_REL | elf::SHT_RELA) || s.info != export_sec {
                continue;
            }
            for r in self.relocations(i as u32)? {
                out.push(self.decode_export(search, export_sec, data, &r)?);
            }
        }
        Ok(out)
    }

    /// `check_export_symbol()`'s reading of one `.export_symbol` relocation: the nearest
    /// valid symbol at or before it is the label; the licence string starts at the label,
    /// the namespace string right after it.
    pub fn decode_export(
        &self,
        search: &SymSearch,
        export_sec: u32,
        data: &'d [u8],
        r: &Reloc,
    ) -> Result<RawExport<'d>, ParseError> {
        if r.sym as usize >= self.symbols.len() {
            return Err(ParseError::at(
                r.offset,
                format!(".export_symbol relocation refers to symbol {}, past the symbol table", r.sym),
            ));
        }
        let label = search.find_nearest(r.offset, export_sec, false, u64::MAX);
        let label_off = label.map(|l| self.symbols[l].value).unwrap_or(0);
        let license = c_str(data, label_off);
        let namespace = c_str(data, label_off.saturating_add(license.len() as u64 + 1));
        Ok(RawExport { offset: r.offset, target: r.sym as usize, label, license, namespace })
    }
}

/// A `SHT_NOBITS` `.modinfo` (modpost: fatal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NobitsModinfo;

/// One `.export_symbol` relocation as modpost reads it, before its checks.
#[derive(Clone, Copy, Debug)]
pub struct RawExport<'d> {
    /// Offset of the relocation in `.export_symbol`.
    pub offset: u64,
    /// Index of the relocation's target symbol.
    pub target: usize,
    /// Index of the nearest valid symbol at or before the relocation (the
    /// `__export_symbol_<sym>` label of a well-formed entry).
    pub label: Option<usize>,
    pub license: &'d [u8],
    pub namespace: &'d [u8],
}

/// The NUL-terminated string at `off` of `data` (to the end when unterminated; empty
/// when `off` is past it).
fn c_str(data: &[u8], off: u64) -> &[u8] {
    let rest = usize::try_from(off).ok().and_then(|o| data.get(o..)).unwrap_or_default();
    let end = memchr::memchr(0, rest).unwrap_or(rest.len());
    &rest[..end]
}

fn parse_class<'d, H: FileHeader<Endian = Endianness>>(
    data: &'d [u8],
    class: ElfClass,
) -> Result<ElfObject<'d>, ParseError> {
    let header = H::parse(data).map_err(malformed)?;
    let endian = header.endian().map_err(malformed)?;
    let table = header.sections(endian, data).map_err(malformed)?;
    let mut sections = Vec::with_capacity(table.len());
    let mut export_symbol_section = None;
    let mut symtab = None;
    for (i, s) in table.iter().enumerate() {
        let name = table.section_name(endian, s).unwrap_or_default();
        let sh_type = s.sh_type(endian);
        let data_of = (sh_type != elf::SHT_NOBITS).then(|| s.data(endian, data).ok()).flatten();
        if name == b".export_symbol" {
            export_symbol_section = Some(i as u32);
        }
        if sh_type == elf::SHT_SYMTAB {
            symtab = Some(i);
        }
        sections.push(Section {
            name,
            sh_type,
            flags: s.sh_flags(endian).into(),
            addr: s.sh_addr(endian).into(),
            offset: s.sh_offset(endian).into(),
            size: s.sh_size(endian).into(),
            link: s.sh_link(endian),
            info: s.sh_info(endian),
            data: data_of,
        });
    }
    let mut symbols = Vec::new();
    if let Some(idx) = symtab {
        let section = table.section(object::SectionIndex(idx)).map_err(malformed)?;
        let st = object::read::elf::SymbolTable::parse(endian, data, &table, object::SectionIndex(idx), section)
            .map_err(malformed)?;
        let strings = st.strings();
        symbols.reserve(st.len());
        for (i, s) in st.symbols().iter().enumerate() {
            let shndx = s.st_shndx(endian);
            let secindex = if shndx == elf::SHN_XINDEX {
                st.shndx(endian, object::SymbolIndex(i)).unwrap_or(u32::MAX)
            } else if shndx >= elf::SHN_LORESERVE {
                u32::from(shndx).wrapping_sub(u32::from(elf::SHN_HIRESERVE) + 1)
            } else {
                u32::from(shndx)
            };
            symbols.push(Sym {
                name: s.name(endian, strings).unwrap_or_default(),
                value: s.st_value(endian).into(),
                size: s.st_size(endian).into(),
                bind: s.st_bind(),
                typ: s.st_type(),
                shndx,
                secindex,
            });
        }
    }
    Ok(ElfObject {
        data,
        class,
        big_endian: endian == Endianness::Big,
        e_type: header.e_type(endian),
        machine: header.e_machine(endian),
        sections,
        has_symtab: symtab.is_some(),
        symbols,
        export_symbol_section,
    })
}

fn relocations<H: FileHeader<Endian = Endianness>>(obj: &ElfObject<'_>, index: u32) -> Result<Vec<Reloc>, ParseError> {
    let endian = if obj.big_endian { Endianness::Big } else { Endianness::Little };
    let sec = obj.sections.get(index as usize).ok_or_else(|| ParseError::whole(format!("no section {index}")))?;
    let data =
        sec.data.ok_or_else(|| ParseError::at(sec.offset, "relocation section runs past the end of the file"))?;
    let is_mips64el = obj.class == ElfClass::Elf64 && obj.machine == elf::EM_MIPS && !obj.big_endian;
    let bad = || ParseError::at(sec.offset, "relocation section is misaligned or not a multiple of its entry size");
    match sec.sh_type {
        elf::SHT_RELA => {
            let relas = object::pod::slice_from_all_bytes::<H::Rela>(data).map_err(|()| bad())?;
            Ok(relas
                .iter()
                .map(|r| Reloc {
                    offset: r.r_offset(endian).into(),
                    sym: r.r_sym(endian, is_mips64el),
                    r_type: r.r_type(endian, is_mips64el),
                    addend: Some(r.r_addend(endian).into()),
                })
                .collect())
        }
        elf::SHT_REL => {
            let rels = object::pod::slice_from_all_bytes::<H::Rel>(data).map_err(|()| bad())?;
            Ok(rels
                .iter()
                .map(|r| Reloc {
                    offset: r.r_offset(endian).into(),
                    sym: r.r_sym(endian),
                    r_type: r.r_type(endian),
                    addend: None,
                })
                .collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// Sorted (section, address, symbol) table for nearest-symbol lookups (`symsearch.c`).
pub struct SymSearch {
    table: Vec<(u32, u64, u32)>,
}

impl SymSearch {
    fn new(obj: &ElfObject<'_>) -> Self {
        let is_arm = obj.machine == elf::EM_ARM;
        let mut table: Vec<(u32, u64, u32)> = obj
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_valid_name())
            .map(|(i, s)| {
                // Bit 0 of a Thumb function's address says "Thumb"; modpost masks it.
                let addr = if is_arm && s.typ == elf::STT_FUNC { s.value & !1 } else { s.value };
                (s.secindex, addr, i as u32)
            })
            .collect();
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

    /// `symsearch_find_nearest()`: the symbol at or before `addr` in section `sec`
    /// within `max` bytes, or with `allow_negative` the one after it when nearer.
    pub fn find_nearest(&self, addr: u64, sec: u32, allow_negative: bool, max: u64) -> Option<usize> {
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

/// What the scan keeps of one ELF object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElfContents {
    /// `e_machine`.
    pub machine: u16,
    pub symbols: Vec<Symbol>,
    /// In the order of the `.export_symbol` relocations, which is the order modpost
    /// meets (and writes) the exports.
    pub exports: Vec<ExportEntry>,
    /// `.modinfo` strings (`license=GPL`, `import_ns=FOO`, …) in section order.
    pub modinfo: Vec<String>,
    /// Names of sections that are C identifiers (`__param`, `__jump_table`): the only
    /// sections a linker brackets with `__start_`/`__stop_` symbols.
    pub c_identifier_sections: Vec<String>,
}

/// Whether `name` is a C identifier (what a `__start_NAME` symbol can be made of).
pub fn is_c_identifier(name: &[u8]) -> bool {
    name.first().is_some_and(|&c| c == b'_' || c.is_ascii_alphabetic())
        && name.iter().all(|&c| c == b'_' || c.is_ascii_alphanumeric())
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn binding_of(bind: u8) -> Binding {
    match bind {
        elf::STB_LOCAL => Binding::Local,
        elf::STB_GLOBAL => Binding::Global,
        elf::STB_WEAK => Binding::Weak,
        _ => Binding::Other,
    }
}

fn type_of(st_type: u8) -> SymbolType {
    match st_type {
        elf::STT_OBJECT => SymbolType::Data,
        elf::STT_FUNC => SymbolType::Func,
        elf::STT_SECTION => SymbolType::Section,
        elf::STT_FILE => SymbolType::File,
        elf::STT_TLS => SymbolType::Tls,
        _ => SymbolType::Other,
    }
}

/// Reads what the scan keeps of an ELF object: symbols, exports and `.modinfo`.
pub fn read_elf(data: &[u8]) -> Result<ElfContents, ParseError> {
    let obj = ElfObject::parse(data)?;
    let symbols: Vec<Symbol> = obj
        .symbols
        .iter()
        .skip(1)
        .map(|s| {
            let section = match s.shndx {
                elf::SHN_UNDEF => None,
                elf::SHN_ABS => Some("*ABS*".to_string()),
                elf::SHN_COMMON => Some("*COM*".to_string()),
                _ => Some(lossy(obj.section_name(s.secindex))),
            };
            Symbol {
                name: lossy(s.name),
                binding: binding_of(s.bind),
                typ: type_of(s.typ),
                defined: s.shndx != elf::SHN_UNDEF,
                section,
            }
        })
        .collect();
    let search = obj.symsearch();
    let mut exports: Vec<ExportEntry> = Vec::new();
    for e in obj.export_symbols(&search)? {
        let target = &obj.symbols[e.target];
        let label = e.label.map(|l| obj.symbols[l].name).unwrap_or(b"(unknown)");
        exports.push(ExportEntry {
            label: lossy(label),
            target: lossy(target.name),
            license_raw: lossy(e.license),
            namespace: lossy(e.namespace),
            target_binding: Some(binding_of(target.bind)),
            target_is_func: Some(target.typ == elf::STT_FUNC),
        });
    }
    if exports.is_empty() {
        read_ksymtab_exports(&obj, &symbols, &mut exports);
    }
    let modinfo = obj.modinfo().unwrap_or_default().into_iter().map(lossy).collect();
    let mut c_identifier_sections: Vec<String> =
        obj.sections.iter().filter(|s| is_c_identifier(s.name)).map(|s| lossy(s.name)).collect();
    c_identifier_sections.sort_unstable();
    c_identifier_sections.dedup();
    Ok(ElfContents { machine: obj.machine, symbols, exports, modinfo, c_identifier_sections })
}

/// Before 6.5, `EXPORT_SYMBOL(x)` defined `__ksymtab_x` in `___ksymtab+x` (or
/// `__ksymtab`) and `___ksymtab_gpl+x` (or `__ksymtab_gpl`) for GPL exports, with the
/// namespace string at `__kstrtabns_x`.
fn read_ksymtab_exports(obj: &ElfObject<'_>, symbols: &[Symbol], out: &mut Vec<ExportEntry>) {
    for sym in symbols {
        let Some(exported) = sym.name.strip_prefix("__ksymtab_") else { continue };
        let Some(section) = sym.section.as_deref() else { continue };
        let gpl = section.starts_with("___ksymtab_gpl+") || section == "__ksymtab_gpl";
        if !(gpl || section.starts_with("___ksymtab+") || section == "__ksymtab") {
            continue;
        }
        let target = symbols.iter().find(|s| s.name == exported && s.typ != SymbolType::Section);
        out.push(ExportEntry {
            label: sym.name.clone(),
            target: exported.to_string(),
            license_raw: if gpl { "GPL" } else { "" }.to_string(),
            namespace: ksymtab_namespace(obj, exported),
            target_binding: target.map(|t| t.binding),
            target_is_func: target.map(|t| t.typ == SymbolType::Func),
        });
    }
}

fn ksymtab_namespace(obj: &ElfObject<'_>, exported: &str) -> String {
    let wanted = format!("__kstrtabns_{exported}");
    for s in &obj.symbols {
        if s.name != wanted.as_bytes() {
            continue;
        }
        if let Some(sec) = obj.sections.get(s.secindex as usize) {
            if let Some(bytes) = obj.section_bytes(s.secindex, s.value.saturating_sub(sec.addr)) {
                if let Some(end) = memchr::memchr(0, bytes) {
                    return lossy(&bytes[..end]);
                }
            }
        }
    }
    String::new()
}
