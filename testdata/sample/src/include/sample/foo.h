/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Internal and exported API of module drivers/foo/foo.ko. */
#ifndef _SAMPLE_FOO_H
#define _SAMPLE_FOO_H

#include <sample/types.h>

struct foo_scale {
	u32 mul;
	u32 div;
};

extern const struct foo_scale foo_util_table[4];
u32 foo_util_scale(u32 value, unsigned int idx);

#endif /* _SAMPLE_FOO_H */
