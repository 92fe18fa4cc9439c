#include <devtable-sample.h>

TABLE(rio_device_id, rio_ids) = {
	{ .did = 0x0374, .vid = 0x0038, .asm_did = RIO_ANY_ID, .asm_vid = RIO_ANY_ID },
	{ .did = RIO_ANY_ID, .vid = RIO_ANY_ID, .asm_did = 0x0001, .asm_vid = 0x0002 },
	{ }
};
MODULE_DEVICE_TABLE(rapidio, rio_ids);

SAMPLE_MODULE("rapidio");
