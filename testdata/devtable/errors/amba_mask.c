/* An AMBA id with bits its mask clears: fatal in every version. */
#include <devtable-sample.h>

TABLE(amba_id, bad_amba_ids) = {
	{ .id = 0x00041011, .mask = 0x000fffff },
	{ .id = 0x00141011, .mask = 0x000fffff },
	{ }
};
MODULE_DEVICE_TABLE(amba, bad_amba_ids);

SAMPLE_MODULE("amba mask");
