#include <devtable-sample.h>

TABLE(ipack_device_id, ipack_ids) = {
	{ .format = 0x01, .vendor = 0xf0, .device = 0x22 },
	{ .format = IPACK_ANY_FORMAT, .vendor = IPACK_ANY_ID, .device = IPACK_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(ipack, ipack_ids);

SAMPLE_MODULE("ipack");
