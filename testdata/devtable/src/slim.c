#include <devtable-sample.h>

TABLE(slim_device_id, slim_ids) = {
	{ 0x217, 0x1a0 },
	{ 0x217, 0x250 },
	{ }
};
MODULE_DEVICE_TABLE(slim, slim_ids);

SAMPLE_MODULE("slim");
