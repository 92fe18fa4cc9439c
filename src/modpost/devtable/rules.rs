//! What changed in `file2alias.c` (and the `mod_devicetable.h` it compiles in) between
//! Linux 6.12 and 7.3, as plain switches the caller fills in.
//!
//! 6.12, 7.2 and 7.3 are read from their sources (`scripts/mod/file2alias.c` of 7.2 and
//! 7.3 are identical). For releases in between, each switch says when its change arrived;
//! where that release could not be confirmed from a tree at hand, the field says how it
//! was dated.

/// How `MODULE_DEVICE_TABLE(type, name)` names the symbol modpost looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolForm {
    /// Up to 6.12: `__mod_<type>__<name>_device_table` (modules only).
    V6_12,
    /// 6.13: `__mod_device_table__<type>__<name>`.
    V6_13,
    /// 6.18: `__mod_device_table__kmod_<modname>__<type>__<name>`, also for built-in code,
    /// and Rust's `__mod_device_table__<line>__kmod_<module_path>__<type>__<name>`;
    /// symbols without `__kmod_` are ignored.
    V6_18,
}

use crate::kbuild::version::{Behaviour, Change, KernelVersion};

/// Version-dependent behaviour of device-table alias generation, as read from the
/// kernel-version table ([`crate::kbuild::version::CHANGES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// The table symbol's name (6.13, 6.18).
    pub symbol_form: SymbolForm,
    /// 6.13 (`module_alias_printf()`): aliases are a per-module list, an alias already in
    /// it is dropped, and `MODULE_ALIAS(...)` lines are formatted when `*.mod.c` is
    /// written. Before, each line went into a text buffer while the object was read (so an
    /// over-long one was fatal then), and `pnp_card` tables skipped device ids already
    /// seen in earlier entries of the same table.
    pub dedupe_aliases: bool,
    /// Before 6.13, a table whose size is not a multiple of the entry size, or whose last
    /// entry is not all zeros, ends modpost (`fatal()`, with a hex dump of the last entry).
    /// From 6.13 these are `error()`s naming the table (`type mismatch between x[] and
    /// MODULE_DEVICE_TABLE(...)`, `x[] is not terminated with a NULL entry`), the table is
    /// skipped and the run continues.
    pub table_errors_are_fatal: bool,
    /// 6.13 dropped the `return` after "Unknown PCI driver_override alias": modpost goes
    /// on formatting the entry into an uninitialised buffer (undefined behaviour). thinpost
    /// then writes the alias without its `pci:` prefix (see `ids::pci`).
    pub pci_unknown_override_continues: bool,
    /// Before 6.14 (`usb: typec: Only use SVID for matching altmodes`, posted for the 6.14
    /// cycle; 7.2 has it): `typec:id%04X` is followed by `m%02X` or `m*` (the mode).
    pub typec_mode: bool,
    /// `INPUT_DEVICE_ID_SW_MAX`, the last switch bit in `input:` aliases: 0x10, and 0x11
    /// (`SW_USB_INSERT`) from 6.16 (present in the v6.16-rc3 uapi headers).
    pub input_sw_max: u32,
    /// 6.18: vmlinux.o has tables too (built-in code); each alias remembers the built-in
    /// module it came from, and `.vmlinux.export.c` ends with
    /// `MODULE_INFO(<modname>.alias, "<alias>");` lines.
    pub vmlinux_aliases: bool,
    /// 6.19: `mcb` tables give `mcb:16z%03d` aliases (earlier, the type is unknown and
    /// such tables are ignored).
    pub mcb: bool,
    /// 7.1: `input` and `dmi` aliases are built in 256-byte buffers whose overflow is
    /// fatal (`alias buffer (256) overflow on append ...`,
    /// `dmi_ascii_filter: alias buffer overflow`).
    pub alias_buffer_checks: bool,
    /// 7.2 (`modpost: Handle malformed WMI GUID strings`, v6 posted 2026-06-10): WMI GUIDs
    /// must be hex digits and dashes (else a warning and no alias) and are upper-cased.
    pub wmi_guid_check: bool,
}

impl Default for Rules {
    /// Linux 6.12.
    fn default() -> Self {
        Rules::for_version(6, 12)
    }
}

impl Rules {
    /// The rules of a kernel version, from the one table of version differences.
    pub fn of(b: &Behaviour) -> Rules {
        Rules {
            symbol_form: if b.has(Change::DevtableSymbolKmod) {
                SymbolForm::V6_18
            } else if b.has(Change::DevtableSymbolTypeFirst) {
                SymbolForm::V6_13
            } else {
                SymbolForm::V6_12
            },
            dedupe_aliases: b.has(Change::DevtableAliasDedupe),
            table_errors_are_fatal: !b.has(Change::DevtableErrorsNotFatal),
            pci_unknown_override_continues: b.has(Change::PciOverrideFallthrough),
            typec_mode: !b.has(Change::TypecSvidOnly),
            input_sw_max: if b.has(Change::InputSwitchUsbInsert) { 0x11 } else { 0x10 },
            vmlinux_aliases: b.has(Change::DevtableSymbolKmod),
            mcb: b.has(Change::McbTable),
            alias_buffer_checks: b.has(Change::DevtableAliasBufferChecks),
            wmi_guid_check: b.has(Change::WmiGuidCheck),
        }
    }

    /// The rules of Linux `major.minor` (versions outside 6.12..=7.3 get the nearest).
    pub fn for_version(major: u32, minor: u32) -> Rules {
        Rules::of(&Behaviour::of(KernelVersion::new(major, minor)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_read_from_source() {
        let r612 = Rules::for_version(6, 12);
        assert_eq!(r612, Rules::default());
        assert_eq!(r612.symbol_form, SymbolForm::V6_12);
        assert!(r612.table_errors_are_fatal && r612.typec_mode && !r612.dedupe_aliases);
        assert_eq!(r612.input_sw_max, 0x10);
        let r72 = Rules::for_version(7, 2);
        assert_eq!(r72, Rules::for_version(7, 3));
        assert_eq!(r72.symbol_form, SymbolForm::V6_18);
        assert!(r72.dedupe_aliases && r72.mcb && r72.alias_buffer_checks && r72.wmi_guid_check);
        assert!(!r72.typec_mode && !r72.table_errors_are_fatal);
        assert_eq!(r72.input_sw_max, 0x11);
        assert!(!Rules::for_version(7, 1).wmi_guid_check);
        assert_eq!(Rules::for_version(6, 17).symbol_form, SymbolForm::V6_13);
    }
}
