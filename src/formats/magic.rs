//! Sniffing a file's format from its first bytes.

use serde::Serialize;

/// What an input file is, judged by its leading magic number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    /// Raw LLVM bitcode, starting `BC\xC0\xDE`.
    IrRaw,
    /// LLVM bitcode inside the `0x0B17C0DE` wrapper header (Darwin-style).
    IrWrapper,
    /// An ELF relocatable object (`ET_REL`), what every native kernel object is.
    ElfRel,
    /// An ELF file of another type (executable, shared object, core).
    ElfOther,
    /// A GNU archive, regular (`!<arch>\n`) or thin (`!<thin>\n`).
    Archive,
    /// Anything else, including files too short to tell.
    Other,
}

impl ObjectKind {
    /// True for both bitcode encodings.
    pub fn is_ir(self) -> bool {
        matches!(self, ObjectKind::IrRaw | ObjectKind::IrWrapper)
    }

    /// The short label used in listings and JSON.
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::IrRaw => "ir",
            ObjectKind::IrWrapper => "ir-wrapper",
            ObjectKind::ElfRel => "elf",
            ObjectKind::ElfOther => "elf-other",
            ObjectKind::Archive => "archive",
            ObjectKind::Other => "other",
        }
    }
}

/// Raw bitcode magic: 'B' 'C' 0xC0DE.
pub const BITCODE_MAGIC: [u8; 4] = [0x42, 0x43, 0xC0, 0xDE];
/// The bitcode wrapper's magic, 0x0B17C0DE stored little-endian.
pub const WRAPPER_MAGIC: [u8; 4] = [0xDE, 0xC0, 0x17, 0x0B];
const ELF_MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];

/// Classifies `data` by its magic number. Only the first 18 bytes are looked at.
pub fn classify(data: &[u8]) -> ObjectKind {
    if data.starts_with(&BITCODE_MAGIC) {
        ObjectKind::IrRaw
    } else if data.starts_with(&WRAPPER_MAGIC) {
        ObjectKind::IrWrapper
    } else if data.starts_with(&ELF_MAGIC) {
        // e_type is the half-word at offset 16, in the byte order EI_DATA (offset 5) names.
        let e_type = match (data.get(5), data.get(16..18)) {
            (Some(1), Some(t)) => u16::from_le_bytes([t[0], t[1]]),
            (Some(2), Some(t)) => u16::from_be_bytes([t[0], t[1]]),
            _ => return ObjectKind::ElfOther,
        };
        if e_type == 1 {
            ObjectKind::ElfRel
        } else {
            ObjectKind::ElfOther
        }
    } else if data.starts_with(b"!<arch>\n") || data.starts_with(b"!<thin>\n") {
        ObjectKind::Archive
    } else {
        ObjectKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_inputs_are_other() {
        assert_eq!(classify(b""), ObjectKind::Other);
        assert_eq!(classify(b"BC"), ObjectKind::Other);
        assert_eq!(classify(b"\x7fELF"), ObjectKind::ElfOther);
    }
}
