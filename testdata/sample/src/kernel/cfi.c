// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * kernel/cfi.o: built with -fsanitize=cfi-icall (plus -fsplit-lto-unit and
 * -fvisibility=hidden), so its bitcode file holds TWO modules: the ThinLTO
 * module and the regular-LTO module that carries the type metadata.
 */
#include <sample/export.h>
#include <sample/api.h>

static int cfi_double(int v)
{
	return v * 2;
}

static int cfi_negate(int v)
{
	return -v;
}

static sample_handler_t cfi_handlers[2] = { cfi_double, cfi_negate };

int cfi_dispatch(unsigned int idx, int value)
{
	return cfi_handlers[idx & 1](value);
}
EXPORT_SYMBOL_GPL(cfi_dispatch);

int cfi_call_handler(sample_handler_t fn, int value)
{
	return fn(value);
}
EXPORT_SYMBOL(cfi_call_handler);
