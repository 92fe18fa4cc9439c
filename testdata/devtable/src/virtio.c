#include <devtable-sample.h>

TABLE(virtio_device_id, virtio_ids) = {
	{ 1, VIRTIO_DEV_ANY_ID },
	{ 2, 0x1af4 },
	{ }
};
MODULE_DEVICE_TABLE(virtio, virtio_ids);

SAMPLE_MODULE("virtio");
