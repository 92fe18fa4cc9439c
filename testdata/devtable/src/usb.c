/* usb: bcdDevice ranges expand into several aliases (do_usb_entry_multi). */
#include <devtable-sample.h>

#define V USB_DEVICE_ID_MATCH_VENDOR
#define P USB_DEVICE_ID_MATCH_PRODUCT
#define LO USB_DEVICE_ID_MATCH_DEV_LO
#define HI USB_DEVICE_ID_MATCH_DEV_HI

TABLE(usb_device_id, usb_ids) = {
	{ .match_flags = V | P, .idVendor = 0x046d, .idProduct = 0xc077 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x0781, .idProduct = 0x5567, .bcdDevice_lo = 0x0100, .bcdDevice_hi = 0x0199 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x0781, .idProduct = 0x5568, .bcdDevice_lo = 0x0123, .bcdDevice_hi = 0x0456 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x0bda, .idProduct = 0x8153, .bcdDevice_lo = 0x00a0, .bcdDevice_hi = 0x1fff },
	{ .match_flags = V | P | LO, .idVendor = 0x0bda, .idProduct = 0x8152, .bcdDevice_lo = 0x0210 },
	{ .match_flags = V | P | HI, .idVendor = 0x0bda, .idProduct = 0x8151, .bcdDevice_hi = 0x0005 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x1234, .idProduct = 0x0001, .bcdDevice_lo = 0x0042, .bcdDevice_hi = 0x0042 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x1234, .idProduct = 0x0002, .bcdDevice_lo = 0x0009, .bcdDevice_hi = 0x0010 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x1234, .idProduct = 0x0003, .bcdDevice_lo = 0x0000, .bcdDevice_hi = 0x9999 },
	{ .match_flags = V | P | LO | HI, .idVendor = 0x1234, .idProduct = 0x0004, .bcdDevice_lo = 0x0300, .bcdDevice_hi = 0x0200 },
	{ .match_flags = USB_DEVICE_ID_MATCH_INT_CLASS | USB_DEVICE_ID_MATCH_INT_SUBCLASS | USB_DEVICE_ID_MATCH_INT_PROTOCOL,
	  .bInterfaceClass = 0x08, .bInterfaceSubClass = 0x06, .bInterfaceProtocol = 0x50 },
	{ .match_flags = USB_DEVICE_ID_MATCH_DEV_CLASS | USB_DEVICE_ID_MATCH_DEV_SUBCLASS | USB_DEVICE_ID_MATCH_DEV_PROTOCOL,
	  .bDeviceClass = 0xe0, .bDeviceSubClass = 0x01, .bDeviceProtocol = 0x01 },
	{ .match_flags = V | USB_DEVICE_ID_MATCH_INT_NUMBER | USB_DEVICE_ID_MATCH_INT_CLASS, .idVendor = 0x12d1, .bInterfaceClass = 0xff, .bInterfaceNumber = 2 },
	/* A placeholder slot (visor): no alias. */
	{ .match_flags = V | P },
	/* The same device twice: 6.12 writes it twice, 6.13+ once. */
	{ .match_flags = V | P, .idVendor = 0x046d, .idProduct = 0xc077 },
	{ }
};
MODULE_DEVICE_TABLE(usb, usb_ids);

SAMPLE_MODULE("usb");
