//! Device-table aliases: `scripts/mod/file2alias.c`. For every `MODULE_DEVICE_TABLE()`
//! symbol of an object, modpost turns each table entry into `MODULE_ALIAS("…")` lines
//! of the module's `.mod.c` (and, from 6.18, `MODULE_INFO(<mod>.alias, "…")` lines of
//! `.vmlinux.export.c` for built-in code).
//!
//! [`handle_moddevtable`] is called once per symbol in symbol-table order, as modpost's
//! read phase calls its namesake, with plain data: it does not care how the caller read
//! the ELF. Fields are read through the tree's [`Layout`] (kbuild's
//! `devicetable-offsets.h`), in the object's byte order and word size; the version's
//! [`Rules`] decide the symbol form, the messages and the alias forms that changed.

mod builtin;
mod entry;
mod ids;
mod input;
mod names;
pub mod offsets;
pub mod rules;
mod tables;
mod usb;

use std::collections::HashSet;

pub use builtin::{builtin_layout, LayoutSource, HEADER};
pub use entry::Target;
pub use offsets::Layout;
pub use rules::{Rules, SymbolForm};

use crate::modpost::read::Diag;
use entry::{Emitter, Entry};

/// The `type` names of `MODULE_DEVICE_TABLE(type, name)` that some version handles
/// (for fuzzing and tests).
pub fn table_types() -> impl Iterator<Item = &'static str> {
    tables::all().map(|t| t.name)
}

/// One generated alias.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Alias {
    /// `usb:v1234p5678d*dc*dsc*dp*ic*isc*ip*in*`: bytes, as a table's strings may hold any.
    pub text: Vec<u8>,
    /// vmlinux (6.18+): the built-in module whose table gave the alias.
    pub builtin_modname: Option<Vec<u8>>,
}

/// A module's aliases in the order modpost writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AliasList {
    items: Vec<Alias>,
    /// The texts seen, when deduplicating (6.13+); modpost compares with every alias of
    /// the module, which a set does in constant time.
    seen: HashSet<Vec<u8>>,
}

impl AliasList {
    /// Appends `alias`, unless `dedupe` and an alias with the same text is already there
    /// (the first one wins). Returns whether it was added.
    pub fn push(&mut self, alias: Alias, dedupe: bool) -> bool {
        if dedupe && !self.seen.insert(alias.text.clone()) {
            return false;
        }
        self.items.push(alias);
        true
    }

