#include <linux/module.h>
#include <linux/export-internal.h>
#include <linux/compiler.h>

MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

MODULE_INFO(intree, "Y");

KSYMTAB_DATA(foo_util_table, "_gpl", "FOO_NS");
KSYMTAB_FUNC(foo_util_scale, "", "");

SYMBOL_CRC(foo_util_table, 0x9dcad82a, "_gpl");
SYMBOL_CRC(foo_util_scale, 0x0200c3c3, "");

static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0xce0488d8, "ns_get_device" },
	{ 0x4939f593, "core_register_device" },
	{ 0xe65d785a, "bar_api" },
	{ 0x5502a6c2, "core_unregister_device" },
	{ 0x52e40e06, "ns_api_version" },
	{ 0xa04ab720, "core_device_count" },
	{ 0x7a10490e, "bar_value" },
	{ 0x7c30e22, "param_ops_int" },
	{ 0x5f329119, "csum_fold_sample" },
	{ 0xe35ca9d0, "cfi_dispatch" },
	{ 0x34576ad3, "module_layout" },
};

MODULE_INFO(depends, "bar");

