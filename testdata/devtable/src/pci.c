/* pci: class masks (0xff bytes only), vfio_pci for override_only, unsupported masks. */
#include <devtable-sample.h>

#define ANY PCI_ANY_ID

TABLE(pci_device_id, pci_ids) = {
	{ 0x8086, 0x2922, ANY, ANY, 0, 0, 0 },
	{ 0x1af4, 0x1000, ANY, ANY, 0, 0, 0 },
	{ ANY, ANY, ANY, ANY, 0x010601, 0xffffff, 0 },
	{ ANY, ANY, ANY, ANY, 0x0c0330, 0xffff00, 0 },
	{ 0x10de, ANY, 0x1028, 0x0123, 0x030000, 0xff0000, 0 },
	{ 0x15b3, 0x101e, ANY, ANY, 0, 0, 0, PCI_ID_F_VFIO_DRIVER_OVERRIDE },
	/* A mask modpost can't express: a warning, no alias. */
	{ 0x8086, ANY, ANY, ANY, 0x0c0300, 0xfff000, 0 },
	{ }
};
MODULE_DEVICE_TABLE(pci, pci_ids);

SAMPLE_MODULE("pci");