    /// Appends every alias of `other`, in order (the members of vmlinux.a, in link order).
    pub fn append(&mut self, other: AliasList, dedupe: bool) {
        for a in other.items {
            self.push(a, dedupe);
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Alias> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Where a symbol's bytes are, as modpost's `handle_moddevtable()` sees it.
#[derive(Clone, Copy, Debug)]
pub enum SymbolData<'a> {
    /// `st_shndx` is 0, or not a real section index (`SHN_ABS`, `SHN_COMMON`, …): skipped.
    NoSection,
    /// The section's `sh_type & SHT_NOBITS` is set (modpost tests the bit): all zeros.
    NoBits,
    /// `sym_get_data()`: the section's bytes from `st_value` to its end. modpost reads
    /// strings on past a field, so the rest of the section is passed, not just `st_size`.
    Bytes(&'a [u8]),
}

/// A symbol of the object's symbol table.
#[derive(Clone, Copy, Debug)]
pub struct TableSymbol<'a> {
    /// The name after `remove_dot()`.
    pub name: &'a [u8],
    /// `ELF_ST_TYPE(st_info)`.
    pub st_type: u8,
    pub st_size: u64,
    pub data: SymbolData<'a>,
}

/// The module being read.
#[derive(Clone, Copy, Debug)]
pub struct Module<'a> {
    /// `mod->name`: the object's path without `.o` (`drivers/hid/hid-generic`, `vmlinux`).
    pub name: &'a str,
    pub is_vmlinux: bool,
    pub target: Target,
}

impl<'a> SymbolData<'a> {
    /// From the symbol's section as modpost sees it: `None` when `st_shndx` is 0 or not a
    /// section of the file, else the section's `sh_type` and contents.
    pub fn from_section(section: Option<(u32, &'a [u8])>, st_value: u64) -> Self {
        const SHT_NOBITS: u32 = 8;
        match section {
            None => SymbolData::NoSection,
            Some((sh_type, _)) if sh_type & SHT_NOBITS != 0 => SymbolData::NoBits,
            Some((_, bytes)) => {
                SymbolData::Bytes(usize::try_from(st_value).ok().and_then(|v| bytes.get(v..)).unwrap_or_default())
            }
        }
    }
}

/// What a run's read phase needs for device tables: the version's rules and where the
/// layouts come from.
#[derive(Debug)]
pub struct Setup {
    pub rules: Rules,
    pub layouts: LayoutSource,
}

impl Setup {
    /// [`handle_moddevtable`] with the layout for an object of ELF machine `e_machine`.
    /// Returns thinpost's note (to print once per run) when a built-in layout was used.
    pub fn handle(
        &self,
        module: &Module<'_>,
        sym: &TableSymbol<'_>,
        e_machine: u16,
        aliases: &mut AliasList,
        diags: &mut Vec<Diag>,
    ) -> Option<String> {
        let mut note = None;
        let layout = || {
            self.layouts.layout_for(e_machine).map(|(l, n)| {
                note = n;
                l
            })
        };
        handle_moddevtable(&self.rules, module, sym, layout, aliases, diags);
        note
    }
}

/// A NOBITS table bigger than this is refused rather than allocated (real tables are
/// kilobytes; a corrupt `st_size` could ask for terabytes).
const MAX_NOBITS_TABLE: u64 = 1 << 28;

/// `STT_OBJECT`.
const STT_OBJECT: u8 = 1;

/// A device-table symbol's name, split (`parse_symbol`).
#[derive(Debug, PartialEq, Eq)]
struct TableName<'a> {
    /// `usb`, `pci`, …
    kind: &'a [u8],
    /// The table's C name (6.13+; for messages).
    table: &'a [u8],
    /// 6.18+: the `__kmod_<modname>` part.
    modname: Option<&'a [u8]>,
}

/// The part of `handle_moddevtable()` that recognises a table symbol by its name.
fn parse_symbol<'a>(name: &'a [u8], form: SymbolForm) -> Option<TableName<'a>> {
    let find = |hay: &[u8], needle: &[u8]| memchr::memmem::find(hay, needle);
    match form {
        SymbolForm::V6_12 => {
            let rest = name.strip_prefix(b"__mod_")?;
            if !rest.ends_with(b"_device_table") {
                return None;
            }
            let kind = &rest[..find(rest, b"__")?];
            Some(TableName { kind, table: b"", modname: None })
        }
        SymbolForm::V6_13 => {
            let rest = name.strip_prefix(b"__mod_device_table__")?;
            let split = find(rest, b"__")?;
            Some(TableName { kind: &rest[..split], table: &rest[split + 2..], modname: None })
        }
        SymbolForm::V6_18 => {
            if !name.starts_with(b"__mod_device_table__") {
                return None;
            }
            let after = &name[find(name, b"__kmod_")? + b"__kmod_".len()..];
            let mod_end = find(after, b"__")?;
            let rest = &after[mod_end + 2..];
            let kind_end = find(rest, b"__")?;
            Some(TableName { kind: &rest[..kind_end], table: &rest[kind_end + 2..], modname: Some(&after[..mod_end]) })
        }
    }
}

/// Handles one symbol (`handle_moddevtable()`): if it names a device table of a known
/// type, appends the table's aliases to `aliases` and any messages to `diags`. A
/// [`Diag::Fatal`] ends modpost: the caller stops there. `layout` is asked for only when
/// the symbol is a table, so trees without tables never need the offsets header.
pub fn handle_moddevtable<'l>(
    rules: &Rules,
    module: &Module<'_>,
    sym: &TableSymbol<'_>,
    layout: impl FnOnce() -> Result<&'l Layout, Diag>,
    aliases: &mut AliasList,
    diags: &mut Vec<Diag>,
) {
    // The cheap name test first: nearly every symbol fails it.
    if !sym.name.starts_with(b"__mod_") {
        return;
    }
    if matches!(sym.data, SymbolData::NoSection) || sym.st_type != STT_OBJECT {
        return;
    }
    let Some(parsed) = parse_symbol(sym.name, rules.symbol_form) else { return };
    // A type modpost does not know is ignored, before the data is looked at.
    let Some(table) = tables::find(parsed.kind, rules) else { return };
    let layout = match layout() {
        Ok(l) => l,
        Err(d) => return diags.push(d),
    };
    let builtin = if module.is_vmlinux && rules.vmlinux_aliases { parsed.modname } else { None };
    let mut em = Emitter::new(rules, module.name, aliases, diags, builtin);
    do_table(&mut em, table, &parsed, sym, layout, module.target);
}

