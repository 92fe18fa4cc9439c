// SPDX-License-Identifier: MIT OR Apache-2.0
/*
 * /init of the e2e initramfs: load every module under /modules with finit_module(2),
 * say what happened on the console, end the machine (restart: qemu -no-reboot exits).
 *
 *   E2E: init start
 *   E2E: loaded <name> (pass <n>)
 *   E2E: FAILED <name>: <strerror>
 *   E2E: ALL MODULES LOADED <n>      or      E2E: FAILURES <n> (loaded <m>)
 *
 * Modules are tried in the order of /modules/order (one file name per line, the harness
 * writes it from each module's modinfo depends=), then any other *.ko in the directory.
 * A module whose load fails is tried again in the next pass while the previous pass made
 * progress, so a missing or wrong order still sorts itself out; a module that needed more
 * than one pass is reported ("pass 2") and the harness decides what that means.
 *
 * Build: gcc -static -Os -o init init.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODDIR "/modules"
#define MAXMODS 4096

struct mod {
	char *file;  /* file name under MODDIR, e.g. virtio-rng.ko */
	int loaded;
	int err;     /* errno of the last attempt */
};

static struct mod mods[MAXMODS];
static int nmods;

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	/* one write per line, so kernel messages do not split it */
	if (write(1, buf, n) < 0) {
		/* nowhere to report it */
	}
}

static void add(const char *file)
{
	for (int i = 0; i < nmods; i++)
		if (strcmp(mods[i].file, file) == 0)
			return;
	if (nmods == MAXMODS) {
		say("E2E: too many modules, ignoring %s", file);
		return;
	}
	mods[nmods].file = strdup(file);
	nmods++;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void read_order(void)
{
	FILE *f = fopen(MODDIR "/order", "r");
	char line[512];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (line[0] && line[0] != '#')
			add(line);
	}
	fclose(f);
}

static void read_dir(void)
{
	DIR *d = opendir(MODDIR);
	struct dirent *e;

	if (!d) {
		say("E2E: cannot open " MODDIR ": %s", strerror(errno));
		return;
	}
	while ((e = readdir(d)))
		if (ends_with(e->d_name, ".ko"))
			add(e->d_name);
	closedir(d);
}

static void name_of(const char *file, char *out, size_t len)
{
	snprintf(out, len, "%s", file);
	if (ends_with(out, ".ko"))
		out[strlen(out) - 3] = 0;
}

/*
 * The e2e kernels have no ACPI, so reboot(RB_POWER_OFF) only halts ("Power off not
 * available: System halted instead") and qemu would wait forever. A restart is what
 * ends qemu under -no-reboot.
 */
static void power_off(void)
{
	sync();
	reboot(RB_AUTOBOOT);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

int main(void)
{
	int loaded = 0, failed = 0, pass, progress = 1;
	char name[256], path[512];

	/* the console is /dev/console from the cpio; nothing else is needed */
	say("E2E: init start");
	read_order();
	read_dir();
	say("E2E: %d modules", nmods);

	for (pass = 1; progress && loaded < nmods; pass++) {
		progress = 0;
		for (int i = 0; i < nmods; i++) {
			int fd;

			if (mods[i].loaded)
				continue;
			snprintf(path, sizeof(path), MODDIR "/%s", mods[i].file);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				mods[i].err = errno;
				continue;
			}
			if (syscall(SYS_finit_module, fd, "", 0) == 0 || errno == EEXIST) {
				mods[i].loaded = 1;
				loaded++;
				progress = 1;
				name_of(mods[i].file, name, sizeof(name));
				say("E2E: loaded %s (pass %d)", name, pass);
			} else {
				mods[i].err = errno;
			}
			close(fd);
		}
	}

	for (int i = 0; i < nmods; i++) {
		if (mods[i].loaded)
			continue;
		failed++;
		name_of(mods[i].file, name, sizeof(name));
		say("E2E: FAILED %s: %s", name, strerror(mods[i].err));
	}
	if (failed)
		say("E2E: FAILURES %d (loaded %d)", failed, loaded);
	else
		say("E2E: ALL MODULES LOADED %d", loaded);
	power_off();
	return 0;
}
