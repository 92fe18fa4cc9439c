#include <devtable-sample.h>

TABLE(i3c_device_id, i3c_ids) = {
	{ .match_flags = I3C_MATCH_MANUF | I3C_MATCH_PART, .manuf_id = 0x0105, .part_id = 0x0001 },
	{ .match_flags = I3C_MATCH_DCR | I3C_MATCH_EXTRA_INFO, .dcr = 0xc6, .extra_info = 0x10 },
	{ }
};
MODULE_DEVICE_TABLE(i3c, i3c_ids);

SAMPLE_MODULE("i3c");
