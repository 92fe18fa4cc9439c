//! Tables matched by numbers: `do_<type>_entry()` of `file2alias.c` for the bus types
//! whose aliases are made of hexadecimal fields (`ADD()`), in the kernel's order.

use std::io::Write as _;

use super::entry::{add16, add32, add8, bytes_fmt, Emitter, Entry};

/// `hid:bNgNvNpN`
pub(super) fn hid(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (bus, group, vendor, product) = (e.u16("bus"), e.u16("group"), e.u32("vendor"), e.u32("product"));
    let mut a = b"hid:".to_vec();
    add16(&mut a, "b", bus != 0xffff, bus);
    add16(&mut a, "g", group != 0, group);
    add32(&mut a, "v", vendor != u32::MAX, vendor);
    add32(&mut a, "p", product != u32::MAX, product);
    em.alias(a, false);
}

/// `ieee1394:venNmoNspNverN`
pub(super) fn ieee1394(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u32("match_flags");
    let mut a = b"ieee1394:".to_vec();
    add32(&mut a, "ven", flags & 0x1 != 0, e.u32("vendor_id"));
    add32(&mut a, "mo", flags & 0x2 != 0, e.u32("model_id"));
    add32(&mut a, "sp", flags & 0x4 != 0, e.u32("specifier_id"));
    add32(&mut a, "ver", flags & 0x8 != 0, e.u32("version"));
    em.alias(a, true);
}

/// `pci:vNdNsvNsdNbcNscNiN`, or `vfio_pci:…` for `PCI_ID_F_VFIO_DRIVER_OVERRIDE`.
pub(super) fn pci(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let override_only = e.u32("override_only");
    let mut a = match override_only {
        0 => b"pci:".to_vec(),
        1 => b"vfio_pci:".to_vec(),
        other => {
            em.warn(format!("Unknown PCI driver_override alias {other:08X}\n"));
            if !em.rules.pci_unknown_override_continues {
                return;
            }
            // 6.13+ falls through and strcat()s onto an uninitialised buffer; what precedes
            // the fields is whatever was on modpost's stack. thinpost leaves it empty.
            Vec::new()
        }
    };
    let (class, class_mask) = (e.u32("class"), e.u32("class_mask"));
    add32(&mut a, "v", e.u32("vendor") != u32::MAX, e.u32("vendor"));
    add32(&mut a, "d", e.u32("device") != u32::MAX, e.u32("device"));
    add32(&mut a, "sv", e.u32("subvendor") != u32::MAX, e.u32("subvendor"));
    add32(&mut a, "sd", e.u32("subdevice") != u32::MAX, e.u32("subdevice"));
    let (base, sub, interface) = ((class >> 16) as u8, (class >> 8) as u8, class as u8);
    let (base_mask, sub_mask, interface_mask) = ((class_mask >> 16) as u8, (class_mask >> 8) as u8, class_mask as u8);
    if [base_mask, sub_mask, interface_mask].iter().any(|&m| m != 0 && m != 0xff) {
        em.warn(format!("Can't handle masks in {}:{class_mask:04X}\n", em.modname));
        return;
    }
    add8(&mut a, "bc", base_mask == 0xff, base);
    add8(&mut a, "sc", sub_mask == 0xff, sub);
    add8(&mut a, "i", interface_mask == 0xff, interface);
    em.alias(a, true);
}

/// `ccw:tNmNdtNdmN` (s390)
pub(super) fn ccw(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u16("match_flags");
    let mut a = b"ccw:".to_vec();
    add16(&mut a, "t", flags & 0x1 != 0, e.u16("cu_type"));
    add8(&mut a, "m", flags & 0x2 != 0, e.u8("cu_model"));
    add16(&mut a, "dt", flags & 0x4 != 0, e.u16("dev_type"));
    add8(&mut a, "dm", flags & 0x8 != 0, e.u8("dev_model"));
    em.alias(a, true);
}

/// `ap:tN` (s390)
pub(super) fn ap(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("ap:t{:02X}*", e.u8("dev_type")), false);
}

/// `css:tN` (s390)
pub(super) fn css(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("css:t{:01X}", e.u8("type")), false);
}

