/* An override_only value modpost does not know. */
#include <devtable-sample.h>

TABLE(pci_device_id, odd_ids) = {
	{ 0x1af4, 0x1000, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0, 2 },
	{ }
};
MODULE_DEVICE_TABLE(pci, odd_ids);

SAMPLE_MODULE("pci override");
