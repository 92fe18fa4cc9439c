/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * thinpost sample tree: the few attribute helpers the kernel's
 * include/linux/compiler_types.h and compiler_attributes.h provide
 * (force-included with -include, as kbuild does).
 */
#ifndef _SAMPLE_COMPILER_TYPES_H
#define _SAMPLE_COMPILER_TYPES_H

#define __used			__attribute__((__used__))
#define __section(s)		__attribute__((__section__(s)))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __visible		__attribute__((__externally_visible__))
#define __maybe_unused		__attribute__((__unused__))
#define noinline		__attribute__((__noinline__))
#define __weak			__attribute__((__weak__))
#define __init			__section(".init.text")
#define __exit			__section(".exit.text")

/* Indirect macros required for expanded argument pasting, eg. __LINE__. */
#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)

/* Not-quite-unique ID, as in the kernel. */
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#endif /* _SAMPLE_COMPILER_TYPES_H */
