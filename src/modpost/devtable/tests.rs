//! Unit tests of the handlers on hand-made tables (the side-by-side tests against the
//! kernel's modpost are in tests/devtable.rs).

use super::*;

fn layout(arch: &str, version: (u32, u32)) -> &'static Layout {
    builtin_layout(arch, version).unwrap()
}

const X86: Target = Target { word_bytes: 8, big_endian: false };

/// Builds a table of `entries` (plus the terminator) of `id_struct` in `layout`: each
/// entry is a list of (field, byte offset within the field, bytes).
fn table(layout: &Layout, id_struct: &str, entries: &[&[(&str, usize, &[u8])]]) -> Vec<u8> {
    let size = layout.size(id_struct).unwrap() as usize;
    let mut t = vec![0u8; size * (entries.len() + 1)];
    for (i, fields) in entries.iter().enumerate() {
        for &(field, at, bytes) in *fields {
            let off = i * size + layout.offset(id_struct, field).unwrap() as usize + at;
            t[off..off + bytes.len()].copy_from_slice(bytes);
        }
    }
    t
}

struct Run {
    aliases: AliasList,
    diags: Vec<Diag>,
}

fn run_symbol(rules: Rules, layout: &Layout, module: Module<'_>, name: &[u8], data: SymbolData<'_>, size: u64) -> Run {
    let mut r = Run { aliases: AliasList::default(), diags: Vec::new() };
    let sym = TableSymbol { name, st_type: STT_OBJECT, st_size: size, data };
    handle_moddevtable(&rules, &module, &sym, || Ok(layout), &mut r.aliases, &mut r.diags);
    r
}

fn texts(r: &Run) -> Vec<String> {
    r.aliases.iter().map(|a| String::from_utf8_lossy(&a.text).into_owned()).collect()
}

const MODULE: Module<'static> = Module { name: "drivers/x/mod", is_vmlinux: false, target: X86 };

#[test]
fn every_table_type_finds_its_fields_in_the_layouts_of_its_versions() {
    for (version, arch) in [((6, 12), "x86_64"), ((6, 12), "arm64"), ((7, 2), "x86_64"), ((7, 3), "arm64")] {
        let l = layout(arch, version);
        let rules = Rules::for_version(version.0, version.1);
        for t in tables::all() {
            // Skip the forms the version does not use (typec's mode; mcb before 6.19).
            if tables::find(t.name.as_bytes(), &rules).is_none_or(|found| !std::ptr::eq(found, t)) {
                continue;
            }
            assert!(l.size(t.id_struct).is_some(), "{version:?}: SIZE_{}", t.id_struct);
            for f in t.fields {
                assert!(l.offset(t.id_struct, f).is_some(), "{version:?}: OFF_{}_{f}", t.id_struct);
            }
            // A zero entry (and a table of one) never panics, whatever the handler.
            let size = l.size(t.id_struct).unwrap() as usize;
            let data = vec![0u8; 2 * size];
            let name = format!("__mod_device_table__kmod_m__{}__t", t.name);
            let r = run_symbol(
                Rules::for_version(7, 2),
                l,
                MODULE,
                name.as_bytes(),
                SymbolData::Bytes(&data[1..]),
                size as u64,
            );
            drop(r);
        }
    }
}

