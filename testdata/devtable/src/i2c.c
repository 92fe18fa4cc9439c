#include <devtable-sample.h>

TABLE(i2c_device_id, i2c_ids) = {
	{ "lm75" },
	{ "tmp102", 1 },
	{ }
};
MODULE_DEVICE_TABLE(i2c, i2c_ids);

SAMPLE_MODULE("i2c");
