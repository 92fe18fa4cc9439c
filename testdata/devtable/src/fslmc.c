#include <devtable-sample.h>

TABLE(fsl_mc_device_id, fsl_mc_ids) = {
	{ .vendor = 0x1957, .obj_type = "dpni" },
	{ .vendor = 0x1957, .obj_type = "dpmac" },
	{ .vendor = 0 }
};
MODULE_DEVICE_TABLE(fslmc, fsl_mc_ids);

SAMPLE_MODULE("fslmc");
