/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * thinpost device-table samples: what a driver's .c file needs to define a device table
 * the way the kernel does, without the kernel's headers. As scripts/mod/file2alias.c
 * does, <linux/mod_devicetable.h> is included outside __KERNEL__, with its basic types
 * supplied here; MODULE_DEVICE_TABLE() comes from the version's <linux/module-devtable.h>
 * (the kernel's own lines) and the .modinfo strings have the kernel's shape.
 */
#ifndef _DEVTABLE_SAMPLE_H
#define _DEVTABLE_SAMPLE_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long kernel_ulong_t;
#define BITS_PER_LONG (8 * __SIZEOF_LONG__)
typedef struct { __u8 b[16]; } guid_t;
typedef struct { __u8 b[16]; } uuid_t;
typedef struct { __u8 b[16]; } uuid_le;
#define UUID_STRING_LEN 36

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#include <linux/module-devtable.h>
#include <linux/mod_devicetable.h>

#ifdef MODULE
#define __MODULE_INFO_PREFIX /* nothing */
#else
#define __MODULE_INFO_PREFIX KBUILD_MODNAME "."
#endif
#define MODULE_INFO(tag, info)						\
	static const char __UNIQUE_ID(tag)[]				\
		__attribute__((used, section(".modinfo"), aligned(1)))	\
		= __MODULE_INFO_PREFIX __stringify(tag) "=" info
#define MODULE_LICENSE(l) MODULE_INFO(license, l)
#define MODULE_DESCRIPTION(d) MODULE_INFO(description, d)

/* Device tables are static const arrays; "used" keeps them where nothing else refers. */
#define TABLE(type, name) static const struct type name[] __attribute__((used))

#define SAMPLE_MODULE(what)						\
	MODULE_LICENSE("GPL");						\
	MODULE_DESCRIPTION("thinpost device-table sample: " what)

#endif
