//! Writes one planned object as an x86_64 ELF relocatable file with the `object` crate's
//! writer, laid out like clang's output for a kernel C file.
//!
//! Section-mismatch rules kept here: `.text` and `.data` never reference `.init.*` or
//! `.exit.*`; init code (`init_module`, a vmlinux file's `__init` function) and
//! `cleanup_module` are reached only from `.initcall6.init` (not a checked section) or
//! from nowhere, and `.exit.text` calls nothing in `.init.text`.

use object::elf;
use object::write::{Object, Relocation, SectionId, Symbol, SymbolId, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionKind, SymbolFlags, SymbolKind, SymbolScope,
};

use super::plan::{SymKind, Unit};
use super::rng::Rng;

/// What `.comment` says, as in the corpus objects.
const COMPILER: &[u8] = b"\0Debian clang version 19.1.7 (3~deb12u1)\0";

/// Byte runs that stand between the references inside a function body.
const FILLER: &[&[u8]] = &[
    &[0x48, 0x89, 0xc7],             // mov %rax,%rdi
    &[0x48, 0x89, 0xde],             // mov %rbx,%rsi
    &[0x85, 0xc0],                   // test %eax,%eax
    &[0x74, 0x0a],                   // je +10
    &[0x48, 0x83, 0xc4, 0x08],       // add $8,%rsp
    &[0x41, 0x54],                   // push %r12
    &[0x31, 0xc0],                   // xor %eax,%eax
    &[0x48, 0x8b, 0x47, 0x10],       // mov 0x10(%rdi),%rax
    &[0x0f, 0x1f, 0x44, 0x00, 0x00], // nopl 0(%rax,%rax)
];

/// A place a function body may reference.
#[derive(Clone, Copy)]
struct Target {
    symbol: SymbolId,
    kind: SymKind,
}

/// Which code section a function lives in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Code {
    Text,
    Init,
    Exit,
}

struct Function {
    symbol: SymbolId,
    code: Code,
    refs: Vec<Target>,
}

struct Builder {
    obj: Object<'static>,
    text: SectionId,
    sections: Vec<(&'static [u8], SectionKind, SectionId)>,
}

impl Builder {
    fn section(&mut self, name: &'static [u8], kind: SectionKind) -> SectionId {
        if let Some((_, _, id)) = self.sections.iter().find(|(n, _, _)| *n == name) {
            return *id;
        }
        let id = self.obj.add_section(Vec::new(), name.to_vec(), kind);
        self.sections.push((name, kind, id));
        id
    }

    fn symbol(&mut self, name: &str, kind: SymbolKind, scope: SymbolScope, section: SymbolSection) -> SymbolId {
        self.obj.add_symbol(Symbol {
            name: name.as_bytes().to_vec(),
            value: 0,
            size: 0,
            kind,
            scope,
            weak: false,
            section,
            flags: SymbolFlags::None,
        })
    }

    fn reloc(&mut self, section: SectionId, offset: u64, symbol: SymbolId, addend: i64, r_type: u32) {
        let r = Relocation { offset, symbol, addend, flags: RelocationFlags::Elf { r_type } };
        self.obj.add_relocation(section, r).expect("x86_64 ELF takes any r_type");
    }

    /// Appends a function body that references `refs` in order; sets the symbol's value
    /// and size.
    fn function(&mut self, f: &Function, rng: &mut Rng) {
        let section = match f.code {
            Code::Text => self.text,
            Code::Init => self.section(b".init.text", SectionKind::Text),
            Code::Exit => self.section(b".exit.text", SectionKind::Text),
        };
        let mut body = vec![0xf3, 0x0f, 0x1e, 0xfa, 0x55, 0x48, 0x89, 0xe5]; // endbr64; push %rbp; mov %rsp,%rbp
        let mut fixups = Vec::with_capacity(f.refs.len());
        for t in &f.refs {
            for _ in 0..rng.range(1, 4) {
                body.extend_from_slice(rng.pick(FILLER));
            }
            match t.kind {
                SymKind::Func => {
                    body.push(0xe8); // call rel32
                    fixups.push((body.len(), t.symbol, elf::R_X86_64_PLT32));
                    body.extend_from_slice(&[0; 4]);
                }
                SymKind::Data => {
                    body.extend_from_slice(&[0x48, 0x8b, 0x05]); // mov rel32(%rip),%rax
                    fixups.push((body.len(), t.symbol, elf::R_X86_64_PC32));
                    body.extend_from_slice(&[0; 4]);
                }
            }
        }
        body.extend_from_slice(&[0x5d, 0xc3]); // pop %rbp; ret
        let start = self.obj.append_section_data(section, &body, 16);
        for (at, symbol, r_type) in fixups {
            self.reloc(section, start + at as u64, symbol, -4, r_type);
        }
        let sym = self.obj.symbol_mut(f.symbol);
        sym.value = start;
        sym.size = body.len() as u64;
    }

