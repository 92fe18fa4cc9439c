#include <devtable-sample.h>

TABLE(amba_id, amba_ids) = {
	{ .id = 0x00041011, .mask = 0x000fffff },
	{ .id = 0x000bb000, .mask = 0x000ff00a },
	{ .id = 0x00041080, .mask = 0xff0ff0f0 },
	{ }
};
MODULE_DEVICE_TABLE(amba, amba_ids);

SAMPLE_MODULE("amba");
