#include <devtable-sample.h>

TABLE(ulpi_device_id, ulpi_ids) = {
	{ 0x0424, 0x0006 },
	{ 0x0451, 0x1507 },
	{ }
};
MODULE_DEVICE_TABLE(ulpi, ulpi_ids);

SAMPLE_MODULE("ulpi");
