//! USB: `usb:vNpNdNdcNdscNdpNicNiscNipNinN`. An entry's bcdDevice range becomes one or more
//! fnmatch patterns (`do_usb_entry_multi()`), so one entry can give several aliases.
//! The arithmetic is modpost's, in its C types (`unsigned int` ranges, `unsigned char`
//! digits), so odd ranges give the same patterns.

use std::io::Write as _;

use super::entry::{add16, add8, Emitter, Entry};

const MATCH_VENDOR: u16 = 0x0001;
const MATCH_PRODUCT: u16 = 0x0002;
const MATCH_DEV_LO: u16 = 0x0004;
const MATCH_DEV_HI: u16 = 0x0008;
const MATCH_DEV_CLASS: u16 = 0x0010;
const MATCH_DEV_SUBCLASS: u16 = 0x0020;
const MATCH_DEV_PROTOCOL: u16 = 0x0040;
const MATCH_INT_CLASS: u16 = 0x0080;
const MATCH_INT_SUBCLASS: u16 = 0x0100;
const MATCH_INT_PROTOCOL: u16 = 0x0200;
const MATCH_INT_NUMBER: u16 = 0x0400;

/// Hex digits of `bcdDevice_lo` (`sizeof(__u16) * 2`).
const DIGITS: i32 = 4;

/// `do_usb_entry()`: one pattern, `bcd_digits` leading digits of `bcd_initial` followed
/// by a digit range.
fn usb_alias(em: &mut Emitter<'_>, e: &Entry<'_>, bcd_initial: u32, bcd_digits: i32, lo: u8, hi: u8, max: u8) {
    let flags = e.u16("match_flags");
    let mut a = b"usb:".to_vec();
    add16(&mut a, "v", flags & MATCH_VENDOR != 0, e.u16("idVendor"));
    add16(&mut a, "p", flags & MATCH_PRODUCT != 0, e.u16("idProduct"));
    a.push(b'd');
    if bcd_digits != 0 {
        let width = bcd_digits.max(0) as usize;
        let _ = write!(a, "{bcd_initial:0width$X}");
    }
    if lo == hi {
        let _ = write!(a, "{lo:X}");
    } else if lo > 0 || hi < max {
        if lo > 0x9 || hi < 0xa {
            let _ = write!(a, "[{lo:X}-{hi:X}]");
        } else {
            let _ = if lo < 0x9 { write!(a, "[{lo:X}-9") } else { write!(a, "[{lo:X}") };
            let _ = if hi > 0xa { write!(a, "A-{hi:X}]") } else { write!(a, "{hi:X}]") };
        }
    }
    if bcd_digits < DIGITS - 1 {
        a.push(b'*');
    }
    add8(&mut a, "dc", flags & MATCH_DEV_CLASS != 0, e.u8("bDeviceClass"));
    add8(&mut a, "dsc", flags & MATCH_DEV_SUBCLASS != 0, e.u8("bDeviceSubClass"));
    add8(&mut a, "dp", flags & MATCH_DEV_PROTOCOL != 0, e.u8("bDeviceProtocol"));
    add8(&mut a, "ic", flags & MATCH_INT_CLASS != 0, e.u8("bInterfaceClass"));
    add8(&mut a, "isc", flags & MATCH_INT_SUBCLASS != 0, e.u8("bInterfaceSubClass"));
    add8(&mut a, "ip", flags & MATCH_INT_PROTOCOL != 0, e.u8("bInterfaceProtocol"));
    add8(&mut a, "in", flags & MATCH_INT_NUMBER != 0, e.u8("bInterfaceNumber"));
    em.alias(a, true);
}

/// `incbcd()`: adds `inc` to a BCD (or, when `max` > 9, plain hex) number of `chars`
/// digits and returns the old value.
fn incbcd(bcd: &mut u32, inc: i32, max: u8, chars: u32) -> u32 {
    let init = *bcd;
    if max > 0x9 {
        *bcd = bcd.wrapping_add_signed(inc);
        return init;
    }
    let mut dec: u64 = 0;
    for i in 0..chars {
        let c = u64::from((*bcd >> (i << 2)) & 0xf).min(9);
        dec = dec.wrapping_add(c * 10u64.pow(i));
    }
    // `dec += inc` on an unsigned long long: -1 wraps around.
    dec = dec.wrapping_add(inc as i64 as u64);
    *bcd = 0;
    for i in 0..chars {
        let c = (dec / 10u64.pow(i)) % 10;
        *bcd = bcd.wrapping_add((c << (i << 2)) as u32);
    }
    init
}

/// `do_usb_entry_multi()`
pub(super) fn usb(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.u16("match_flags");
    let (lo, hi) = (u32::from(e.u16("bcdDevice_lo")), u32::from(e.u16("bcdDevice_hi")));
    let mut devlo: u32 = if flags & MATCH_DEV_LO != 0 { lo } else { 0 };
    let mut devhi: u32 = if flags & MATCH_DEV_HI != 0 { hi } else { !0 };

    // Decimal (BCD) unless a digit of the range is above 9.
    let mut max: u8 = 0x9;
    for ndigits in 0..DIGITS {
        let clo = ((devlo >> (ndigits << 2)) & 0xf) as u8;
        let chi = ((devhi.min(0x9999) >> (ndigits << 2)) & 0xf) as u8;
        if clo > max || chi > max {
            max = 0xf;
            break;
        }
    }

    // Placeholder entries (visor) would give a catch-all alias.
    if e.u16("idVendor") | e.u16("idProduct") == 0 && e.u8("bDeviceClass") | e.u8("bInterfaceClass") == 0 {
        return;
    }

    let mut ndigits = DIGITS - 1;
    while devlo <= devhi {
        let clo = (devlo & 0xf) as u8;
        let chi = ((devhi & 0xf) as u8).min(max);
        devlo >>= 4;
        devhi >>= 4;
        if devlo == devhi || ndigits == 0 {
            usb_alias(em, e, devlo, ndigits, clo, chi, max);
            break;
        }
        if clo > 0 {
            let initial = incbcd(&mut devlo, 1, max, DIGITS as u32);
            usb_alias(em, e, initial, ndigits, clo, max, max);
        }
        if chi < max {
            let initial = incbcd(&mut devhi, -1, max, DIGITS as u32);
            usb_alias(em, e, initial, ndigits, 0, chi, max);
        }
        ndigits -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::incbcd;

    #[test]
    fn bcd_steps() {
        let mut v = 0x0199;
        assert_eq!(incbcd(&mut v, 1, 9, 4), 0x0199);
        assert_eq!(v, 0x0200);
        let mut v = 0x0200;
        incbcd(&mut v, -1, 9, 4);
        assert_eq!(v, 0x0199);
        // Below zero wraps through unsigned long long: ...551615 keeps its last four digits.
        let mut v = 0;
        incbcd(&mut v, -1, 9, 4);
        assert_eq!(v, 0x1615);
        let mut v = 0;
        incbcd(&mut v, -1, 0xf, 4);
        assert_eq!(v, u32::MAX);
    }
}
