/* mcb: a table type from 6.19 on; earlier modpost ignores it. */
#include <devtable-sample.h>

TABLE(mcb_device_id, mcb_ids) = {
	{ .device = 0x1a },
	{ .device = 125 },
	{ }
};
MODULE_DEVICE_TABLE(mcb, mcb_ids);

SAMPLE_MODULE("mcb");