    /// Defines a data object in `.data`, `.rodata` or `.bss`; `.data` objects hold
    /// pointers to some of `targets`.
    fn data(&mut self, symbol: SymbolId, targets: &[Target], rng: &mut Rng) {
        let size = 8 * rng.range(1, 16) as u64;
        let place = rng.below(20);
        if place < 5 {
            let bss = self.section(b".bss", SectionKind::UninitializedData);
            self.obj.add_symbol_bss(symbol, bss, size, 8);
        } else if place < 8 {
            let rodata = self.section(b".rodata", SectionKind::ReadOnlyData);
            let bytes: Vec<u8> = (0..size).map(|_| rng.next_u32() as u8).collect();
            self.obj.add_symbol_data(symbol, rodata, &bytes, 8);
        } else {
            let data = self.section(b".data", SectionKind::Data);
            let start = self.obj.add_symbol_data(symbol, data, &vec![0; size as usize], 8);
            if !targets.is_empty() {
                for slot in 0..size / 8 {
                    if rng.chance(0.4) {
                        let t = rng.pick(targets);
                        self.reloc(data, start + slot * 8, t.symbol, 0, elf::R_X86_64_64);
                    }
                }
            }
        }
    }
}

/// The ELF bytes of `unit`.
pub fn object_bytes(unit: &Unit, rng: &mut Rng) -> Vec<u8> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let text = obj.add_section(Vec::new(), b".text".to_vec(), SectionKind::Text);
    let mut b = Builder { obj, text, sections: Vec::new() };
    b.obj.add_file_symbol(format!("{}.c", unit.base()).into_bytes());
    let global = |b: &mut Builder, name: &str, kind: SymKind| {
        let (sym_kind, section) = match kind {
            SymKind::Func => (SymbolKind::Text, SymbolSection::Section(b.text)),
            // Placed for real by `Builder::data`.
            SymKind::Data => (SymbolKind::Data, SymbolSection::Undefined),
        };
        b.symbol(name, sym_kind, SymbolScope::Dynamic, section)
    };

    // Definitions: exported and other globals, then file-local helpers.
    let mut funcs: Vec<Function> = Vec::new();
    let mut datas: Vec<SymbolId> = Vec::new();
    let mut exported: Vec<SymbolId> = Vec::new();
    let defined = unit.exports.iter().map(|e| (&e.name, e.kind)).chain(unit.globals.iter().map(|(n, k)| (n, *k)));
    for (i, (name, kind)) in defined.enumerate() {
        let id = global(&mut b, name, kind);
        if i < unit.exports.len() {
            exported.push(id);
        }
        match kind {
            SymKind::Func => funcs.push(Function { symbol: id, code: Code::Text, refs: Vec::new() }),
            SymKind::Data => datas.push(id),
        }
    }
    let module = unit.module.is_some();
    let statics = if module { rng.range(1, 4) } else { rng.range(1, 6) };
    for n in 0..statics {
        let name = format!("__{}_{}{n}", unit.prefix, rng.pick(super::names::NOUNS));
        let id = b.symbol(&name, SymbolKind::Text, SymbolScope::Compilation, SymbolSection::Section(text));
        funcs.push(Function { symbol: id, code: Code::Text, refs: Vec::new() });
    }
    let local_data = b.symbol(
        &format!("{}_{}", unit.prefix, rng.pick(super::names::NOUNS)),
        SymbolKind::Data,
        SymbolScope::Compilation,
        SymbolSection::Undefined,
    );
    datas.push(local_data);
    let own: Vec<Target> = funcs.iter().map(|f| Target { symbol: f.symbol, kind: SymKind::Func }).collect();
    let text_funcs = funcs.len();

