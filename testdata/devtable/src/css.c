#include <devtable-sample.h>

TABLE(css_device_id, css_ids) = {
	{ .match_flags = 1, .type = 0 },
	{ .match_flags = 1, .type = 3 },
	{ }
};
MODULE_DEVICE_TABLE(css, css_ids);

SAMPLE_MODULE("css");
