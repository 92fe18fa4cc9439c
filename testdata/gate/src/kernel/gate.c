// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * kernel/gate.o: three exports.  gate_submit() takes struct gate_request, whose
 * layout differs between the two versions of the tree; the others do not reach it.
 */
#include <sample/export.h>
#include <gate/request.h>

int gate_version = 1;
EXPORT_SYMBOL(gate_version);

static int gate_count;

int gate_submit(struct gate_request *req, enum gate_mode mode)
{
	gate_count++;
	return mode == GATE_MODE_SYNC ? (int)req->id : (int)req->len;
}
EXPORT_SYMBOL_GPL(gate_submit);

void gate_reset(void)
{
	gate_count = 0;
}
EXPORT_SYMBOL(gate_reset);

unsigned int gate_pending(const struct gate_queue *queue)
{
	return queue ? (unsigned int)gate_count : 0;
}
EXPORT_SYMBOL_GPL(gate_pending);
