/* DMI strings that fill substr[79] without a NUL: modpost reads on into the next match. */
#include <devtable-sample.h>

#define S79 "0123456789012345678901234567890123456789012345678901234567890123456789012345678"
TABLE(dmi_system_id, open_dmi_ids) = {
	{ .matches = { DMI_MATCH(DMI_SYS_VENDOR, S79), DMI_MATCH(DMI_PRODUCT_NAME, S79),
		       DMI_MATCH(DMI_BOARD_NAME, S79), DMI_MATCH(DMI_BIOS_VERSION, S79) } },
	{ }
};
MODULE_DEVICE_TABLE(dmi, open_dmi_ids);

SAMPLE_MODULE("dmi unterminated");
