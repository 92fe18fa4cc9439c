#include <devtable-sample.h>

TABLE(sdw_device_id, sdw_ids) = {
	{ .mfg_id = 0x025d, .part_id = 0x0711, .sdw_version = 0, .class_id = 0 },
	{ .mfg_id = 0x01fa, .part_id = 0x4243, .sdw_version = 2, .class_id = 1 },
	{ }
};
MODULE_DEVICE_TABLE(sdw, sdw_ids);

SAMPLE_MODULE("sdw");
