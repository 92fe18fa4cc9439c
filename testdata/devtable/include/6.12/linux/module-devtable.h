/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MODULE_DEVICE_TABLE() exactly as Linux 6.12's include/linux/module.h defines it
 * (Debian linux-source-6.12, 6.12.117, lines 249-256), for thinpost's device-table
 * sample modules. GPL-2.0, like the kernel it is copied from.
 */
#ifndef _DEVTABLE_MODULE_DEVTABLE_H
#define _DEVTABLE_MODULE_DEVTABLE_H

#ifdef MODULE
/* Creates an alias so file2alias.c can find device table. */
#define MODULE_DEVICE_TABLE(type, name)					\
extern typeof(name) __mod_##type##__##name##_device_table		\
  __attribute__ ((unused, alias(__stringify(name))))
#else  /* !MODULE */
#define MODULE_DEVICE_TABLE(type, name)
#endif

#endif