#[test]
fn symbol_forms() {
    fn p(name: &str, form: SymbolForm) -> Option<TableName<'_>> {
        parse_symbol(name.as_bytes(), form)
    }
    let t = |kind: &'static str, table: &'static str, modname: Option<&'static str>| {
        Some(TableName { kind: kind.as_bytes(), table: table.as_bytes(), modname: modname.map(str::as_bytes) })
    };
    assert_eq!(p("__mod_pci__foo_ids_device_table", SymbolForm::V6_12), t("pci", "", None));
    assert_eq!(p("__mod_pnp_card__cards_device_table", SymbolForm::V6_12), t("pnp_card", "", None));
    assert_eq!(p("__mod_pci_device_table", SymbolForm::V6_12), None);
    assert_eq!(p("__mod_device_table__pci__foo_ids", SymbolForm::V6_13), t("pci", "foo_ids", None));
    assert_eq!(
        p("__mod_device_table__kmod_e1000__pci__e1000_ids", SymbolForm::V6_18),
        t("pci", "e1000_ids", Some("e1000"))
    );
    // Rust: __mod_device_table__<line>__kmod_<module_path>__<type>__<table>
    assert_eq!(
        p("__mod_device_table__57__kmod_rust_sample__virtio__TABLE", SymbolForm::V6_18),
        t("virtio", "TABLE", Some("rust_sample"))
    );
    // 6.18 ignores names without __kmod_, and the older forms.
    assert_eq!(p("__mod_device_table__pci__foo_ids", SymbolForm::V6_18), None);
    assert_eq!(p("__mod_pci__foo_ids_device_table", SymbolForm::V6_18), None);
}

fn hid_entry(vendor: u32, product: u32) -> Vec<(&'static str, usize, Vec<u8>)> {
    vec![
        ("bus", 0, 3u16.to_le_bytes().to_vec()),
        ("vendor", 0, vendor.to_le_bytes().to_vec()),
        ("product", 0, product.to_le_bytes().to_vec()),
    ]
}

fn hid_table(entries: &[(u32, u32)]) -> Vec<u8> {
    let l = layout("x86_64", (7, 2));
    let owned: Vec<Vec<(&str, usize, Vec<u8>)>> = entries.iter().map(|&(v, p)| hid_entry(v, p)).collect();
    let refs: Vec<Vec<(&str, usize, &[u8])>> =
        owned.iter().map(|e| e.iter().map(|(f, a, b)| (*f, *a, b.as_slice())).collect()).collect();
    let slices: Vec<&[(&str, usize, &[u8])]> = refs.iter().map(Vec::as_slice).collect();
    table(l, "hid_device_id", &slices)
}

#[test]
fn duplicates_are_dropped_from_6_13() {
    let data = hid_table(&[(0x46d, 0xc52b), (0x46d, 0xc52b), (1, 2)]);
    let l = layout("x86_64", (7, 2));
    let r = run_symbol(
        Rules::for_version(7, 2),
        l,
        MODULE,
        b"__mod_device_table__kmod_m__hid__ids",
        SymbolData::Bytes(&data),
        data.len() as u64,
    );
    assert_eq!(texts(&r), ["hid:b0003g*v0000046Dp0000C52B", "hid:b0003g*v00000001p00000002"]);
    let r = run_symbol(
        Rules::for_version(6, 12),
        l,
        MODULE,
        b"__mod_hid__ids_device_table",
        SymbolData::Bytes(&data),
        data.len() as u64,
    );
    assert_eq!(r.aliases.len(), 3);
}

#[test]
fn vmlinux_aliases_carry_their_builtin_module_from_6_18() {
    let data = hid_table(&[(1, 2)]);
    let l = layout("x86_64", (7, 2));
    let vmlinux = Module { name: "vmlinux", is_vmlinux: true, target: X86 };
    let r = run_symbol(
        Rules::for_version(7, 2),
        l,
        vmlinux,
        b"__mod_device_table__kmod_hid_generic__hid__ids",
        SymbolData::Bytes(&data),
        data.len() as u64,
    );
    assert_eq!(r.aliases.iter().next().unwrap().builtin_modname.as_deref(), Some(&b"hid_generic"[..]));
    let r = run_symbol(
        Rules::for_version(7, 2),
        l,
        MODULE,
        b"__mod_device_table__kmod_hid_generic__hid__ids",
        SymbolData::Bytes(&data),
        data.len() as u64,
    );
    assert_eq!(r.aliases.iter().next().unwrap().builtin_modname, None);
}

