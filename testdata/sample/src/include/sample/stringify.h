/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#ifndef _SAMPLE_STRINGIFY_H
#define _SAMPLE_STRINGIFY_H

/* Indirect stringification: expand macro arguments first (as linux/stringify.h). */
#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

#endif /* _SAMPLE_STRINGIFY_H */
