// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * kernel/core.o: LLVM IR with a saved_c_flags_ line.  Calls lib/string.c's
 * sample_strnlen(), a candidate for ThinLTO import, which in turn calls a
 * static helper of lib/string.c (promoted to a global when imported).
 */
#include <sample/export.h>
#include <sample/api.h>

static struct sample_device *core_devices;
unsigned int core_device_count;
EXPORT_SYMBOL(core_device_count);

int core_register_device(struct sample_device *dev)
{
	if (!dev || !dev->name || sample_strnlen(dev->name, 32) == 0)
		return -22;
	dev->next = core_devices;
	core_devices = dev;
	core_device_count++;
	return dev->ops && dev->ops->probe ? dev->ops->probe(dev) : 0;
}
EXPORT_SYMBOL_GPL(core_register_device);

void core_unregister_device(struct sample_device *dev)
{
	struct sample_device **p;

	for (p = &core_devices; *p; p = &(*p)->next) {
		if (*p == dev) {
			*p = dev->next;
			core_device_count--;
			if (dev->ops && dev->ops->remove)
				dev->ops->remove(dev);
			return;
		}
	}
}
EXPORT_SYMBOL_GPL(core_unregister_device);
