/* Built-in code (no -DMODULE): from 6.18 its tables give .vmlinux.export.c aliases. */
#include <devtable-sample.h>

TABLE(pci_device_id, net_ids) = {
	{ 0x8086, 0x100e, PCI_ANY_ID, PCI_ANY_ID },
	{ 0x10ec, 0x8168, PCI_ANY_ID, PCI_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(pci, net_ids);

TABLE(of_device_id, net_of_ids) = {
	{ .compatible = "acme,eth" },
	{ }
};
MODULE_DEVICE_TABLE(of, net_of_ids);

MODULE_LICENSE("GPL");
