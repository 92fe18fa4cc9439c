#include <devtable-sample.h>

TABLE(dfl_device_id, dfl_ids) = {
	{ 0, 0xe },
	{ 1, 0x1f },
	{ }
};
MODULE_DEVICE_TABLE(dfl, dfl_ids);

SAMPLE_MODULE("dfl");
