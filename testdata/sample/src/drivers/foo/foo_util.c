// SPDX-License-Identifier: MIT OR Apache-2.0
/* drivers/foo/foo.ko, part 2 of 2: exports a plain and a namespaced symbol. */
#include <sample/export.h>
#include <sample/api.h>
#include <sample/foo.h>

const struct foo_scale foo_util_table[4] = {
	{ 1, 1 }, { 3, 2 }, { 2, 1 }, { 5, 2 },
};
EXPORT_SYMBOL_NS_GPL(foo_util_table, FOO_NS);

u32 foo_util_scale(u32 value, unsigned int idx)
{
	const struct foo_scale *s = &foo_util_table[idx & 3];

	return value * s->mul / s->div + csum_fold_sample(s, sizeof(*s)) % 2 +
	       (u32)cfi_dispatch(idx, 1);
}
EXPORT_SYMBOL(foo_util_scale);
