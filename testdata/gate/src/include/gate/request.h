/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * thinpost gate sample: the argument struct of an exported function.  Version 2
 * of the tree (-DGATE_V2) adds a member, which changes the genksyms CRC of every
 * export whose declaration reaches the struct.
 */
#ifndef _GATE_REQUEST_H
#define _GATE_REQUEST_H

#include <sample/types.h>

struct gate_queue;

struct gate_request {
	u32 id;
	unsigned int len;
#ifdef GATE_V2
	unsigned long flags;
#endif
	struct gate_queue *queue;
};

enum gate_mode {
	GATE_MODE_SYNC,
	GATE_MODE_ASYNC,
};

extern int gate_version;
int gate_submit(struct gate_request *req, enum gate_mode mode);
void gate_reset(void);
unsigned int gate_pending(const struct gate_queue *queue);

#endif /* _GATE_REQUEST_H */
