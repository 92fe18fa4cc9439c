/* Four long DMI strings overflow 7.1's 256-byte buffer in dmi_ascii_filter(). */
#include <devtable-sample.h>

#define S78 "012345678901234567890123456789012345678901234567890123456789012345678901234567"
TABLE(dmi_system_id, long_dmi_ids) = {
	{ .matches = { DMI_MATCH(DMI_SYS_VENDOR, S78), DMI_MATCH(DMI_PRODUCT_NAME, S78),
		       DMI_MATCH(DMI_BOARD_NAME, S78), DMI_MATCH(DMI_BIOS_VERSION, S78) } },
	{ }
};
MODULE_DEVICE_TABLE(dmi, long_dmi_ids);

SAMPLE_MODULE("dmi overflow");
