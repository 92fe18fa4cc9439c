#include <devtable-sample.h>

TABLE(parisc_device_id, parisc_ids) = {
	{ 0x0a, PA_HVERSION_REV_ANY_ID, PA_HVERSION_ANY_ID, 0x0008c },
	{ PA_HWTYPE_ANY_ID, 0x01, 0x05c, PA_SVERSION_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(parisc, parisc_ids);

SAMPLE_MODULE("parisc");
