/* acpi: _HID strings, and _CLS class codes with "??" for masked bytes. */
#include <devtable-sample.h>

TABLE(acpi_device_id, acpi_ids) = {
	{ .id = "PNP0C0A" },
	{ .id = "LNXVIDEO" },
	{ .id = "", .cls = 0x010601, .cls_msk = 0xffffff },
	{ .id = "", .cls = 0x0c0330, .cls_msk = 0xff00ff },
	{ }
};
MODULE_DEVICE_TABLE(acpi, acpi_ids);

SAMPLE_MODULE("acpi");
