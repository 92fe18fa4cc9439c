//! The table types modpost knows (`devtable[]` in `file2alias.c`): the name used in
//! `MODULE_DEVICE_TABLE(<name>, ...)`, the `struct` whose layout the offsets header
//! gives, the fields the handler reads, and the handler.

use super::entry::{Emitter, Entry};
use super::{ids, input, names, usb, Rules};

pub(super) type Handler = fn(&mut Emitter<'_>, &Entry<'_>);

pub(super) struct TableType {
    /// The `type` of `MODULE_DEVICE_TABLE(type, name)`.
    pub name: &'static str,
    /// `struct <id_struct>`: `SIZE_<id_struct>`, `OFF_<id_struct>_<field>`.
    pub id_struct: &'static str,
    pub fields: &'static [&'static str],
    pub handler: Handler,
}

macro_rules! table {
    ($name:literal, $id_struct:literal, [$($field:literal),* $(,)?], $handler:path) => {
        TableType { name: $name, id_struct: $id_struct, fields: &[$($field),*], handler: $handler }
    };
}

/// Every table type of 6.12 and 7.3. `mcb` (6.19) and the two `typec` forms are picked by
/// [`find`] according to the rules.
static TABLES: &[TableType] = &[
    table!(
        "usb",
        "usb_device_id",
        [
            "match_flags",
            "idVendor",
            "idProduct",
            "bcdDevice_lo",
            "bcdDevice_hi",
            "bDeviceClass",
            "bDeviceSubClass",
            "bDeviceProtocol",
            "bInterfaceClass",
            "bInterfaceSubClass",
            "bInterfaceProtocol",
            "bInterfaceNumber"
        ],
        usb::usb
    ),
    table!("of", "of_device_id", ["name", "type", "compatible"], names::of),
    table!("pnp", "pnp_device_id", ["id"], names::pnp),
    table!("pnp_card", "pnp_card_device_id", ["devs"], names::pnp_card),
    table!("hid", "hid_device_id", ["bus", "group", "vendor", "product"], ids::hid),
    table!(
        "ieee1394",
        "ieee1394_device_id",
        ["match_flags", "vendor_id", "model_id", "specifier_id", "version"],
        ids::ieee1394
    ),
    table!(
        "pci",
        "pci_device_id",
        ["vendor", "device", "subvendor", "subdevice", "class", "class_mask", "override_only"],
        ids::pci
    ),
    table!("ccw", "ccw_device_id", ["match_flags", "cu_type", "cu_model", "dev_type", "dev_model"], ids::ccw),
    table!("ap", "ap_device_id", ["dev_type"], ids::ap),
    table!("css", "css_device_id", ["type"], ids::css),
    table!("serio", "serio_device_id", ["type", "proto", "id", "extra"], ids::serio),
    table!("acpi", "acpi_device_id", ["id", "cls", "cls_msk"], names::acpi),
    table!(
        "pcmcia",
        "pcmcia_device_id",
        ["match_flags", "manf_id", "card_id", "func_id", "function", "device_no", "prod_id_hash"],
        ids::pcmcia
    ),
    table!("vio", "vio_device_id", ["type", "compat"], names::vio),
    table!(
        "input",
        "input_device_id",
        [
            "flags", "bustype", "vendor", "product", "version", "evbit", "keybit", "relbit", "absbit", "mscbit",
            "ledbit", "sndbit", "ffbit", "swbit"
        ],
        input::input
    ),
    table!("eisa", "eisa_device_id", ["sig"], names::eisa),
    table!("parisc", "parisc_device_id", ["hw_type", "hversion", "hversion_rev", "sversion"], ids::parisc),
    table!("sdio", "sdio_device_id", ["class", "vendor", "device"], ids::sdio),
    table!("ssb", "ssb_device_id", ["vendor", "coreid", "revision"], ids::ssb),
    table!("bcma", "bcma_device_id", ["manuf", "id", "rev", "class"], ids::bcma),
    table!("virtio", "virtio_device_id", ["device", "vendor"], ids::virtio),
    table!("vmbus", "hv_vmbus_device_id", ["guid"], names::vmbus),
    table!("rpmsg", "rpmsg_device_id", ["name"], names::rpmsg),
    table!("i2c", "i2c_device_id", ["name"], names::i2c),
    table!("i3c", "i3c_device_id", ["match_flags", "dcr", "manuf_id", "part_id", "extra_info"], ids::i3c),
    table!("slim", "slim_device_id", ["manf_id", "prod_code"], ids::slim),
    table!("spi", "spi_device_id", ["name"], names::spi),
    table!("dmi", "dmi_system_id", ["matches"], input::dmi),
    table!("platform", "platform_device_id", ["name"], names::platform),
    table!("mdio", "mdio_device_id", ["phy_id", "phy_id_mask"], ids::mdio),
    table!("zorro", "zorro_device_id", ["id"], ids::zorro),
    table!("isapnp", "isapnp_device_id", ["vendor", "function"], ids::isapnp),
    table!("ipack", "ipack_device_id", ["format", "vendor", "device"], ids::ipack),
    table!("amba", "amba_id", ["id", "mask"], ids::amba),
    table!("mipscdmm", "mips_cdmm_device_id", ["type"], ids::mips_cdmm),
    table!("x86cpu", "x86_cpu_id", ["feature", "family", "model", "vendor"], ids::x86cpu),
    table!("cpu", "cpu_feature", ["feature"], ids::cpu),
    table!("mcb", "mcb_device_id", ["device"], ids::mcb),
    table!("mei", "mei_cl_device_id", ["name", "uuid", "version"], names::mei),
    table!("rapidio", "rio_device_id", ["did", "vid", "asm_did", "asm_vid"], ids::rio),
    table!("ulpi", "ulpi_device_id", ["vendor", "product"], ids::ulpi),
    table!("hdaudio", "hda_device_id", ["vendor_id", "rev_id", "api_version"], ids::hda),
    table!("sdw", "sdw_device_id", ["mfg_id", "part_id", "sdw_version", "class_id"], ids::sdw),
    table!("fslmc", "fsl_mc_device_id", ["vendor", "obj_type"], ids::fsl_mc),
    table!(
        "tbsvc",
        "tb_service_id",
        ["match_flags", "protocol_key", "protocol_id", "protocol_version", "protocol_revision"],
        ids::tbsvc
    ),
    table!("typec", "typec_device_id", ["svid"], ids::typec),
    table!("tee", "tee_client_device_id", ["uuid"], names::tee),
    table!("wmi", "wmi_device_id", ["guid_string"], names::wmi),
    table!("mhi", "mhi_device_id", ["chan"], names::mhi),
    table!("mhi_ep", "mhi_device_id", ["chan"], names::mhi_ep),
    table!("auxiliary", "auxiliary_device_id", ["name"], names::auxiliary),
    table!(
        "ssam",
        "ssam_device_id",
        ["match_flags", "domain", "category", "target", "instance", "function"],
        ids::ssam
    ),
    table!("dfl", "dfl_device_id", ["type", "feature_id"], ids::dfl),
    table!("ishtp", "ishtp_device_id", ["guid"], names::ishtp),
    table!(
        "cdx",
        "cdx_device_id",
        ["vendor", "device", "subvendor", "subdevice", "class", "class_mask", "override_only"],
        ids::cdx
    ),
    table!("vchiq", "vchiq_device_id", ["name"], names::vchiq),
    table!("coreboot", "coreboot_device_id", ["tag"], ids::coreboot),
];

/// `typec` before 6.14, with the alternate mode.
static TYPEC_WITH_MODE: TableType = table!("typec", "typec_device_id", ["svid", "mode"], ids::typec_with_mode);

/// The table type `name` names under `rules` (`sym_is()` in the kernel's lookup).
pub(super) fn find(name: &[u8], rules: &Rules) -> Option<&'static TableType> {
    if name == b"typec" && rules.typec_mode {
        return Some(&TYPEC_WITH_MODE);
    }
    if name == b"mcb" && !rules.mcb {
        return None;
    }
    TABLES.iter().find(|t| t.name.as_bytes() == name)
}

/// Every table type (for tests that run each handler).
pub(super) fn all() -> impl Iterator<Item = &'static TableType> {
    TABLES.iter().chain(std::iter::once(&TYPEC_WITH_MODE))
}