/// `serio:tyNprNidNexN`
pub(super) fn serio(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = b"serio:".to_vec();
    for (sep, field) in [("ty", "type"), ("pr", "proto"), ("id", "id"), ("ex", "extra")] {
        let v = e.u8(field);
        add8(&mut a, sep, v != 0xff, v);
    }
    em.alias(a, true);
}

/// `pcmcia:mNcNfNfnNpfnNpaNpbNpcNpdN`
pub(super) fn pcmcia(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u16("match_flags");
    let mut a = b"pcmcia:".to_vec();
    add16(&mut a, "m", flags & 0x1 != 0, e.u16("manf_id"));
    add16(&mut a, "c", flags & 0x2 != 0, e.u16("card_id"));
    add8(&mut a, "f", flags & 0x4 != 0, e.u8("func_id"));
    add8(&mut a, "fn", flags & 0x8 != 0, e.u8("function"));
    add8(&mut a, "pfn", flags & 0x100 != 0, e.u8("device_no"));
    for (i, sep) in ["pa", "pb", "pc", "pd"].into_iter().enumerate() {
        add32(&mut a, sep, flags & (0x10 << i) != 0, e.u32_at("prod_id_hash", i));
    }
    em.alias(a, true);
}

/// `parisc:tNhvNrevNsvN`
pub(super) fn parisc(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (hw_type, hversion, rev, sversion) =
        (e.u8("hw_type"), e.u16("hversion"), e.u8("hversion_rev"), e.u32("sversion"));
    let mut a = b"parisc:".to_vec();
    add8(&mut a, "t", hw_type != 0xff, hw_type);
    add16(&mut a, "hv", hversion != 0xffff, hversion);
    add8(&mut a, "rev", rev != 0xff, rev);
    add32(&mut a, "sv", sversion != u32::MAX, sversion);
    em.alias(a, true);
}

/// `sdio:cNvNdN`
pub(super) fn sdio(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (class, vendor, device) = (e.u8("class"), e.u16("vendor"), e.u16("device"));
    let mut a = b"sdio:".to_vec();
    add8(&mut a, "c", class != 0xff, class);
    add16(&mut a, "v", vendor != 0xffff, vendor);
    add16(&mut a, "d", device != 0xffff, device);
    em.alias(a, true);
}

/// `ssb:vNidNrevN`
pub(super) fn ssb(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (vendor, coreid, revision) = (e.u16("vendor"), e.u16("coreid"), e.u8("revision"));
    let mut a = b"ssb:".to_vec();
    add16(&mut a, "v", vendor != 0xffff, vendor);
    add16(&mut a, "id", coreid != 0xffff, coreid);
    add8(&mut a, "rev", revision != 0xff, revision);
    em.alias(a, true);
}

/// `bcma:mNidNrevNclN`
pub(super) fn bcma(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (manuf, id, rev, class) = (e.u16("manuf"), e.u16("id"), e.u8("rev"), e.u8("class"));
    let mut a = b"bcma:".to_vec();
    add16(&mut a, "m", manuf != 0xffff, manuf);
    add16(&mut a, "id", id != 0xffff, id);
    add8(&mut a, "rev", rev != 0xff, rev);
    add8(&mut a, "cl", class != 0xff, class);
    em.alias(a, true);
}

/// `virtio:dNvN`
pub(super) fn virtio(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (device, vendor) = (e.u32("device"), e.u32("vendor"));
    let mut a = b"virtio:".to_vec();
    add32(&mut a, "d", device != u32::MAX, device);
    add32(&mut a, "v", vendor != u32::MAX, vendor);
    em.alias(a, true);
}

/// `i3c:dcrNmanufNpartNextN`
pub(super) fn i3c(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u8("match_flags");
    let mut a = b"i3c:".to_vec();
    add8(&mut a, "dcr", flags & 0x1 != 0, e.u8("dcr"));
    add16(&mut a, "manuf", flags & 0x2 != 0, e.u16("manuf_id"));
    add16(&mut a, "part", flags & 0x4 != 0, e.u16("part_id"));
    add16(&mut a, "ext", flags & 0x8 != 0, e.u16("extra_info"));
    em.alias(a, false);
}

/// `slim:N:N:*` (lower-case hex, no padding)
pub(super) fn slim(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("slim:{:x}:{:x}:*", e.u16("manf_id"), e.u16("prod_code")), false);
}

