/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Types of module_layout(), whose CRC stands for the module ABI as a whole. */
#ifndef _SAMPLE_MODVERSION_H
#define _SAMPLE_MODVERSION_H

#include <sample/types.h>
#include <sample/params.h>

#define MODULE_NAME_LEN 56

struct modversion_info {
	unsigned long crc;
	char name[64 - sizeof(unsigned long)];
};

struct kernel_symbol {
	int value_offset;
	int name_offset;
	int namespace_offset;
};

struct module {
	int state;
	char name[MODULE_NAME_LEN];
	const struct kernel_symbol *syms;
	const u32 *crcs;
	unsigned int num_syms;
	struct kernel_param *kp;
	unsigned int num_kp;
};

struct tracepoint;

void module_layout(struct module *mod, struct modversion_info *ver,
		   struct kernel_param *kp, struct kernel_symbol *ks,
		   struct tracepoint * const *tp);

#endif /* _SAMPLE_MODVERSION_H */
