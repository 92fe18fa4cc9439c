/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#ifndef _SAMPLE_TYPES_H
#define _SAMPLE_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned long size_t;
typedef unsigned long uintptr_t;
typedef _Bool bool;

#define NULL ((void *)0)
#define true 1
#define false 0

#endif /* _SAMPLE_TYPES_H */