/// `mdio:` and 32 bits, each `0`, `1` or `?` (masked off)
pub(super) fn mdio(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (id, mask) = (e.u32("phy_id"), e.u32("phy_id_mask"));
    let mut a = b"mdio:".to_vec();
    a.extend((0..32).rev().map(|bit| match ((mask >> bit) & 1, (id >> bit) & 1) {
        (0, _) => b'?',
        (_, 1) => b'1',
        _ => b'0',
    }));
    em.alias(a, false);
}

/// `zorro:iN`
pub(super) fn zorro(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let id = e.u32("id");
    let mut a = b"zorro:".to_vec();
    add32(&mut a, "i", id != u32::MAX, id);
    em.alias(a, false);
}

/// `pnp:dXXXnnnn*` from an ISA PnP vendor/function pair
pub(super) fn isapnp(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (vendor, function) = (u32::from(e.u16("vendor")), u32::from(e.u16("function")));
    let letter = |v: u32| (b'A' as u32 + v).wrapping_sub(1) as u8;
    let mut a = b"pnp:d".to_vec();
    a.push(letter((vendor >> 2) & 0x3f));
    a.push(letter(((vendor & 3) << 3) | ((vendor >> 13) & 7)));
    a.push(letter((vendor >> 8) & 0x1f));
    let _ = write!(
        a,
        "{:x}{:x}{:x}{:x}*",
        (function >> 4) & 0xf,
        function & 0xf,
        (function >> 12) & 0xf,
        (function >> 8) & 0xf
    );
    em.alias(a, false);
}

/// `ipack:fNvNdN`
pub(super) fn ipack(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (format, vendor, device) = (e.u8("format"), e.u32("vendor"), e.u32("device"));
    let mut a = b"ipack:".to_vec();
    add8(&mut a, "f", format != 0xff, format);
    add32(&mut a, "v", vendor != u32::MAX, vendor);
    add32(&mut a, "d", device != u32::MAX, device);
    em.alias(a, true);
}

/// `amba:dN`: eight digits, each a hex digit, `?`, or a `[...]` of the digits the mask
/// allows (`append_nibble_mask()`).
pub(super) fn amba(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (id, mask) = (e.u32("id"), e.u32("mask"));
    if id & mask != id {
        em.fatal(format!(
            "{}: Masked-off bit(s) of AMBA device ID are non-zero: id=0x{id:08X}, mask=0x{mask:08X}.  Please fix this driver.\n",
            em.modname
        ));
        return;
    }
    let mut a = b"amba:d".to_vec();
    for digit in (0..8).rev() {
        let (nibble, m) = ((id >> (4 * digit)) & 0xf, (mask >> (4 * digit)) & 0xf);
        match m {
            0 => a.push(b'?'),
            0xf => {
                let _ = write!(a, "{nibble:X}");
            }
            _ => {
                a.push(b'[');
                for i in (0..0x10).filter(|i| i & m == nibble) {
                    let _ = write!(a, "{i:X}");
                }
                a.push(b']');
            }
        }
    }
    em.alias(a, false);
}

/// `mipscdmm:tN*`
pub(super) fn mips_cdmm(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("mipscdmm:t{:02X}*", e.u8("type")), false);
}

/// `cpu:type:x86,venNfamNmodN:feature:*N*`
pub(super) fn x86cpu(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (feature, family, model, vendor) = (e.u16("feature"), e.u16("family"), e.u16("model"), e.u16("vendor"));
    let mut a = b"cpu:type:x86,".to_vec();
    add16(&mut a, "ven", vendor != 0xffff, vendor);
    add16(&mut a, "fam", family != 0, family);
    add16(&mut a, "mod", model != 0, model);
    a.extend_from_slice(b":feature:*");
    if feature != 0 {
        let _ = write!(a, "{feature:04X}*");
    }
    em.alias(a, false);
}

/// `cpu:type:*:feature:*N*`
pub(super) fn cpu(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("cpu:type:*:feature:*{:04X}*", e.u16("feature")), false);
}

/// `mcb:16zN` (decimal; 6.19+)
pub(super) fn mcb(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("mcb:16z{:03}", e.u16("device")), false);
}

