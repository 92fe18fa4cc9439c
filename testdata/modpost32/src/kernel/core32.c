// SPDX-License-Identifier: MIT OR Apache-2.0
/* vmlinux of the 32-bit sample: exports of each kind, and a section mismatch whose
 * relocation is REL (i386 has no addends in its relocation entries). */
#include <sample/export.h>
#include <sample/module.h>
#include <sample/api.h>

int core32_count;
EXPORT_SYMBOL(core32_count);

int core32_register(int id)
{
	return id + core32_count;
}
EXPORT_SYMBOL_GPL(core32_register);

int core32_ns_get(void)
{
	return 32;
}
EXPORT_SYMBOL_NS_GPL(core32_ns_get, CORE32_NS);

__attribute__((section(".init.text"))) int core32_early(void)
{
	return 1;
}

struct hook { int (*fn)(void); };
/* .data -> .init.text, not whitelisted: modpost reports a section mismatch. */
struct hook core32_hook = { .fn = core32_early };
