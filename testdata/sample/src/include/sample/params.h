/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Shared types in the shape of include/linux/moduleparam.h. */
#ifndef _SAMPLE_PARAMS_H
#define _SAMPLE_PARAMS_H

#include <sample/types.h>

struct kernel_param;

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

struct kernel_param {
	const char *name;
	const struct kernel_param_ops *ops;
	u16 perm;
	signed char level;
	u8 flags;
	union {
		void *arg;
		const char *str;
	};
};

extern const struct kernel_param_ops param_ops_int;
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_set_int(const char *val, const struct kernel_param *kp);
extern const char sample_greeting[];

#endif /* _SAMPLE_PARAMS_H */
