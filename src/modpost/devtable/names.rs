//! Tables matched by names and UUIDs: OF compatibles, ACPI/PnP ids, the `<bus>:<name>`
//! tables and the GUID-keyed buses, as `file2alias.c` formats them.

use std::io::Write as _;

use super::entry::{add8, cat, is_c_space, Emitter, Entry};

/// `of:N<name>T<type>[*C<compatible>]`, then the same with `C*` appended. Whitespace
/// anywhere becomes `_` (compatibles like `"simple bus"`).
pub(super) fn of(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (name, typ, compatible) = (e.cstr("name"), e.cstr("type"), e.cstr("compatible"));
    let star: &[u8] = b"*";
    let mut a =
        cat(&[b"of:N", if name.is_empty() { star } else { name }, b"T", if typ.is_empty() { star } else { typ }]);
    if !compatible.is_empty() {
        if !typ.is_empty() {
            a.push(b'*');
        }
        a.push(b'C');
        a.extend_from_slice(compatible);
    }
    for b in &mut a {
        if is_c_space(*b) {
            *b = b'_';
        }
    }
    let with_c = cat(&[&a, b"C*"]);
    em.alias(a, false);
    em.alias(with_c, false);
}

/// `acpi*:<id>:*`, or for a class match `acpi*:bbsspp:*` with `??` for masked bytes.
pub(super) fn acpi(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let id = e.cstr("id");
    if !id.is_empty() {
        em.alias(cat(&[b"acpi*:", id, b":*"]), false);
        return;
    }
    let (cls, mask) = (e.u32("cls"), e.u32("cls_msk"));
    let mut a = b"acpi*:".to_vec();
    for shift in [16, 8, 0] {
        if (mask >> shift) & 0xff != 0 {
            let _ = write!(a, "{:02x}", (cls >> shift) & 0xff);
        } else {
            a.extend_from_slice(b"??");
        }
    }
    a.extend_from_slice(b":*");
    em.alias(a, false);
}

/// `PNP_ID_LEN`: an id's `toupper()` copy is this long (and not NUL-terminated when the
/// id fills it; modpost then reads on into its stack, thinpost stops).
const PNP_ID_LEN: usize = 8;
/// `PNP_MAX_DEVICES` in a `pnp_card_device_id`.
const PNP_MAX_DEVICES: usize = 8;

/// The two aliases of one PnP id: `pnp:d<id>*` and, because the pnp bus lower-cases,
/// `acpi*:<ID>:*`.
fn pnp_id(em: &mut Emitter<'_>, id: &[u8]) {
    let upper: Vec<u8> = id.iter().take(PNP_ID_LEN).map(u8::to_ascii_uppercase).collect();
    em.alias(cat(&[b"pnp:d", id, b"*"]), false);
    em.alias(cat(&[b"acpi*:", &upper, b":*"]), false);
}

/// `pnp:dD` and `acpi*:D:*`
pub(super) fn pnp(em: &mut Emitter<'_>, e: &Entry<'_>) {
    pnp_id(em, e.cstr("id"));
}

/// Every device id of a PnP card, up to the first empty one. Before 6.13 an id already
/// listed by an earlier entry of the table is skipped (6.13 deduplicates all aliases).
pub(super) fn pnp_card(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let devs = |entry: &Entry<'_>| -> Vec<Vec<u8>> {
        let base = entry.offset("devs");
        (0..PNP_MAX_DEVICES)
            .map(|j| entry.cstr_at(base + j * PNP_ID_LEN).to_vec())
            .take_while(|id| !id.is_empty())
            .collect()
    };
    for id in devs(e) {
        let seen_before = !em.rules.dedupe_aliases && (0..e.index()).any(|i| devs(&e.sibling(i)).contains(&id));
        if !seen_before {
            pnp_id(em, &id);
        }
    }
}

/// `vio:T<type>S<compat>*`, whitespace as `_`
pub(super) fn vio(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let (typ, compat) = (e.cstr("type"), e.cstr("compat"));
    let star: &[u8] = b"*";
    let mut a =
        cat(&[b"vio:T", if typ.is_empty() { star } else { typ }, b"S", if compat.is_empty() { star } else { compat }]);
    for b in &mut a {
        if is_c_space(*b) {
            *b = b'_';
        }
    }
    em.alias(a, true);
}

