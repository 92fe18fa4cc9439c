#include <devtable-sample.h>

TABLE(ccw_device_id, ccw_ids) = {
	{ .match_flags = CCW_DEVICE_ID_MATCH_CU_TYPE | CCW_DEVICE_ID_MATCH_CU_MODEL, .cu_type = 0x3990, .cu_model = 0xe9 },
	{ .match_flags = CCW_DEVICE_ID_MATCH_DEVICE_TYPE | CCW_DEVICE_ID_MATCH_DEVICE_MODEL, .dev_type = 0x3390, .dev_model = 0x0a },
	{ }
};
MODULE_DEVICE_TABLE(ccw, ccw_ids);

SAMPLE_MODULE("ccw");
