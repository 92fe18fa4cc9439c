// SPDX-License-Identifier: MIT OR Apache-2.0
/* A module of the 32-bit sample: imports from vmlinux (one from a namespace it does not
 * import), one symbol nobody exports, and an export of its own. */
#include <sample/export.h>
#include <sample/module.h>
#include <sample/api.h>

int core32_register(int id);
int core32_ns_get(void);
extern int core32_count;
int nobody32_exports_this(void);

int m32_value(void)
{
	return core32_register(1) + core32_ns_get() + core32_count + nobody32_exports_this();
}
EXPORT_SYMBOL(m32_value);

static int m32_init(void)
{
	return m32_value();
}
module_init(m32_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("thinpost 32-bit sample module");
