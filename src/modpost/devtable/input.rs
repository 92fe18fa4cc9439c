//! The two alias forms built in fixed buffers: `input:` (one entry per set bit of nine
//! `kernel_ulong_t` bitmaps) and `dmi*:` (filtered DMI match strings). From 7.1 their
//! 256-byte buffers are checked and an overflow is fatal; before, modpost wrote past them
//! (thinpost then keeps the whole alias).

use super::entry::{add16, bytes_fmt, Emitter, Entry};

/// The 7.1 buffer size of `do_input_entry()` and `do_dmi_entry()`.
const ALIAS_BUF: usize = 256;

/// An alias being built with `alias_append()`'s checks (7.1+) or without (before).
struct Buf {
    text: Vec<u8>,
    checked: bool,
}

impl Buf {
    /// `alias_append()`: false once modpost would have ended (the fatal is emitted).
    fn append(&mut self, em: &mut Emitter<'_>, piece: &[u8]) -> bool {
        if self.checked {
            let len = self.text.len();
            if len >= ALIAS_BUF {
                em.fatal(format!("alias buffer ({ALIAS_BUF}) overflow before append\n"));
                return false;
            }
            if piece.len() >= ALIAS_BUF - len {
                em.fatal(format!(
                    "alias buffer ({ALIAS_BUF}) overflow on append (need {}, have {})\n",
                    piece.len(),
                    ALIAS_BUF - len
                ));
                return false;
            }
        }
        self.text.extend_from_slice(piece);
        true
    }
}

const EV_MAX: u32 = 0x1f;
const KEY_MIN_INTERESTING: u32 = 0x71;
const KEY_MAX: u32 = 0x2ff;
const REL_MAX: u32 = 0x0f;
const ABS_MAX: u32 = 0x3f;
const MSC_MAX: u32 = 0x07;
const LED_MAX: u32 = 0x0f;
const SND_MAX: u32 = 0x07;
const FF_MAX: u32 = 0x7f;

/// `input:bNvNpNeN-e*…k*…r*…a*…m*…l*…s*…f*…w*…`, each set bit as `%X,*`.
pub(super) fn input(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let flags = e.word("flags");
    let mut head = Vec::new();
    add16(&mut head, "b", flags & 0x1 != 0, e.u16("bustype"));
    add16(&mut head, "v", flags & 0x2 != 0, e.u16("vendor"));
    add16(&mut head, "p", flags & 0x4 != 0, e.u16("product"));
    add16(&mut head, "e", flags & 0x8 != 0, e.u16("version"));
    let mut buf = Buf { text: head, checked: em.rules.alias_buffer_checks };
    let bits_per_long = (e.target().word_bytes * 8) as u32;
    let maps: [(&[u8], &str, u64, u32, u32); 9] = [
        (b"-e*", "evbit", 0x0010, 0, EV_MAX),
        (b"k*", "keybit", 0x0020, KEY_MIN_INTERESTING, KEY_MAX),
        (b"r*", "relbit", 0x0040, 0, REL_MAX),
        (b"a*", "absbit", 0x0080, 0, ABS_MAX),
        (b"m*", "mscbit", 0x0100, 0, MSC_MAX),
        (b"l*", "ledbit", 0x0200, 0, LED_MAX),
        (b"s*", "sndbit", 0x0400, 0, SND_MAX),
        (b"f*", "ffbit", 0x0800, 0, FF_MAX),
        (b"w*", "swbit", 0x1000, 0, em.rules.input_sw_max),
    ];
    for (label, field, flag, min, max) in maps {
        if !buf.append(em, label) {
            return;
        }
        if flags & flag == 0 {
            continue;
        }
        for i in min..=max {
            let word = e.word_at(field, (i / bits_per_long) as usize);
            if word & (1u64 << (i % bits_per_long)) != 0 && !buf.append(em, &bytes_fmt!("{i:X},*")) {
                return;
            }
        }
    }
    let mut a = b"input:".to_vec();
    a.extend_from_slice(&buf.text);
    em.alias(a, false);
}

/// `dmi_fields[]`: alias prefix and `enum dmi_field` value, in the order they appear.
const DMI_FIELDS: [(&str, u8); 14] = [
    ("bvn", 1),  // DMI_BIOS_VENDOR
    ("bvr", 2),  // DMI_BIOS_VERSION
    ("bd", 3),   // DMI_BIOS_DATE
    ("br", 4),   // DMI_BIOS_RELEASE
    ("efr", 5),  // DMI_EC_FIRMWARE_RELEASE
    ("svn", 6),  // DMI_SYS_VENDOR
    ("pn", 7),   // DMI_PRODUCT_NAME
    ("pvr", 8),  // DMI_PRODUCT_VERSION
    ("rvn", 13), // DMI_BOARD_VENDOR
    ("rn", 14),  // DMI_BOARD_NAME
    ("rvr", 15), // DMI_BOARD_VERSION
    ("cvn", 18), // DMI_CHASSIS_VENDOR
    ("ct", 19),  // DMI_CHASSIS_TYPE
    ("cvr", 20), // DMI_CHASSIS_VERSION
];

/// `struct dmi_strmatch` as modpost's host compiler lays it out: `slot:7` in the low bits
/// of the first byte, then `char substr[79]`.
const DMI_STRMATCH_SIZE: usize = 80;

/// `dmi*:bvn*<vendor>*:…:`, the match strings without spaces, colons and non-ASCII.
pub(super) fn dmi(em: &mut Emitter<'_>, e: &Entry<'_>) {
    let matches = e.offset("matches");
    let slot = |j: usize| e.byte_at(matches + j * DMI_STRMATCH_SIZE) & 0x7f;
    let mut buf = Buf { text: Vec::new(), checked: em.rules.alias_buffer_checks };
    for (prefix, field) in DMI_FIELDS {
        for j in 0..4 {
            if slot(j) == 0 || slot(j) != field {
                continue;
            }
            if !buf.append(em, &bytes_fmt!(":{prefix}*")) {
                return;
            }
            // `dmi_ascii_filter()`: printable ASCII except space and ':'; the buffer check
            // (7.1) is per character.
            let mut avail = ALIAS_BUF.saturating_sub(buf.text.len());
            for &c in e.cstr_at(matches + j * DMI_STRMATCH_SIZE + 1) {
                if c > b' ' && c < 127 && c != b':' {
                    if buf.checked && avail <= 1 {
                        em.fatal("dmi_ascii_filter: alias buffer overflow\n".to_string());
                        return;
                    }
                    buf.text.push(c);
                    avail = avail.saturating_sub(1);
                }
            }
            if !buf.append(em, b"*") {
                return;
            }
        }
    }
    let mut a = b"dmi*".to_vec();
    a.extend_from_slice(&buf.text);
    a.push(b':');
    em.alias(a, false);
}
