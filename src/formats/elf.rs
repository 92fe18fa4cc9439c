//! ELF relocatable objects: the symbol table, `.export_symbol` entries (6.5+),
//! `__ksymtab_*` exports (before 6.5) and `.modinfo` strings.

use object::read::{Object, ObjectSection, ObjectSymbol, RelocationTarget, SectionIndex};
use object::{SectionKind, SymbolFlags, SymbolSection};

use crate::error::ParseError;
use crate::formats::symbol::{Binding, ExportEntry, Symbol, SymbolType};

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
}

fn err(e: object::Error) -> ParseError {
    ParseError::whole(format!("malformed ELF object: {e}"))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reads the NUL-terminated string at `offset` of `data`; `None` when there is no NUL.
fn c_str(data: &[u8], offset: usize) -> Option<&[u8]> {
    let rest = data.get(offset..)?;
    let end = rest.iter().position(|&b| b == 0)?;
    Some(&rest[..end])
}

fn binding_of(flags: SymbolFlags<SectionIndex, object::SymbolIndex>) -> (Binding, u8) {
    match flags {
        SymbolFlags::Elf { st_info, .. } => {
            let binding = match st_info >> 4 {
                0 => Binding::Local,
                1 => Binding::Global,
                2 => Binding::Weak,
                _ => Binding::Other,
            };
            (binding, st_info & 0xf)
        }
        _ => (Binding::Other, 0),
    }
}

fn type_of(st_type: u8) -> SymbolType {
    match st_type {
        1 => SymbolType::Data,
        2 => SymbolType::Func,
        3 => SymbolType::Section,
        4 => SymbolType::File,
        6 => SymbolType::Tls,
        _ => SymbolType::Other,
    }
}

/// Parses an ELF relocatable object.
pub fn read_elf(data: &[u8]) -> Result<ElfContents, ParseError> {
    let file = object::File::parse(data).map_err(err)?;
    let machine = match &file {
        object::File::Elf32(f) => f.elf_header().e_machine.get(f.endian()),
        object::File::Elf64(f) => f.elf_header().e_machine.get(f.endian()),
        _ => return Err(ParseError::whole("not an ELF object")),
    };

    let mut section_names: Vec<Option<String>> = Vec::new();
    for section in file.sections() {
        let idx = section.index().0;
        if section_names.len() <= idx {
            section_names.resize(idx + 1, None);
        }
        section_names[idx] = Some(lossy(section.name_bytes().map_err(err)?));
    }
    let section_name = |idx: SectionIndex| section_names.get(idx.0).cloned().flatten();

    let mut symbols = Vec::new();
    // Symbol table index -> position in `symbols`, for relocation targets.
    let mut by_index: Vec<Option<usize>> = Vec::new();
    for sym in file.symbols() {
        let name = lossy(sym.name_bytes().map_err(err)?);
        let (binding, st_type) = binding_of(sym.flags());
        let (defined, section) = match sym.section() {
            SymbolSection::Undefined => (false, None),
            SymbolSection::Absolute => (true, Some("*ABS*".to_string())),
            SymbolSection::Common => (true, Some("*COM*".to_string())),
            SymbolSection::Section(idx) => (true, section_name(idx)),
            _ => (!sym.is_undefined(), None),
        };
        let idx = sym.index().0;
        if by_index.len() <= idx {
            by_index.resize(idx + 1, None);
        }
        by_index[idx] = Some(symbols.len());
        symbols.push((sym.address(), Symbol { name, binding, typ: type_of(st_type), defined, section }));
    }

    let mut exports = Vec::new();
    let mut modinfo = Vec::new();
    for section in file.sections() {
        let name = section.name_bytes().map_err(err)?;
        if name == b".export_symbol" {
            read_export_section(&file, &section, &symbols, &by_index, &mut exports)?;
        } else if name == b".modinfo" && section.kind() != SectionKind::UninitializedData {
            let data = section.data().map_err(err)?;
            modinfo.extend(data.split(|&b| b == 0).filter(|s| !s.is_empty()).map(lossy));
        }
    }
    if exports.is_empty() {
        read_ksymtab_exports(&file, &symbols, &mut exports)?;
    }

    Ok(ElfContents { machine, symbols: symbols.into_iter().map(|(_, s)| s).collect(), exports, modinfo })
}

/// `.export_symbol` holds, per export, a label `__export_symbol_<sym>`, the licence and
/// namespace strings, and a pointer to the symbol. modpost walks the section's
/// relocations in order and, for each, takes the nearest label at or before it; we do
/// the same, so the order and the anomalies match.
fn read_export_section<'d>(
    file: &object::File<'d>,
    section: &object::Section<'d, '_>,
    symbols: &[(u64, Symbol)],
    by_index: &[Option<usize>],
    out: &mut Vec<ExportEntry>,
) -> Result<(), ParseError> {
    let data = section.data().map_err(err)?;
    let sec_index = section.index();
    let mut labels: Vec<(u64, &Symbol)> = Vec::new();
    for sym in file.symbols() {
        if sym.section() == SymbolSection::Section(sec_index) {
            if let Some(&(addr, ref s)) = by_index.get(sym.index().0).copied().flatten().map(|i| &symbols[i]) {
                if s.typ != SymbolType::Section && !s.name.is_empty() {
                    labels.push((addr, s));
                }
            }
        }
    }
    labels.sort_by_key(|&(addr, _)| addr);

    for (offset, reloc) in section.relocations() {
        let target = match reloc.target() {
            RelocationTarget::Symbol(idx) => by_index.get(idx.0).copied().flatten().map(|i| &symbols[i].1),
            _ => None,
        };
        let Some(target) = target else {
            return Err(ParseError::at(offset, ".export_symbol relocation without a symbol"));
        };
        // The nearest label at or before the relocation.
        let label = labels.partition_point(|&(addr, _)| addr <= offset);
        let Some(&(label_addr, label)) = label.checked_sub(1).map(|i| &labels[i]) else {
            return Err(ParseError::at(offset, ".export_symbol relocation before any label"));
        };
        let license = c_str(data, label_addr as usize)
            .ok_or_else(|| ParseError::at(label_addr, "export licence string runs off the section"))?;
        let ns_off = label_addr as usize + license.len() + 1;
        let namespace = c_str(data, ns_off)
            .ok_or_else(|| ParseError::at(ns_off as u64, "export namespace string runs off the section"))?;
        out.push(ExportEntry {
            label: label.name.clone(),
            target: target.name.clone(),
            license_raw: lossy(license),
            namespace: lossy(namespace),
            target_binding: Some(target.binding),
            target_is_func: Some(target.typ == SymbolType::Func),
        });
    }
    Ok(())
}

