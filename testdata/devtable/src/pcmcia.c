#include <devtable-sample.h>

TABLE(pcmcia_device_id, pcmcia_ids) = {
	{ .match_flags = PCMCIA_DEV_ID_MATCH_MANF_ID | PCMCIA_DEV_ID_MATCH_CARD_ID, .manf_id = 0x0101, .card_id = 0x0562 },
	{ .match_flags = PCMCIA_DEV_ID_MATCH_FUNC_ID | PCMCIA_DEV_ID_MATCH_FUNCTION | PCMCIA_DEV_ID_MATCH_DEVICE_NO, .func_id = 6, .function = 1, .device_no = 2 },
	{ .match_flags = PCMCIA_DEV_ID_MATCH_PROD_ID1 | PCMCIA_DEV_ID_MATCH_PROD_ID3, .prod_id_hash = { 0x8dd9ab2e, 0, 0x1eae9475, 0 } },
	{ }
};
MODULE_DEVICE_TABLE(pcmcia, pcmcia_ids);

SAMPLE_MODULE("pcmcia");
