// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * kernel/params.o: LLVM IR whose saved_c_flags_ line needs real shell
 * quoting: -DKBUILD_MODFILE='"kernel/params"' and '-DGREETING="hello world"'.
 */
#include <sample/export.h>
#include <sample/params.h>

#ifndef GREETING
#error "GREETING must come from the command line"
#endif

const char sample_greeting[] = GREETING " from " KBUILD_MODFILE;
EXPORT_SYMBOL_GPL(sample_greeting);

int param_set_int(const char *val, const struct kernel_param *kp)
{
	int v = 0, neg = 0;

	if (*val == '-') {
		neg = 1;
		val++;
	}
	while (*val >= '0' && *val <= '9')
		v = v * 10 + (*val++ - '0');
	*(int *)kp->arg = neg ? -v : v;
	return 0;
}
EXPORT_SYMBOL(param_set_int);

int param_get_int(char *buffer, const struct kernel_param *kp)
{
	int v = *(int *)kp->arg, n = 0, i;
	char tmp[12];

	if (v < 0) {
		buffer[n++] = '-';
		v = -v;
	}
	i = 0;
	do {
		tmp[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i)
		buffer[n++] = tmp[--i];
	buffer[n] = 0;
	return n;
}
EXPORT_SYMBOL(param_get_int);

const struct kernel_param_ops param_ops_int = {
	.set = param_set_int,
	.get = param_get_int,
};
EXPORT_SYMBOL(param_ops_int);
