/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Shared types (genksyms hashes their full definitions into the CRCs). */
#ifndef _SAMPLE_DEVICE_H
#define _SAMPLE_DEVICE_H

#include <sample/types.h>

struct sample_device;

struct sample_ops {
	int (*probe)(struct sample_device *dev);
	void (*remove)(struct sample_device *dev);
	long (*ioctl)(struct sample_device *dev, unsigned int cmd, unsigned long arg);
};

struct sample_device {
	const char *name;
	u32 id;
	u32 flags;
	const struct sample_ops *ops;
	struct sample_device *next;
	void *priv;
};

enum sample_state {
	SAMPLE_STATE_BOOTING,
	SAMPLE_STATE_RUNNING,
	SAMPLE_STATE_HALTED,
};

typedef int (*sample_handler_t)(int value);

#endif /* _SAMPLE_DEVICE_H */
