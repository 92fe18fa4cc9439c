// SPDX-License-Identifier: MIT OR Apache-2.0
/* init/main.o: LLVM IR (ThinLTO); exports a data and a GPL function symbol. */
#include <sample/export.h>
#include <sample/api.h>

enum sample_state sample_system_state;
EXPORT_SYMBOL(sample_system_state);

void sample_panic(const char *msg)
{
	sample_system_state = SAMPLE_STATE_HALTED;
	for (;;)
		asm volatile("hlt" : : "r"(msg));
}
EXPORT_SYMBOL_GPL(sample_panic);

void start_sample_kernel(void)
{
	setup_arch();
	if (x86_entry_stub(0) < 0)
		sample_panic("entry");
	sample_system_state = SAMPLE_STATE_RUNNING;
}
