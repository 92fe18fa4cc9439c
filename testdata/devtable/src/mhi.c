#include <devtable-sample.h>

TABLE(mhi_device_id, mhi_ids) = {
	{ .chan = "IPCR" },
	{ .chan = "QMI" },
	{ }
};
MODULE_DEVICE_TABLE(mhi, mhi_ids);

SAMPLE_MODULE("mhi");
