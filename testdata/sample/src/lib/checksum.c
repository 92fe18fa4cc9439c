// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * lib/checksum.o: native ELF (built with -fno-lto, like kbuild objects whose
 * Makefile removes $(CC_FLAGS_LTO)); placed after IR objects in vmlinux.a.
 */
#include <sample/export.h>
#include <sample/api.h>

const u32 csum_table[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};
EXPORT_SYMBOL_NS_GPL(csum_table, SAMPLE_NS);

u32 csum_fold_sample(const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 crc = ~0u;

	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ csum_table[crc & 15];
		crc = (crc >> 4) ^ csum_table[crc & 15];
	}
	return ~crc;
}
EXPORT_SYMBOL(csum_fold_sample);
