/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * thinpost sample tree: the .modinfo and module_init()/module_exit() shapes of
 * Linux 6.12 include/linux/module.h and include/linux/moduleparam.h.
 *
 * MODULE_INFO(tag, info) emits one NUL-terminated "tag=info" string into the
 * ".modinfo" section (prefixed "<KBUILD_MODNAME>." when built in).
 */
#ifndef _SAMPLE_MODULE_H
#define _SAMPLE_MODULE_H

#include <sample/compiler.h>
#include <sample/export.h>
#include <sample/stringify.h>

#ifdef MODULE
#define __MODULE_INFO_PREFIX /* nothing */
#else
#define __MODULE_INFO_PREFIX KBUILD_MODNAME "."
#endif

#define __MODULE_INFO(tag, name, info)					  \
	static const char __UNIQUE_ID(name)[]				  \
		__used __section(".modinfo") __aligned(1)		  \
		= __MODULE_INFO_PREFIX __stringify(tag) "=" info

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)

#ifdef MODULE
#define MODULE_FILE
#else
#define MODULE_FILE	MODULE_INFO(file, KBUILD_MODFILE);
#endif

/* e.g. MODULE_LICENSE("GPL") -> "license=GPL" */
#define MODULE_LICENSE(_license) MODULE_FILE MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
/* e.g. MODULE_IMPORT_NS(SAMPLE_NS) -> "import_ns=SAMPLE_NS" */
#define MODULE_IMPORT_NS(ns)	MODULE_INFO(import_ns, __stringify(ns))

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#ifdef MODULE
/* Each module must use one module_init(). */
#define module_init(initfn)					\
	static inline initcall_t __maybe_unused __inittest(void)	\
	{ return initfn; }					\
	int init_module(void) __attribute__((__alias__(#initfn)));

/* This is only required if you want to be unloadable. */
#define module_exit(exitfn)					\
	static inline exitcall_t __maybe_unused __exittest(void)	\
	{ return exitfn; }					\
	void cleanup_module(void) __attribute__((__alias__(#exitfn)));
#else
#define module_init(initfn)
#define module_exit(exitfn)
#endif

#endif /* _SAMPLE_MODULE_H */
