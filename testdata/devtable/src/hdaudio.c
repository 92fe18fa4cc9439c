#include <devtable-sample.h>

TABLE(hda_device_id, hda_ids) = {
	{ .vendor_id = 0x10ec0269, .rev_id = 0, .api_version = 0 },
	{ .vendor_id = 0x8086280b, .rev_id = 0x100000, .api_version = 1 },
	{ }
};
MODULE_DEVICE_TABLE(hdaudio, hda_ids);

SAMPLE_MODULE("hdaudio");