/// `do_table()`: the size and terminator checks, then each entry but the last.
fn do_table(
    em: &mut Emitter<'_>,
    table: &tables::TableType,
    name: &TableName<'_>,
    sym: &TableSymbol<'_>,
    layout: &Layout,
    target: Target,
) {
    let missing = |what: String| {
        format!(
            "{}: no {what} (needed for the {} table {}); the offsets header does not match this kernel\n",
            layout.origin(),
            table.name,
            String::from_utf8_lossy(sym.name)
        )
    };
    let Some(id_size) = layout.size(table.id_struct) else {
        return em.fatal(missing(format!("SIZE_{}", table.id_struct)));
    };
    let mut fields = Vec::with_capacity(table.fields.len());
    for &f in table.fields {
        match layout.offset(table.id_struct, f) {
            Some(off) => fields.push((f, off as usize)),
            None => return em.fatal(missing(format!("OFF_{}_{f}", table.id_struct))),
        }
    }
    let size = sym.st_size;
    let table_name = String::from_utf8_lossy(name.table);
    if size % id_size != 0 || size < id_size {
        if em.rules.table_errors_are_fatal {
            // 6.12 names pnp_card tables "pnp" here (`device_id_check(..., "pnp", ...)`).
            let t = if table.name == "pnp_card" { "pnp" } else { table.name };
            em.fatal(format!(
                "{}: sizeof(struct {t}_device_id)={id_size} is not a modulo of the size of section __mod_{t}__<identifier>_device_table={size}.\nFix definition of struct {t}_device_id in mod_devicetable.h\n",
                em.modname
            ));
        } else {
            em.error(format!(
                "{}: type mismatch between {table_name}[] and MODULE_DEVICE_TABLE({}, ...)\n",
                em.modname, table.name
            ));
        }
        return;
    }
    let zeros;
    let data: &[u8] = match sym.data {
        SymbolData::Bytes(d) => d,
        _ if size > MAX_NOBITS_TABLE => {
            return em.fatal(format!(
                "{}: device table {} in a NOBITS section claims {size} bytes\n",
                em.modname,
                String::from_utf8_lossy(sym.name)
            ));
        }
        _ => {
            zeros = vec![0u8; size as usize];
            &zeros
        }
    };
    if (data.len() as u64) < size {
        return em.fatal(format!(
            "{}: device table {} ({size} bytes) runs past the end of its section\n",
            em.modname,
            String::from_utf8_lossy(sym.name)
        ));
    }
    let (size, id_size) = (size as usize, id_size as usize);
    let last = &data[size - id_size..size];
    if last.iter().any(|&b| b != 0) {
        if em.rules.table_errors_are_fatal {
            let t = if table.name == "pnp_card" { "pnp" } else { table.name };
            let mut dump = format!(
                "{}: struct {t}_device_id is {id_size} bytes.  The last of {} is:\n",
                em.modname,
                size / id_size
            );
            for b in last {
                dump.push_str(&format!("0x{b:02x} "));
            }
            dump.push('\n');
            em.plain(dump);
            em.fatal(format!("{}: struct {t}_device_id is not terminated with a NULL entry!\n", em.modname));
        } else {
            em.error(format!("{}: {table_name}[] is not terminated with a NULL entry\n", em.modname));
        }
        return;
    }
    for index in 0..size / id_size - 1 {
        (table.handler)(em, &Entry::new(data, index, id_size, &fields, target));
        if em.stopped {
            return;
        }
    }
}

#[cfg(test)]
mod tests;
