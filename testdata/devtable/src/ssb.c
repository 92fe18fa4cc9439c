#include <devtable-sample.h>

TABLE(ssb_device_id, ssb_ids) = {
	SSB_DEVICE(0x4243, 0x812, SSB_ANY_REV),
	SSB_DEVICE(0x4243, SSB_ANY_ID, 0x05),
	{ }
};
MODULE_DEVICE_TABLE(ssb, ssb_ids);

SAMPLE_MODULE("ssb");
