/* An input alias longer than 7.1's 256-byte buffer: fatal from 7.1. */
#include <devtable-sample.h>

TABLE(input_device_id, wide_ids) = {
	{ .flags = INPUT_DEVICE_ID_MATCH_KEYBIT,
	  .keybit = { [0x100 / BITS_PER_LONG] = ~0UL, [0x140 / BITS_PER_LONG] = ~0UL } },
	{ }
};
MODULE_DEVICE_TABLE(input, wide_ids);

SAMPLE_MODULE("input overflow");
