/* MODULE_DEVICE_TABLE() naming the wrong type: 3 hid entries (72 bytes) as pci (32). */
#include <devtable-sample.h>

TABLE(hid_device_id, wrong_ids) = {
	{ .bus = 3, .vendor = 1, .product = 2 },
	{ .bus = 3, .vendor = 1, .product = 3 },
	{ }
};
MODULE_DEVICE_TABLE(pci, wrong_ids);

SAMPLE_MODULE("type mismatch");
