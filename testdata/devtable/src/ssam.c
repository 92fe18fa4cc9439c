#include <devtable-sample.h>

TABLE(ssam_device_id, ssam_ids) = {
	{ .match_flags = SSAM_MATCH_TARGET | SSAM_MATCH_INSTANCE | SSAM_MATCH_FUNCTION, .domain = 0x01, .category = 0x15,
	  .target = 0x02, .instance = 0x00, .function = 0x01 },
	{ .match_flags = SSAM_MATCH_FUNCTION, .domain = 0x02, .category = 0x08, .function = 0x05 },
	{ }
};
MODULE_DEVICE_TABLE(ssam, ssam_ids);

SAMPLE_MODULE("ssam");
