// SPDX-License-Identifier: MIT OR Apache-2.0
/* arch/x86/setup.o: native ELF (-fno-lto) without exports. */
#include <sample/api.h>

void setup_arch(void)
{
	x86_feature_mask |= 0x100;
}
