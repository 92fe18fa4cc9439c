/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Prototypes of the sample vmlinux's exported symbols. */
#ifndef _SAMPLE_API_H
#define _SAMPLE_API_H

#include <sample/types.h>
#include <sample/device.h>

/* init/main.c */
extern enum sample_state sample_system_state;
void sample_panic(const char *msg);
void start_sample_kernel(void);

/* kernel/core.c */
extern unsigned int core_device_count;
int core_register_device(struct sample_device *dev);
void core_unregister_device(struct sample_device *dev);

/* kernel/nsapi.c (namespace SAMPLE_NS) */
extern const u32 ns_api_version;
struct sample_device *ns_get_device(u32 id);

/* kernel/cfi.c (built with -fsanitize=cfi-icall: two modules in one file) */
int cfi_dispatch(unsigned int idx, int value);
int cfi_call_handler(sample_handler_t fn, int value);

/* lib/string.c */
extern const char sample_tag[];
size_t sample_strnlen(const char *s, size_t max);
void *sample_memfill(void *dst, int c, size_t n);

/* lib/checksum.c (native ELF) */
extern const u32 csum_table[16];
u32 csum_fold_sample(const void *buf, size_t len);

/* arch/x86/entry.c (native ELF) */
extern unsigned long x86_feature_mask;
int x86_entry_stub(int nr);

/* arch/x86/setup.c (native ELF, exports nothing) */
void setup_arch(void);

#endif /* _SAMPLE_API_H */
