#![no_main]
//! The offsets-header parser, and every device-table handler on arbitrary table bytes
//! (any version's rules, word size and byte order).
use thinpost::modpost::devtable::{
    builtin_layout, handle_moddevtable, table_types, AliasList, Layout, Module, Rules, SymbolData, TableSymbol, Target,
};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = Layout::parse(data);
    let [kind, flags, size_lo, size_hi, table @ ..] = data else { return };
    let types: Vec<&str> = table_types().collect();
    let kind = types[usize::from(*kind) % types.len()];
    let (version, arch) = match flags & 3 {
        0 => ((6, 12), "x86_64"),
        1 => ((7, 2), "arm64"),
        _ => ((7, 3), "x86_64"),
    };
    let Some(layout) = builtin_layout(arch, version) else { return };
    let rules = Rules::for_version(version.0, version.1);
    let name = match rules.symbol_form {
        thinpost::modpost::devtable::SymbolForm::V6_12 => format!("__mod_{kind}__t_device_table"),
        _ => format!("__mod_device_table__kmod_m__{kind}__t"),
    };
    let target = Target { word_bytes: if flags & 4 != 0 { 4 } else { 8 }, big_endian: flags & 8 != 0 };
    let module = Module { name: if flags & 16 != 0 { "vmlinux" } else { "m" }, is_vmlinux: flags & 16 != 0, target };
    let sym = TableSymbol {
        name: name.as_bytes(),
        st_type: 1,
        st_size: u64::from(u16::from_le_bytes([*size_lo, *size_hi])),
        data: if flags & 32 != 0 { SymbolData::NoBits } else { SymbolData::Bytes(table) },
    };
    let (mut aliases, mut diags) = (AliasList::default(), Vec::new());
    handle_moddevtable(&rules, &module, &sym, || Ok(layout), &mut aliases, &mut diags);
});
