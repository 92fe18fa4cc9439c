#include <devtable-sample.h>

TABLE(tb_service_id, tbsvc_ids) = {
	{ .match_flags = TBSVC_MATCH_PROTOCOL_KEY | TBSVC_MATCH_PROTOCOL_ID | TBSVC_MATCH_PROTOCOL_VERSION,
	  .protocol_key = "network", .protocol_id = 1, .protocol_version = 1 },
	{ .match_flags = TBSVC_MATCH_PROTOCOL_REVISION, .protocol_revision = 3 },
	{ }
};
MODULE_DEVICE_TABLE(tbsvc, tbsvc_ids);

SAMPLE_MODULE("tbsvc");
