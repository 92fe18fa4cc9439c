#include <devtable-sample.h>

TABLE(platform_device_id, platform_ids) = {
	{ "serial8250" },
	{ "acme-gpio", 2 },
	{ }
};
MODULE_DEVICE_TABLE(platform, platform_ids);

SAMPLE_MODULE("platform");
