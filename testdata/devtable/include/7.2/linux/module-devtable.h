/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MODULE_DEVICE_TABLE() exactly as Linux 7.2's include/linux/module.h defines it
 * (Debian linux-source-7.2, 7.2.13, lines 241-257), for thinpost's device-table
 * sample modules. GPL-2.0, like the kernel it is copied from.
 */
#ifndef _DEVTABLE_MODULE_DEVTABLE_H
#define _DEVTABLE_MODULE_DEVTABLE_H

/*
 * Format: __mod_device_table__kmod_<modname>__<type>__<name>
 * Parts of the string `__kmod_` and `__` are used as delimiters when parsing
 * a symbol in file2alias.c
 */
#define __mod_device_table(type, name)	\
	__PASTE(__mod_device_table__,	\
	__PASTE(kmod_,			\
	__PASTE(__KBUILD_MODNAME,	\
	__PASTE(__,			\
	__PASTE(type,			\
	__PASTE(__, name))))))

/* Creates an alias so file2alias.c can find device table. */
#define MODULE_DEVICE_TABLE(type, name)					\
static typeof(name) __mod_device_table(type, name)			\
  __attribute__ ((used, alias(__stringify(name))))

#endif
