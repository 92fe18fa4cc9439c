#include <devtable-sample.h>

TABLE(x86_cpu_id, x86cpu_ids) = {
	{ .vendor = 0, .family = 6, .model = 0x8c, .feature = X86_FEATURE_ANY },
	{ .vendor = X86_VENDOR_ANY, .family = X86_FAMILY_ANY, .model = X86_MODEL_ANY, .feature = 0x7d },
	{ .vendor = 2, .family = 0x17, .model = X86_MODEL_ANY, .feature = 0x13f },
	{ }
};
MODULE_DEVICE_TABLE(x86cpu, x86cpu_ids);

SAMPLE_MODULE("x86cpu");