#[test]
fn nobits_tables_are_zeros_and_symbols_past_their_section_are_refused() {
    let l = layout("x86_64", (7, 2));
    // All zeros: the one entry before the terminator gives the all-wildcard alias.
    let r = run_symbol(
        Rules::for_version(7, 2),
        l,
        MODULE,
        b"__mod_device_table__kmod_m__virtio__ids",
        SymbolData::NoBits,
        16,
    );
    assert_eq!(texts(&r), ["virtio:d00000000v00000000*"]);
    let r = run_symbol(
        Rules::for_version(7, 2),
        l,
        MODULE,
        b"__mod_device_table__kmod_m__virtio__ids",
        SymbolData::Bytes(&[0; 8]),
        16,
    );
    assert_eq!(r.diags, [Diag::Fatal("drivers/x/mod: device table __mod_device_table__kmod_m__virtio__ids (16 bytes) runs past the end of its section\n".into())]);
    let r = run_symbol(
        Rules::for_version(7, 2),
        l,
        MODULE,
        b"__mod_device_table__kmod_m__virtio__ids",
        SymbolData::NoBits,
        1 << 40,
    );
    assert!(matches!(&r.diags[..], [Diag::Fatal(m)] if m.contains("NOBITS section claims")));
    // Not an object, or no section: skipped as modpost does.
    let mut aliases = AliasList::default();
    let mut diags = Vec::new();
    let sym = TableSymbol {
        name: b"__mod_device_table__kmod_m__virtio__ids",
        st_type: 2,
        st_size: 16,
        data: SymbolData::NoBits,
    };
    handle_moddevtable(&Rules::for_version(7, 2), &MODULE, &sym, || Ok(l), &mut aliases, &mut diags);
    let sym = TableSymbol { st_type: STT_OBJECT, data: SymbolData::NoSection, ..sym };
    handle_moddevtable(&Rules::for_version(7, 2), &MODULE, &sym, || Ok(l), &mut aliases, &mut diags);
    assert!(aliases.is_empty() && diags.is_empty());
}

#[test]
fn the_layout_is_asked_for_only_for_known_table_types() {
    let mut aliases = AliasList::default();
    let mut diags = Vec::new();
    for name in [&b"printk"[..], b"__mod_device_table__kmod_m__nosuchbus__ids", b"__mod_device_table__kmod_m__mcb__ids"]
    {
        let sym = TableSymbol { name, st_type: STT_OBJECT, st_size: 16, data: SymbolData::NoBits };
        handle_moddevtable(
            &Rules::for_version(6, 18),
            &MODULE,
            &sym,
            || -> Result<&Layout, Diag> { panic!("asked") },
            &mut aliases,
            &mut diags,
        );
    }
    let sym = TableSymbol {
        name: b"__mod_device_table__kmod_m__hid__ids",
        st_type: STT_OBJECT,
        st_size: 24,
        data: SymbolData::NoBits,
    };
    handle_moddevtable(
        &Rules::for_version(7, 2),
        &MODULE,
        &sym,
        || Err(Diag::Fatal("no layout\n".into())),
        &mut aliases,
        &mut diags,
    );
    assert_eq!(diags, [Diag::Fatal("no layout\n".into())]);
}

