#include <devtable-sample.h>

TABLE(vio_device_id, vio_ids) = {
	{ "network", "IBM,l-lan" },
	{ "", "IBM,v-scsi host" },
	{ "vty", "" },
	{ }
};
MODULE_DEVICE_TABLE(vio, vio_ids);

SAMPLE_MODULE("vio");
