/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* API exported by module drivers/bar/bar.ko. */
#ifndef _SAMPLE_BAR_H
#define _SAMPLE_BAR_H

#include <sample/device.h>

struct bar_request {
	struct sample_device *dev;
	u32 op;
	u32 len;
	void *buf;
};

extern int bar_value;
int bar_api(struct bar_request *req);

#endif /* _SAMPLE_BAR_H */
