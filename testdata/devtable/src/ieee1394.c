#include <devtable-sample.h>

TABLE(ieee1394_device_id, ieee1394_ids) = {
	{ .match_flags = IEEE1394_MATCH_SPECIFIER_ID | IEEE1394_MATCH_VERSION, .specifier_id = 0x00609e, .version = 0x010483 },
	{ .match_flags = IEEE1394_MATCH_VENDOR_ID | IEEE1394_MATCH_MODEL_ID, .vendor_id = 0x000a27, .model_id = 0x00000e },
	{ }
};
MODULE_DEVICE_TABLE(ieee1394, ieee1394_ids);

SAMPLE_MODULE("ieee1394");