/// Before 6.5, `EXPORT_SYMBOL(x)` defined `__ksymtab_x` in `___ksymtab+x` (or
/// `__ksymtab`) and `___ksymtab_gpl+x` (or `__ksymtab_gpl`) for GPL exports, with the
/// namespace string at `__kstrtabns_x`.
fn read_ksymtab_exports(
    file: &object::File<'_>,
    symbols: &[(u64, Symbol)],
    out: &mut Vec<ExportEntry>,
) -> Result<(), ParseError> {
    for (_, sym) in symbols {
        let Some(exported) = sym.name.strip_prefix("__ksymtab_") else { continue };
        let Some(section) = sym.section.as_deref() else { continue };
        let gpl = section.starts_with("___ksymtab_gpl+") || section == "__ksymtab_gpl";
        if !(gpl || section.starts_with("___ksymtab+") || section == "__ksymtab") {
            continue;
        }
        let target = symbols.iter().map(|(_, s)| s).find(|s| s.name == exported && s.typ != SymbolType::Section);
        let namespace = ksymtab_namespace(file, exported)?;
        out.push(ExportEntry {
            label: sym.name.clone(),
            target: exported.to_string(),
            license_raw: if gpl { "GPL" } else { "" }.to_string(),
            namespace,
            target_binding: target.map(|t| t.binding),
            target_is_func: target.map(|t| t.typ == SymbolType::Func),
        });
    }
    Ok(())
}

fn ksymtab_namespace(file: &object::File<'_>, exported: &str) -> Result<String, ParseError> {
    let wanted = format!("__kstrtabns_{exported}");
    for sym in file.symbols() {
        if sym.name_bytes().map_err(err)? != wanted.as_bytes() {
            continue;
        }
        if let SymbolSection::Section(idx) = sym.section() {
            let section = file.section_by_index(idx).map_err(err)?;
            let data = section.data().map_err(err)?;
            let off = sym.address().saturating_sub(section.address()) as usize;
            if let Some(s) = c_str(data, off) {
                return Ok(lossy(s));
            }
        }
    }
    Ok(String::new())
}
