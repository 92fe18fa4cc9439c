#include <devtable-sample.h>

TABLE(pnp_device_id, pnp_ids) = {
	{ .id = "PNP0501" },
	{ .id = "pnp0c0b" },
	{ .id = "ABC1234" },
	{ }
};
MODULE_DEVICE_TABLE(pnp, pnp_ids);

SAMPLE_MODULE("pnp");
