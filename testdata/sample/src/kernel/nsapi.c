// SPDX-License-Identifier: MIT OR Apache-2.0
/* kernel/nsapi.o: LLVM IR; exports into the symbol namespace SAMPLE_NS. */
#include <sample/export.h>
#include <sample/api.h>

const u32 ns_api_version = 0x00010002;
EXPORT_SYMBOL_NS(ns_api_version, SAMPLE_NS);

static struct sample_device ns_devices[2] = {
	{ .name = "ns0", .id = 0 },
	{ .name = "ns1", .id = 1 },
};

struct sample_device *ns_get_device(u32 id)
{
	return id < 2 ? &ns_devices[id] : NULL;
}
EXPORT_SYMBOL_NS_GPL(ns_get_device, SAMPLE_NS);
