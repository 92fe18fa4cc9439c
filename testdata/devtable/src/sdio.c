#include <devtable-sample.h>

TABLE(sdio_device_id, sdio_ids) = {
	{ .class = (__u8)SDIO_ANY_ID, .vendor = 0x02d0, .device = 0x4329 },
	{ .class = 0x07, .vendor = (__u16)SDIO_ANY_ID, .device = (__u16)SDIO_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(sdio, sdio_ids);

SAMPLE_MODULE("sdio");
