/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* thinpost 32-bit sample: the sample tree's kconfig.h for a 32-bit (i386) kernel. */
#ifndef _SAMPLE_KCONFIG_H
#define _SAMPLE_KCONFIG_H

#define CONFIG_MODULES 1
#define CONFIG_MODVERSIONS 1

#endif /* _SAMPLE_KCONFIG_H */
