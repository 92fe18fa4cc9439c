// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * drivers/bar/bar.ko: single-object module.  kbuild compiles bar.o to IR and
 * then turns it into ELF in place (cmd_ld_single_m: ld.lld -r).  Exports
 * symbols used by drivers/foo/foo.ko.
 */
#include <sample/export.h>
#include <sample/module.h>
#include <sample/api.h>
#include <sample/bar.h>

int bar_value = 42;
EXPORT_SYMBOL(bar_value);

static struct sample_device bar_dev = { .name = "bar", .id = 7 };

int bar_api(struct bar_request *req)
{
	if (!req || !req->dev)
		return -22;
	if (req->buf)
		sample_memfill(req->buf, bar_value, req->len);
	return (int)sample_strnlen(req->dev->name, 16) + req->op;
}
EXPORT_SYMBOL_GPL(bar_api);

static int bar_init(void)
{
	if (x86_feature_mask & 1)
		bar_value += (int)sample_strnlen(sample_tag, 8);
	return core_register_device(&bar_dev);
}

static void bar_exit(void)
{
	core_unregister_device(&bar_dev);
}

module_init(bar_init);
module_exit(bar_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("thinpost sample: single-object module");