    // Init and exit code.
    let builtin_init = if module {
        let init = b.symbol("init_module", SymbolKind::Text, SymbolScope::Dynamic, SymbolSection::Undefined);
        funcs.push(Function { symbol: init, code: Code::Init, refs: Vec::new() });
        if rng.chance(0.85) {
            let exit = b.symbol("cleanup_module", SymbolKind::Text, SymbolScope::Dynamic, SymbolSection::Undefined);
            funcs.push(Function { symbol: exit, code: Code::Exit, refs: Vec::new() });
        }
        None
    } else if rng.chance(0.3) {
        let init = b.symbol(
            &format!("{}_init", unit.prefix),
            SymbolKind::Text,
            SymbolScope::Compilation,
            SymbolSection::Undefined,
        );
        funcs.push(Function { symbol: init, code: Code::Init, refs: Vec::new() });
        Some(init)
    } else {
        None
    };
    for f in &mut funcs[text_funcs..] {
        let section = b.section(if f.code == Code::Exit { b".exit.text" } else { b".init.text" }, SectionKind::Text);
        b.obj.symbol_mut(f.symbol).section = SymbolSection::Section(section);
    }

    // References: every import at least once, plus calls between this file's functions.
    let imports: Vec<Target> = unit
        .imports
        .iter()
        .map(|(name, kind)| Target {
            symbol: b.symbol(name, SymbolKind::Unknown, SymbolScope::Unknown, SymbolSection::Undefined),
            kind: *kind,
        })
        .collect();
    for t in &imports {
        let f = rng.below(funcs.len());
        funcs[f].refs.push(*t);
    }
    for f in funcs.iter_mut() {
        for _ in 0..rng.range(0, 3) {
            let t = own[rng.below(own.len())];
            if t.symbol != f.symbol {
                f.refs.push(t);
            }
        }
        rng.shuffle(&mut f.refs);
    }
    // Definition order as in a C file: helpers and exported functions mixed.
    let (text_part, code_part) = funcs.split_at_mut(text_funcs);
    rng.shuffle(text_part);
    for f in text_part.iter().chain(code_part.iter()) {
        b.function(f, rng);
    }
    let mut pointer_targets = own.clone();
    pointer_targets.extend(imports.iter().copied());
    for &d in &datas {
        b.data(d, &pointer_targets, rng);
    }

    if let Some(init) = builtin_init {
        initcall(&mut b, unit, init);
    }
    if let Some(info) = &unit.module {
        // The driver structure: callbacks and THIS_MODULE.
        let this_module =
            b.symbol("__this_module", SymbolKind::Unknown, SymbolScope::Unknown, SymbolSection::Undefined);
        let data = b.section(b".data", SectionKind::Data);
        let driver = b.symbol(
            &format!("{}_driver", unit.base()),
            SymbolKind::Data,
            SymbolScope::Compilation,
            SymbolSection::Undefined,
        );
        let slots = own.len().min(6) as u64 + 1;
        let start = b.obj.add_symbol_data(driver, data, &vec![0; 8 * slots as usize], 8);
        b.reloc(data, start, this_module, 0, elf::R_X86_64_64);
        for (i, t) in own.iter().take(slots as usize - 1).enumerate() {
            b.reloc(data, start + 8 * (i as u64 + 1), t.symbol, 0, elf::R_X86_64_64);
        }
        modinfo(&mut b, info);
        // About a third of the modules of a distribution kernel are drivers with a
        // device table.
        if rng.chance(0.35) {
            device_table(&mut b, unit, rng);
        }
    }
    export_symbols(&mut b, unit, &exported);
    let comment = b.section(b".comment", SectionKind::OtherString);
    b.obj.append_section_data(comment, COMPILER, 1);
    b.section(b".note.GNU-stack", SectionKind::Elf(elf::SHT_PROGBITS));
    b.obj.write().expect("an in-memory ELF object always writes")
}

