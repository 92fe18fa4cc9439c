#include <devtable-sample.h>

TABLE(cpu_feature, cpu_ids) = {
	{ 0x0003 },
	{ 0x0021 },
	{ }
};
MODULE_DEVICE_TABLE(cpu, cpu_ids);

SAMPLE_MODULE("cpu");
