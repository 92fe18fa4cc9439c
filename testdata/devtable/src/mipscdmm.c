#include <devtable-sample.h>

TABLE(mips_cdmm_device_id, mips_cdmm_ids) = {
	{ 0xfd },
	{ 0x02 },
	{ }
};
MODULE_DEVICE_TABLE(mipscdmm, mips_cdmm_ids);

SAMPLE_MODULE("mipscdmm");
