#include <devtable-sample.h>

TABLE(cdx_device_id, cdx_ids) = {
	{ .vendor = 0x10ee, .device = 0x8084, .subvendor = CDX_ANY_ID, .subdevice = CDX_ANY_ID },
	{ .vendor = CDX_ANY_ID, .device = CDX_ANY_ID, .subvendor = CDX_ANY_ID, .subdevice = CDX_ANY_ID,
	  .class = 0x040000, .class_mask = 0xffffff, .override_only = CDX_ID_F_VFIO_DRIVER_OVERRIDE },
	{ .vendor = 0x10ee, .device = 0x1, .subvendor = CDX_ANY_ID, .subdevice = CDX_ANY_ID, .override_only = 7 },
	{ }
};
MODULE_DEVICE_TABLE(cdx, cdx_ids);

SAMPLE_MODULE("cdx");