/// `eisa:s<sig>*`
pub(super) fn eisa(em: &mut Emitter<'_>, e: &Entry<'_>) {
    em.alias(cat(&[b"eisa:s", e.cstr("sig"), b"*"]), false);
}

/// `vmbus:` and the GUID's 16 bytes in lower-case hex, in memory order
pub(super) fn vmbus(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = b"vmbus:".to_vec();
    for b in e.bytes::<16>("guid") {
        let _ = write!(a, "{b:02x}");
    }
    em.alias(a, false);
}

/// `<prefix><name>` for the tables whose alias is a name (`i2c:`, `spi:`, `platform:`,
/// `rpmsg:`, `auxiliary:`, `vchiq:`, `mhi:`, `mhi_ep:`).
fn named(em: &mut Emitter<'_>, prefix: &[u8], name: &[u8]) {
    em.alias(cat(&[prefix, name]), false);
}

pub(super) fn rpmsg(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"rpmsg:", e.cstr("name"));
}

pub(super) fn i2c(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"i2c:", e.cstr("name"));
}

pub(super) fn spi(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"spi:", e.cstr("name"));
}

pub(super) fn platform(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"platform:", e.cstr("name"));
}

pub(super) fn auxiliary(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"auxiliary:", e.cstr("name"));
}

pub(super) fn vchiq(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"vchiq:", e.cstr("name"));
}

pub(super) fn mhi(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"mhi:", e.cstr("chan"));
}

pub(super) fn mhi_ep(em: &mut Emitter<'_>, e: &Entry<'_>) {
    named(em, b"mhi_ep:", e.cstr("chan"));
}

/// A GUID as `add_uuid()` (lower-case) or `add_guid()` (upper-case) print it: the first
/// three groups byte-swapped (little-endian), the rest in memory order.
fn guid_text(b: &[u8; 16], upper: bool) -> Vec<u8> {
    let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    let mut s = Vec::with_capacity(36);
    for (k, &i) in order.iter().enumerate() {
        if matches!(k, 4 | 6 | 8 | 10) {
            s.push(b'-');
        }
        let _ = if upper { write!(s, "{:02X}", b[i]) } else { write!(s, "{:02x}", b[i]) };
    }
    s
}

/// `mei:<name>:<uuid>:<version>:*`
pub(super) fn mei(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let name = e.cstr("name");
    let mut a = cat(&[b"mei:", if name.is_empty() { b"*" } else { name }, b":"]);
    a.extend(guid_text(&e.bytes::<16>("uuid"), false));
    let version = e.u8("version");
    add8(&mut a, ":", version != 0xff, version);
    a.extend_from_slice(b":*");
    em.alias(a, false);
}

/// `tee:<uuid>*`, the UUID's bytes in memory order
pub(super) fn tee(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let mut a = b"tee:".to_vec();
    for (i, b) in e.bytes::<16>("uuid").iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            a.push(b'-');
        }
        let _ = write!(a, "{b:02x}");
    }
    em.alias(a, true);
}

/// `ishtp:{<GUID>}`
pub(super) fn ishtp(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let guid = guid_text(&e.bytes::<16>("guid"), true);
    em.alias(cat(&[b"ishtp:{", &guid, b"}"]), false);
}

/// `UUID_STRING_LEN`
const UUID_STRING_LEN: usize = 36;

/// `wmi:<GUID>`. The string must be 36 characters; from 7.2 it must also look like a
/// GUID, and is upper-cased.
pub(super) fn wmi(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let guid = e.cstr("guid_string");
    if guid.len() != UUID_STRING_LEN {
        em.warn(format!("Invalid WMI device id 'wmi:{}' in '{}'\n", String::from_utf8_lossy(guid), em.modname));
        return;
    }
    if !em.rules.wmi_guid_check {
        em.alias(cat(&[b"wmi:", guid]), false);
        return;
    }
    let mut upper = Vec::with_capacity(UUID_STRING_LEN);
    for (i, &c) in guid.iter().enumerate() {
        let valid = if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { c.is_ascii_hexdigit() };
        if !valid {
            em.warn(format!(
                "Invalid character {} inside WMI GUID string '{}' in '{}'\n",
                String::from_utf8_lossy(&[c]),
                String::from_utf8_lossy(guid),
                em.modname
            ));
            return;
        }
        upper.push(c.to_ascii_uppercase());
    }
    em.alias(cat(&[b"wmi:", &upper]), false);
}
