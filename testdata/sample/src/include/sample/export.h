/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * thinpost sample tree: symbol export macros with the layout of Linux 6.12
 * include/linux/export.h.
 *
 * Each EXPORT_SYMBOL*() emits, through top-level asm, one entry into the
 * ".export_symbol" section:
 *
 *	__export_symbol_<sym>:
 *		.asciz "<license>"	("" or "GPL")
 *		.ascii "<ns>" "\0"	(namespace, possibly empty)
 *		.balign 8
 *		.quad <sym>
 *
 * plus an __ADDRESSABLE() reference that keeps <sym> alive.  modpost reads
 * these entries; the kernel's linker script discards the section.
 *
 * Under -D__GENKSYMS__ the macros expand to __GENKSYMS_EXPORT_SYMBOL(sym),
 * which is what scripts/genksyms/genksyms looks for in its preprocessed input.
 */
#ifndef _SAMPLE_EXPORT_H
#define _SAMPLE_EXPORT_H

#include <sample/compiler.h>
#include <sample/linkage.h>
#include <sample/stringify.h>

#ifdef CONFIG_64BIT
#define __EXPORT_SYMBOL_REF(sym)			\
	.balign 8				ASM_NL	\
	.quad sym
#else
#define __EXPORT_SYMBOL_REF(sym)			\
	.balign 4				ASM_NL	\
	.long sym
#endif

#define ___EXPORT_SYMBOL(sym, license, ns)		\
	.section ".export_symbol","a"		ASM_NL	\
	__export_symbol_##sym:			ASM_NL	\
		.asciz license			ASM_NL	\
		.ascii ns "\0"			ASM_NL	\
		__EXPORT_SYMBOL_REF(sym)	ASM_NL	\
	.previous

#if defined(__GENKSYMS__)

#define __EXPORT_SYMBOL(sym, license, ns)	__GENKSYMS_EXPORT_SYMBOL(sym)

#elif defined(__ASSEMBLY__)

#define __EXPORT_SYMBOL(sym, license, ns) \
	___EXPORT_SYMBOL(sym, license, ns)

#else

#define __EXPORT_SYMBOL(sym, license, ns)			\
	extern typeof(sym) sym;					\
	__ADDRESSABLE(sym)					\
	asm(__stringify(___EXPORT_SYMBOL(sym, license, ns)))

#endif

#ifdef DEFAULT_SYMBOL_NAMESPACE
#define _EXPORT_SYMBOL(sym, license)	__EXPORT_SYMBOL(sym, license, __stringify(DEFAULT_SYMBOL_NAMESPACE))
#else
#define _EXPORT_SYMBOL(sym, license)	__EXPORT_SYMBOL(sym, license, "")
#endif

#define EXPORT_SYMBOL(sym)		_EXPORT_SYMBOL(sym, "")
#define EXPORT_SYMBOL_GPL(sym)		_EXPORT_SYMBOL(sym, "GPL")
#define EXPORT_SYMBOL_NS(sym, ns)	__EXPORT_SYMBOL(sym, "", __stringify(ns))
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	__EXPORT_SYMBOL(sym, "GPL", __stringify(ns))

#endif /* _SAMPLE_EXPORT_H */
