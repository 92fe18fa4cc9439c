// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * drivers/foo/foo.ko, part 1 of 2 (composite module: foo.o = ld.lld -r of
 * foo_main.o + foo_util.o).  Uses a GPL-only vmlinux export, a namespaced
 * one (hence MODULE_IMPORT_NS(SAMPLE_NS)) and symbols of drivers/bar/bar.ko.
 */
#include <sample/export.h>
#include <sample/module.h>
#include <sample/api.h>
#include <sample/params.h>
#include <sample/bar.h>
#include <sample/foo.h>

static int foo_level;
static const struct kernel_param foo_param = {
	.name = "level",
	.ops = &param_ops_int,
	.perm = 0644,
	.arg = &foo_level,
};

static int foo_probe(struct sample_device *dev)
{
	char buf[16];
	struct bar_request req = { .dev = dev, .op = 1, .len = 0, .buf = NULL };

	foo_param.ops->get(buf, &foo_param);
	return bar_api(&req) + (int)foo_util_scale(bar_value, 1);
}

static const struct sample_ops foo_ops = { .probe = foo_probe };
static struct sample_device foo_dev = { .name = "foo", .id = 3, .ops = &foo_ops };

static int foo_init(void)
{
	struct sample_device *nsdev = ns_get_device(1);

	if (!nsdev || ns_api_version < 0x00010000 || core_device_count > 100)
		return -19;
	return core_register_device(&foo_dev);
}

static void foo_exit(void)
{
	core_unregister_device(&foo_dev);
}

module_init(foo_init);
module_exit(foo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("thinpost sample: composite module");
MODULE_IMPORT_NS(SAMPLE_NS);
