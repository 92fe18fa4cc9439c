#include <devtable-sample.h>

TABLE(serio_device_id, serio_ids) = {
	{ .type = 0x06, .proto = SERIO_ANY, .id = SERIO_ANY, .extra = SERIO_ANY },
	{ .type = 0x02, .proto = 0x22, .id = SERIO_ANY, .extra = 0x01 },
	{ }
};
MODULE_DEVICE_TABLE(serio, serio_ids);

SAMPLE_MODULE("serio");
