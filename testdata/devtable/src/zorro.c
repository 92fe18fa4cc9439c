#include <devtable-sample.h>

TABLE(zorro_device_id, zorro_ids) = {
	{ 0x08120001 },
	{ ZORRO_WILDCARD },
	{ 0 }
};
MODULE_DEVICE_TABLE(zorro, zorro_ids);

SAMPLE_MODULE("zorro");
