#include <devtable-sample.h>

TABLE(vchiq_device_id, vchiq_ids) = {
	{ .name = "bcm2835-audio" },
	{ .name = "bcm2835-camera" },
	{ }
};
MODULE_DEVICE_TABLE(vchiq, vchiq_ids);

SAMPLE_MODULE("vchiq");
