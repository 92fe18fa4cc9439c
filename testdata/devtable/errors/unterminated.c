/* A table without its all-zero terminating entry. */
#include <devtable-sample.h>

TABLE(virtio_device_id, open_ids) = {
	{ 1, VIRTIO_DEV_ANY_ID },
	{ 2, 0x1af4 },
};
MODULE_DEVICE_TABLE(virtio, open_ids);

SAMPLE_MODULE("no terminator");
