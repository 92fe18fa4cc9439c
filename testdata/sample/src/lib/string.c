// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * lib/string.o: LLVM IR.  Its savedcmd_ line carries Make escapes: the
 * command-line define -DSAMPLE_TAG='"$id#2"' is saved as
 * -DSAMPLE_TAG='"$$id$(pound)2"'.
 *
 * sample_strnlen() is small enough to be imported into other modules by
 * ThinLTO; it calls the static count_bytes(), which is then promoted
 * (renamed count_bytes.llvm.<hash>).
 */
#include <sample/export.h>
#include <sample/api.h>

const char sample_tag[] = SAMPLE_TAG;
EXPORT_SYMBOL(sample_tag);

static noinline size_t count_bytes(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t sample_strnlen(const char *s, size_t max)
{
	return count_bytes(s, max);
}
EXPORT_SYMBOL(sample_strnlen);

void *sample_memfill(void *dst, int c, size_t n)
{
	volatile u8 *p = dst;

	while (n--)
		*p++ = (u8)c;
	return dst;
}
EXPORT_SYMBOL(sample_memfill);
