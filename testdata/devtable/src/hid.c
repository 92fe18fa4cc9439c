#include <devtable-sample.h>

TABLE(hid_device_id, hid_ids) = {
	{ .bus = 0x0003, .vendor = 0x046d, .product = 0xc52b },
	{ .bus = HID_BUS_ANY, .group = 0x0001, .vendor = HID_ANY_ID, .product = HID_ANY_ID },
	{ .bus = 0x0005, .group = 0x0104, .vendor = 0x05ac, .product = HID_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(hid, hid_ids);

SAMPLE_MODULE("hid");
