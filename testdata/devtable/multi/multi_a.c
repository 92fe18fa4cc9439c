/* One module from two objects (ld -r), each with a pci table. */
#include <devtable-sample.h>

TABLE(pci_device_id, multi_a_ids) = {
	{ 0x1af4, 0x1041, PCI_ANY_ID, PCI_ANY_ID },
	{ 0x8086, 0x100e, PCI_ANY_ID, PCI_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(pci, multi_a_ids);

SAMPLE_MODULE("two objects");
