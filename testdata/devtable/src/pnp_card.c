/* pnp_card: every device id of every card; ids repeated across cards appear once. */
#include <devtable-sample.h>

TABLE(pnp_card_device_id, pnp_card_ids) = {
	{ .id = "CTL0024", .devs = { { "CTL0031" }, { "CTL7002" } } },
	{ .id = "CTL0025", .devs = { { "CTL0031" }, { "ctl7001" }, { "CTL7002" } } },
	{ .id = "ESS1868", .devs = { { "ESS1868" }, { "ESS0000" }, { "ESS1868" } } },
	{ }
};
MODULE_DEVICE_TABLE(pnp_card, pnp_card_ids);

SAMPLE_MODULE("pnp_card");
