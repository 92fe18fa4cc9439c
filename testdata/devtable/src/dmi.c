/* dmi: match strings without spaces, colons and non-ASCII, in dmi_fields[] order. */
#include <devtable-sample.h>

TABLE(dmi_system_id, dmi_ids) = {
	{ .ident = "Acme Laptop",
	  .matches = { DMI_MATCH(DMI_SYS_VENDOR, "Acme Inc."), DMI_MATCH(DMI_PRODUCT_NAME, "Laptop 9000: Pro"),
		       DMI_EXACT_MATCH(DMI_BIOS_VERSION, "1.02 (beta)") } },
	{ .matches = { DMI_MATCH(DMI_BOARD_VENDOR, "Board\tCo"), DMI_MATCH(DMI_CHASSIS_TYPE, "10"),
		       DMI_MATCH(DMI_PRODUCT_SKU, "not in dmi_fields"), DMI_MATCH(DMI_BOARD_NAME, "Z\xe9ta") } },
	{ }
};
MODULE_DEVICE_TABLE(dmi, dmi_ids);

SAMPLE_MODULE("dmi");
