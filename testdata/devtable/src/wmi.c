/* wmi: 7.2 checks the GUID's characters and upper-cases it; both warn on a bad length. */
#include <devtable-sample.h>

TABLE(wmi_device_id, wmi_ids) = {
	{ "05901221-D566-11D1-B2F0-00A0C9062910" },
	{ "8d9ddcbc-a997-11da-b012-b622a1ef5492" },
	{ "1F4C91EB-DC5C-460B" },
	{ "1F4C91EB-DC5C-460B-951D-C7CB9B4B8D5EF" },
	{ "ABBC0F6E-8EA1-11D1-00A0-C90629100Z00" },
	{ }
};
MODULE_DEVICE_TABLE(wmi, wmi_ids);

SAMPLE_MODULE("wmi");