#[test]
fn input_bitmaps_follow_the_word_size_and_byte_order() {
    // A 32-bit big-endian target: kernel_ulong_t is 4 bytes, bit 0x21 is in word 1.
    let mut l = String::from("#define SIZE_input_device_id 160\n");
    for (i, f) in ["flags", "bustype", "vendor", "product", "version"].iter().enumerate() {
        l += &format!("#define OFF_input_device_id_{f} {}\n", [0, 4, 6, 8, 10][i]);
    }
    for (i, f) in
        ["evbit", "keybit", "relbit", "absbit", "mscbit", "ledbit", "sndbit", "ffbit", "swbit"].iter().enumerate()
    {
        l += &format!("#define OFF_input_device_id_{f} {}\n", 12 + 12 * i);
    }
    let l = Layout::parse(l.as_bytes()).unwrap();
    let mut t = vec![0u8; 320];
    t[0..4].copy_from_slice(&0x1080u32.to_be_bytes()); // flags: ABSBIT | SWBIT
    t[12 + 36 + 4..12 + 36 + 8].copy_from_slice(&2u32.to_be_bytes()); // absbit bit 0x21
    t[12 + 96..12 + 100].copy_from_slice(&(1u32 << 17).to_be_bytes()); // swbit bit 0x11
    let be32 = Module { target: Target { word_bytes: 4, big_endian: true }, ..MODULE };
    let r = run_symbol(
        Rules::for_version(7, 2),
        &l,
        be32,
        b"__mod_device_table__kmod_m__input__ids",
        SymbolData::Bytes(&t),
        320,
    );
    assert_eq!(texts(&r), ["input:b*v*p*e*-e*k*r*a*21,*m*l*s*f*w*11,*"]);
    // 6.12 stops at switch 0x10.
    let r =
        run_symbol(Rules::for_version(6, 12), &l, be32, b"__mod_input__ids_device_table", SymbolData::Bytes(&t), 320);
    assert_eq!(texts(&r), ["input:b*v*p*e*-e*k*r*a*21,*m*l*s*f*w*"]);
}

#[test]
fn an_alias_line_of_500_bytes_is_fatal_while_reading_in_6_12() {
    let l = layout("x86_64", (6, 12));
    // An of_device_id whose strings run on: 480 bytes of compatible, no NUL in the entry.
    let size = l.size("of_device_id").unwrap() as usize;
    let mut t = vec![0u8; 4 * size];
    let compat = l.offset("of_device_id", "compatible").unwrap() as usize;
    t[compat..compat + 480].fill(b'x');
    t[size * 3..].fill(0);
    let r = run_symbol(
        Rules::for_version(6, 12),
        l,
        MODULE,
        b"__mod_of__ids_device_table",
        SymbolData::Bytes(&t),
        (4 * size) as u64,
    );
    let [Diag::Fatal(m)] = &r.diags[..] else { panic!("{:?}", r.diags) };
    assert!(m.starts_with("buf_printf output truncated for string MODULE_ALIAS(\"of:N*T*Cxxx"), "{m}");
    assert!(m.ends_with(": 507 bytes needed, 500 available\n"), "{m}");
    // 6.13+ keeps the alias; the .mod.c writer applies the limit.
    let r = run_symbol(
        Rules::for_version(7, 2),
        layout("x86_64", (7, 2)),
        MODULE,
        b"__mod_device_table__kmod_m__of__ids",
        SymbolData::Bytes(&t),
        (4 * size) as u64,
    );
    assert!(r.diags.is_empty());
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed = 0x9E3779B97F4A7C15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (version, arch) in [((6, 12), "x86_64"), ((7, 2), "arm64")] {
        let l = layout(arch, version);
        for t in tables::all() {
            for _ in 0..20 {
                let len = (next() % 700) as usize;
                let data: Vec<u8> = (0..len).map(|_| if next() % 3 == 0 { 0 } else { next() as u8 }).collect();
                let size = next() % 800;
                let name = format!("__mod_device_table__kmod_m__{}__t", t.name);
                for rules in [Rules::for_version(6, 12), Rules::for_version(7, 2)] {
                    let target =
                        Target { word_bytes: if next() % 2 == 0 { 4 } else { 8 }, big_endian: next() % 2 == 0 };
                    let m = Module { target, ..MODULE };
                    let old = format!("__mod_{}__t_device_table", t.name);
                    let n = if rules.symbol_form == SymbolForm::V6_12 { old.as_bytes() } else { name.as_bytes() };
                    let _ = run_symbol(rules, l, m, n, SymbolData::Bytes(&data), size);
                }
            }
        }
    }
}
