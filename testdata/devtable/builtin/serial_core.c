#include <devtable-sample.h>

TABLE(acpi_device_id, serial_acpi_ids) = {
	{ "PNP0501" },
	{ }
};
MODULE_DEVICE_TABLE(acpi, serial_acpi_ids);

/* The same device as net_core's: the first built-in module keeps the alias. */
TABLE(pci_device_id, serial_pci_ids) = {
	{ 0x8086, 0x100e, PCI_ANY_ID, PCI_ANY_ID },
	{ 0x1415, 0xc158, PCI_ANY_ID, PCI_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(pci, serial_pci_ids);

MODULE_LICENSE("GPL");
