#include <devtable-sample.h>

TABLE(bcma_device_id, bcma_ids) = {
	BCMA_CORE(0x4bf, 0x812, BCMA_ANY_REV, BCMA_ANY_CLASS),
	BCMA_CORE(0x4bf, 0x82a, 0x1f, 0x00),
	{ }
};
MODULE_DEVICE_TABLE(bcma, bcma_ids);

SAMPLE_MODULE("bcma");
