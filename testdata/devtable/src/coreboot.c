#include <devtable-sample.h>

TABLE(coreboot_device_id, coreboot_ids) = {
	{ .tag = 0x0006 },
	{ .tag = 0x0021 },
	{ }
};
MODULE_DEVICE_TABLE(coreboot, coreboot_ids);

SAMPLE_MODULE("coreboot");
