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

KSYMTAB_DATA(bar_value, "", "");
KSYMTAB_FUNC(bar_api, "_gpl", "");

SYMBOL_CRC(bar_value, 0x7a10490e, "");
SYMBOL_CRC(bar_api, 0xe65d785a, "_gpl");

static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0x444d1913, "sample_memfill" },
	{ 0x8f9a6b10, "sample_strnlen" },
	{ 0x4939f593, "core_register_device" },
	{ 0x5502a6c2, "core_unregister_device" },
	{ 0x79ccd8e2, "x86_feature_mask" },
	{ 0x32d3776c, "sample_tag" },
	{ 0x34576ad3, "module_layout" },
};

MODULE_INFO(depends, "");

