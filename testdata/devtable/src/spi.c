#include <devtable-sample.h>

TABLE(spi_device_id, spi_ids) = {
	{ "m25p80" },
	{ "spi-nor" },
	{ }
};
MODULE_DEVICE_TABLE(spi, spi_ids);

SAMPLE_MODULE("spi");
