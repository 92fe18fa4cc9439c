#include <devtable-sample.h>

TABLE(pci_device_id, multi_b_ids) = {
	{ 0x8086, 0x100e, PCI_ANY_ID, PCI_ANY_ID },
	{ 0x10ec, 0x8139, PCI_ANY_ID, PCI_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(pci, multi_b_ids);

/* Rust's module_device_table! names its symbol __mod_device_table__<line>__kmod_<path>__… */
const struct virtio_device_id rust_ids[]
	__asm__("__mod_device_table__57__kmod_rust_virtio_sample__virtio__TABLE") __attribute__((used)) = {
	{ 0x2a, VIRTIO_DEV_ANY_ID },
	{ }
};
