// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * kernel/module.o: LLVM IR.  module_layout() exists only for its CRC: modpost -m
 * requires vmlinux to export it and versions every module against it
 * (as kernel/module/version.c does).
 */
#include <sample/export.h>
#include <sample/modversion.h>

void module_layout(struct module *mod,
		   struct modversion_info *ver,
		   struct kernel_param *kp,
		   struct kernel_symbol *ks,
		   struct tracepoint * const *tp)
{
}
EXPORT_SYMBOL(module_layout);
