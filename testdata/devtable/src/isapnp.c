#include <devtable-sample.h>

/* The EISA-style vendor and function encodings of include/linux/isapnp.h. */
#define VENDOR(a, b, c) ((((a) - 'A' + 1) & 0x3f) << 2 | (((b) - 'A' + 1) & 0x18) >> 3 | \
			 (((b) - 'A' + 1) & 7) << 13 | (((c) - 'A' + 1) & 0x1f) << 8)
#define FUNCTION(x) ((((x) & 0xff) << 8) | (((x) & 0xff00) >> 8))

TABLE(isapnp_device_id, isapnp_ids) = {
	{ ISAPNP_ANY_ID, ISAPNP_ANY_ID, VENDOR('C', 'T', 'L'), FUNCTION(0x0031) },
	{ ISAPNP_ANY_ID, ISAPNP_ANY_ID, VENDOR('P', 'N', 'P'), FUNCTION(0x80f9) },
	{ }
};
MODULE_DEVICE_TABLE(isapnp, isapnp_ids);

SAMPLE_MODULE("isapnp");
