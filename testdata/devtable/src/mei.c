#include <devtable-sample.h>

TABLE(mei_cl_device_id, mei_ids) = {
	{ .name = "", .uuid = { { 0x4d, 0x44, 0x5d, 0x0f, 0x3b, 0x70, 0x6a, 0x4b, 0x9b, 0x0e, 0x2a, 0x8b, 0x1a, 0x01, 0x2c, 0x3d } },
	  .version = MEI_CL_VERSION_ANY },
	{ .name = "hdcp", .uuid = { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } }, .version = 2 },
	{ }
};
MODULE_DEVICE_TABLE(mei, mei_ids);

SAMPLE_MODULE("mei");
