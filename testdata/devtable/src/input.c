/* input: bitmaps, one alias part per set bit; switch bit 0x11 counts from 6.16. */
#include <devtable-sample.h>

#define BIT_WORD(n) ((n) / BITS_PER_LONG)
#define BIT_MASK(n) (1UL << ((n) % BITS_PER_LONG))

TABLE(input_device_id, input_ids) = {
	{ .driver_info = 1 },
	{ .flags = INPUT_DEVICE_ID_MATCH_EVBIT | INPUT_DEVICE_ID_MATCH_KEYBIT,
	  .evbit = { [BIT_WORD(0x01)] = BIT_MASK(0x01) },
	  .keybit = { [BIT_WORD(0x74)] = BIT_MASK(0x74), [BIT_WORD(0x110)] = BIT_MASK(0x110) | BIT_MASK(0x111),
		      [BIT_WORD(0x2ff)] = BIT_MASK(0x2ff) } },
	{ .flags = INPUT_DEVICE_ID_MATCH_BUS | INPUT_DEVICE_ID_MATCH_VENDOR | INPUT_DEVICE_ID_MATCH_PRODUCT |
		   INPUT_DEVICE_ID_MATCH_VERSION | INPUT_DEVICE_ID_MATCH_ABSBIT | INPUT_DEVICE_ID_MATCH_RELBIT,
	  .bustype = 0x0003, .vendor = 0x046d, .product = 0xc52b, .version = 0x0111,
	  .absbit = { BIT_MASK(0x00) | BIT_MASK(0x01) | BIT_MASK(0x35) }, .relbit = { BIT_MASK(0x08) } },
	{ .flags = INPUT_DEVICE_ID_MATCH_SWBIT | INPUT_DEVICE_ID_MATCH_EVBIT | INPUT_DEVICE_ID_MATCH_LEDBIT |
		   INPUT_DEVICE_ID_MATCH_SNDBIT | INPUT_DEVICE_ID_MATCH_FFBIT | INPUT_DEVICE_ID_MATCH_MSCIT,
	  .evbit = { BIT_MASK(0x05) }, .swbit = { BIT_MASK(0x00) | BIT_MASK(0x10) | BIT_MASK(0x11) },
	  .ledbit = { BIT_MASK(0x0f) }, .sndbit = { BIT_MASK(0x02) }, .ffbit = { [BIT_WORD(0x50)] = BIT_MASK(0x50) },
	  .mscbit = { BIT_MASK(0x04) } },
	{ }
};
MODULE_DEVICE_TABLE(input, input_ids);

SAMPLE_MODULE("input");
