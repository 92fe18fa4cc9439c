#include <devtable-sample.h>

TABLE(eisa_device_id, eisa_ids) = {
	{ "TCM5920" },
	{ "NPI0303" },
	{ "" }
};
MODULE_DEVICE_TABLE(eisa, eisa_ids);

SAMPLE_MODULE("eisa");
