#include <devtable-sample.h>

TABLE(rpmsg_device_id, rpmsg_ids) = {
	{ .name = "rpmsg-client-sample" },
	{ .name = "rpmsg_chrdev" },
	{ }
};
MODULE_DEVICE_TABLE(rpmsg, rpmsg_ids);

SAMPLE_MODULE("rpmsg");