/// `__initcall__kmod_<file>__<n>_<line>_<fn>6` in `.initcall6.init`, pointing at the
/// file's `__init` function: how built-in code gets run at boot.
fn initcall(b: &mut Builder, unit: &Unit, init: SymbolId) {
    let section = b.section(b".initcall6.init", SectionKind::Data);
    let name = format!("__initcall__kmod_{}__{}_{}_init6", unit.base(), unit.path.len(), unit.prefix);
    let sym = b.symbol(&name, SymbolKind::Data, SymbolScope::Compilation, SymbolSection::Undefined);
    let start = b.obj.add_symbol_data(sym, section, &[0; 8], 8);
    b.reloc(section, start, init, 0, elf::R_X86_64_64);
}

/// `.modinfo`: `tag=value` strings, each behind a local `__UNIQUE_ID_<tag><n>` object.
fn modinfo(b: &mut Builder, info: &super::plan::ModuleInfo) {
    let section = b.section(b".modinfo", SectionKind::ReadOnlyData);
    let mut tags = vec![
        ("license", info.license.to_string()),
        ("author", info.author.to_string()),
        ("description", info.description.clone()),
    ];
    tags.extend(info.import_ns.iter().map(|ns| ("import_ns", ns.to_string())));
    for (n, (tag, value)) in tags.iter().enumerate() {
        let mut bytes = format!("{tag}={value}").into_bytes();
        bytes.push(0);
        let name = format!("__UNIQUE_ID_{tag}{}", 300 + n);
        let sym = b.symbol(&name, SymbolKind::Data, SymbolScope::Compilation, SymbolSection::Undefined);
        b.obj.add_symbol_data(sym, section, &bytes, 1);
    }
}

/// `.export_symbol` as `include/linux/export.h` (6.5+) lays it out, one entry per export:
/// label `__export_symbol_<sym>`, `.asciz "<license>"`, `.asciz "<ns>"`, `.balign 8`,
/// `.quad <sym>`; plus the `__ADDRESSABLE(<sym>)` pointer in `.discard.addressable`.
fn export_symbols(b: &mut Builder, unit: &Unit, exported: &[SymbolId]) {
    if unit.exports.is_empty() {
        return;
    }
    let section = b.section(b".export_symbol", SectionKind::ReadOnlyData);
    let addressable = b.section(b".discard.addressable", SectionKind::Data);
    for (n, (export, &target)) in unit.exports.iter().zip(exported).enumerate() {
        let mut strings = Vec::with_capacity(16);
        strings.extend_from_slice(if export.gpl { b"GPL\0" } else { b"\0" });
        strings.extend_from_slice(export.namespace.as_bytes());
        strings.push(0);
        let label = b.symbol(
            &format!("__export_symbol_{}", export.name),
            SymbolKind::Label,
            SymbolScope::Compilation,
            SymbolSection::Section(section),
        );
        let start = b.obj.append_section_data(section, &strings, 8);
        b.obj.symbol_mut(label).value = start;
        let quad = b.obj.append_section_data(section, &[0; 8], 8);
        b.reloc(section, quad, target, 0, elf::R_X86_64_64);

        let name = format!("__UNIQUE_ID___addressable_{}{}", export.name, 400 + n);
        let sym = b.symbol(&name, SymbolKind::Data, SymbolScope::Compilation, SymbolSection::Undefined);
        let at = b.obj.add_symbol_data(sym, addressable, &[0; 8], 8);
        b.reloc(addressable, at, target, 0, elf::R_X86_64_64);
    }
}

/// Vendors a device table names (PCI and USB ids of real vendors, for realistic aliases).
const VENDORS: &[u16] = &[0x8086, 0x10ec, 0x14e4, 0x1af4, 0x1002, 0x10de, 0x046d, 0x0bda, 0x05ac];

