#include <devtable-sample.h>

TABLE(mdio_device_id, mdio_ids) = {
	{ 0x001cc915, 0xfffffff0 },
	{ 0x02430c54, 0x0ffffffe },
	{ }
};
MODULE_DEVICE_TABLE(mdio, mdio_ids);

SAMPLE_MODULE("mdio");
