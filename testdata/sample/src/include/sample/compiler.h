/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#ifndef _SAMPLE_COMPILER_H
#define _SAMPLE_COMPILER_H

#include <sample/types.h>

/*
 * Force the compiler to emit 'sym' as a symbol, so that we can reference
 * it from inline assembler (the shape of linux/compiler.h's __ADDRESSABLE).
 */
#define ___ADDRESSABLE(sym, __attrs)					\
	static void * __used __attrs					\
	__UNIQUE_ID(__PASTE(__addressable_,sym)) = (void *)(uintptr_t)&sym;

#define __ADDRESSABLE(sym) \
	___ADDRESSABLE(sym, __section(".discard.addressable"))

#endif /* _SAMPLE_COMPILER_H */
