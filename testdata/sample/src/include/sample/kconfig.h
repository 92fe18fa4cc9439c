/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * thinpost sample tree: stand-in for the kernel's include/linux/kconfig.h +
 * include/generated/autoconf.h (force-included with -include, as kbuild does).
 */
#ifndef _SAMPLE_KCONFIG_H
#define _SAMPLE_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_MODULES 1
#define CONFIG_MODVERSIONS 1
#define CONFIG_LTO_CLANG 1
#define CONFIG_LTO_CLANG_THIN 1

#endif /* _SAMPLE_KCONFIG_H */
