/* of: name/type/compatible, whitespace becomes '_', two aliases per entry. */
#include <devtable-sample.h>

TABLE(of_device_id, of_ids) = {
	{ .compatible = "acme,widget-v2" },
	{ .type = "serial", .compatible = "ns16550a" },
	{ .name = "display", .type = "display" },
	{ .name = "leds" },
	{ .compatible = "simple bus\twith spaces" },
	{ .type = "network", .compatible = "acme,eth" },
	{ }
};
MODULE_DEVICE_TABLE(of, of_ids);

/* A second table of the same type in the same module. */
TABLE(of_device_id, of_more_ids) = {
	{ .compatible = "acme,widget-v3" },
	{ .compatible = "acme,widget-v2" },
	{ }
};
MODULE_DEVICE_TABLE(of, of_more_ids);

SAMPLE_MODULE("of");
