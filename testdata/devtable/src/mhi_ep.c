#include <devtable-sample.h>

TABLE(mhi_device_id, mhi_ep_ids) = {
	{ .chan = "IPCR" },
	{ }
};
MODULE_DEVICE_TABLE(mhi_ep, mhi_ep_ids);

SAMPLE_MODULE("mhi_ep");
