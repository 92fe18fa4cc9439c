#include <devtable-sample.h>

TABLE(ap_device_id, ap_ids) = {
	{ .match_flags = AP_DEVICE_ID_MATCH_CARD_TYPE, .dev_type = 0x0a },
	{ .match_flags = AP_DEVICE_ID_MATCH_QUEUE_TYPE, .dev_type = 0x0c },
	{ }
};
MODULE_DEVICE_TABLE(ap, ap_ids);

SAMPLE_MODULE("ap");