/// `MODULE_DEVICE_TABLE(type, name)` as Linux 6.12 emits it: the table, a static array
/// ending in an all-zero entry, in `.rodata`, and the global alias
/// `__mod_<type>__<name>_device_table` (same address and size) that modpost reads. Entry
/// layouts are x86_64's (`scripts/mod/devicetable-offsets.h`, written beside the tree):
/// `pci_device_id` (40 bytes), `usb_device_id` (32, some with a bcdDevice range, which
/// modpost expands into several aliases) or `of_device_id` (200, a compatible string).
fn device_table(b: &mut Builder, unit: &Unit, rng: &mut Rng) {
    let n = rng.range(1, 13);
    let (kind, size, entries): (&str, usize, Vec<Vec<u8>>) = match rng.below(10) {
        0..=5 => ("pci", 40, (0..n).map(|_| pci_entry(rng)).collect()),
        6..=8 => ("usb", 32, (0..n).map(|_| usb_entry(rng)).collect()),
        _ => ("of", 200, (0..n).map(|i| of_entry(unit, i, rng)).collect()),
    };
    let mut bytes: Vec<u8> = entries.concat();
    bytes.extend(std::iter::repeat_n(0, size));
    let rodata = b.section(b".rodata", SectionKind::ReadOnlyData);
    let table = b.symbol(
        &format!("{}_ids", unit.base().replace('-', "_")),
        SymbolKind::Data,
        SymbolScope::Compilation,
        SymbolSection::Undefined,
    );
    let start = b.obj.add_symbol_data(table, rodata, &bytes, 8);
    let alias = b.symbol(
        &format!("__mod_{kind}__{}_ids_device_table", unit.base().replace('-', "_")),
        SymbolKind::Data,
        SymbolScope::Dynamic,
        SymbolSection::Section(rodata),
    );
    let sym = b.obj.symbol_mut(alias);
    sym.value = start;
    sym.size = bytes.len() as u64;
}

fn pci_entry(rng: &mut Rng) -> Vec<u8> {
    const ANY: u32 = 0xffff_ffff;
    let mut e = Vec::with_capacity(40);
    let vendor = u32::from(rng.pick(VENDORS));
    let (subvendor, subdevice) = if rng.chance(0.8) { (ANY, ANY) } else { (vendor, rng.next_u32() & 0xffff) };
    let (class, mask) = if rng.chance(0.15) { (0x0c0330, 0xffffff) } else { (0, 0) };
    for v in [vendor, rng.next_u32() & 0xffff, subvendor, subdevice, class, mask] {
        e.extend_from_slice(&v.to_le_bytes());
    }
    e.extend_from_slice(&u64::from(rng.next_u32() & 0xff).to_le_bytes()); // driver_data
    e.extend_from_slice(&[0; 8]); // override_only, padding
    e
}

fn usb_entry(rng: &mut Rng) -> Vec<u8> {
    const MATCH_DEVICE: u16 = 0x0003; // USB_DEVICE_ID_MATCH_VENDOR | _PRODUCT
    const MATCH_DEV_RANGE: u16 = 0x000c; // _DEV_LO | _DEV_HI
    const MATCH_INT_CLASS: u16 = 0x0080;
    let mut flags = MATCH_DEVICE;
    let (lo, hi) = if rng.chance(0.3) {
        flags |= MATCH_DEV_RANGE;
        let lo = (rng.next_u32() & 0x0199) as u16;
        (lo, lo + (rng.next_u32() & 0x0233) as u16)
    } else {
        (0, 0)
    };
    let class = if rng.chance(0.2) {
        flags |= MATCH_INT_CLASS;
        0xff
    } else {
        0
    };
    let mut e = Vec::with_capacity(32);
    for v in [flags, rng.pick(VENDORS), (rng.next_u32() & 0xffff) as u16, lo, hi] {
        e.extend_from_slice(&v.to_le_bytes());
    }
    // bDevice{Class,SubClass,Protocol}, bInterface{Class,SubClass,Protocol,Number}, then
    // padding to driver_info at 24.
    e.extend_from_slice(&[0, 0, 0, class, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    e.extend_from_slice(&u64::from(rng.next_u32() & 0xff).to_le_bytes()); // driver_info
    debug_assert_eq!(e.len(), 32);
    e
}

fn of_entry(unit: &Unit, i: usize, rng: &mut Rng) -> Vec<u8> {
    let mut e = vec![0u8; 200];
    let vendor = rng.pick(&["acme", "vendor", "generic", "foo"]);
    let compatible = format!("{vendor},{}-v{i}", unit.base());
    let text = compatible.as_bytes();
    let n = text.len().min(127);
    e[64..64 + n].copy_from_slice(&text[..n]); // compatible[128] after name[32], type[32]
    e
}
