/* typec: before 6.14 the alias names the mode too. */
#include <devtable-sample.h>

TABLE(typec_device_id, typec_ids) = {
	{ .svid = 0xff01, .mode = 1 },
	{ .svid = 0x8087, .mode = TYPEC_ANY_MODE },
	{ }
};
MODULE_DEVICE_TABLE(typec, typec_ids);

SAMPLE_MODULE("typec");