/// `rapidio:vNdNavNadN`
pub(super) fn rio(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = b"rapidio:".to_vec();
    for (sep, field) in [("v", "vid"), ("d", "did"), ("av", "asm_vid"), ("ad", "asm_did")] {
        let v = e.u16(field);
        add16(&mut a, sep, v != 0xffff, v);
    }
    em.alias(a, true);
}

/// `ulpi:vNpN` (lower-case hex)
pub(super) fn ulpi(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("ulpi:v{:04x}p{:04x}", e.u16("vendor"), e.u16("product")), false);
}

/// `hdaudio:vNrNaN`
pub(super) fn hda(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (vendor, rev, api) = (e.u32("vendor_id"), e.u32("rev_id"), e.u8("api_version"));
    let mut a = b"hdaudio:".to_vec();
    add32(&mut a, "v", vendor != 0, vendor);
    add32(&mut a, "r", rev != 0, rev);
    add8(&mut a, "a", api != 0, api);
    em.alias(a, true);
}

/// `sdw:mNpNvNcN`
pub(super) fn sdw(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (mfg, part, version, class) = (e.u16("mfg_id"), e.u16("part_id"), e.u8("sdw_version"), e.u8("class_id"));
    let mut a = b"sdw:".to_vec();
    add16(&mut a, "m", mfg != 0, mfg);
    add16(&mut a, "p", part != 0, part);
    add8(&mut a, "v", version != 0, version);
    add8(&mut a, "c", class != 0, class);
    em.alias(a, true);
}

/// `fsl-mc:vNdS`
pub(super) fn fsl_mc(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = bytes_fmt!("fsl-mc:v{:08X}d", e.u16("vendor"));
    a.extend_from_slice(e.cstr("obj_type"));
    em.alias(a, false);
}

/// `tbsvc:kSpNvNrN` (Thunderbolt services)
pub(super) fn tbsvc(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u32("match_flags");
    let mut a = b"tbsvc:k".to_vec();
    if flags & 0x1 != 0 {
        a.extend_from_slice(e.cstr("protocol_key"));
    } else {
        a.push(b'*');
    }
    add32(&mut a, "p", flags & 0x2 != 0, e.u32("protocol_id"));
    add32(&mut a, "v", flags & 0x4 != 0, e.u32("protocol_version"));
    add32(&mut a, "r", flags & 0x8 != 0, e.u32("protocol_revision"));
    em.alias(a, true);
}

/// `typec:idN` (6.14+)
pub(super) fn typec(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("typec:id{:04X}", e.u16("svid")), false);
}

/// `typec:idNmN` (before 6.14)
pub(super) fn typec_with_mode(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = bytes_fmt!("typec:id{:04X}", e.u16("svid"));
    let mode = e.u8("mode");
    add8(&mut a, "m", mode != 0x7, mode);
    em.alias(a, false);
}

/// `ssam:dNcNtNiNfN` (Surface System Aggregator Module)
pub(super) fn ssam(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u8("match_flags");
    let mut a = bytes_fmt!("ssam:d{:02X}c{:02X}", e.u8("domain"), e.u8("category"));
    add8(&mut a, "t", flags & 0x1 != 0, e.u8("target"));
    add8(&mut a, "i", flags & 0x2 != 0, e.u8("instance"));
    add8(&mut a, "f", flags & 0x4 != 0, e.u8("function"));
    em.alias(a, false);
}

/// `dfl:tNfN`
pub(super) fn dfl(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("dfl:t{:04X}f{:04X}", e.u16("type"), e.u16("feature_id")), true);
}

/// `cdx:vNdNsvNsdNcN`, or `vfio_cdx:…`
pub(super) fn cdx(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = match e.u32("override_only") {
        0 => b"cdx:".to_vec(),
        1 => b"vfio_cdx:".to_vec(),
        other => {
            em.warn(format!("Unknown CDX driver_override alias {other:08X}\n"));
            return;
        }
    };
    for (sep, field) in [("v", "vendor"), ("d", "device"), ("sv", "subvendor"), ("sd", "subdevice")] {
        let v = e.u16(field);
        add16(&mut a, sep, v != 0xffff, v);
    }
    add32(&mut a, "c", e.u32("class_mask") == 0xff_ffff, e.u32("class"));
    em.alias(a, false);
}

/// `coreboot:tN`
pub(super) fn coreboot(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(bytes_fmt!("coreboot:t{:08X}", e.u32("tag")), false);
}
