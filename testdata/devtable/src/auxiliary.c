#include <devtable-sample.h>

TABLE(auxiliary_device_id, auxiliary_ids) = {
	{ .name = "mlx5_core.eth" },
	{ .name = "sof_intel.ipc" },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, auxiliary_ids);

SAMPLE_MODULE("auxiliary");
