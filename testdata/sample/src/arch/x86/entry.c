// SPDX-License-Identifier: MIT OR Apache-2.0
/* arch/x86/entry.o: native ELF (-fno-lto) that exports a data and a GPL function symbol. */
#include <sample/export.h>
#include <sample/api.h>

unsigned long x86_feature_mask = 0x5;
EXPORT_SYMBOL(x86_feature_mask);

int x86_entry_stub(int nr)
{
	if (nr < 0)
		return -38;
	return (int)(x86_feature_mask >> (nr & 63)) & 1;
}
EXPORT_SYMBOL_GPL(x86_entry_stub);
