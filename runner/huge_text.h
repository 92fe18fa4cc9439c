/* thinpost's runners: clang's or libLLVM's text onto transparent huge pages. */
#ifndef THINPOST_HUGE_TEXT_H
#define THINPOST_HUGE_TEXT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/*
 * Moves the large text segments of this process (libLLVM's and libclang-cpp's: 117 and
 * 64 MiB for clang-19) into anonymous memory backed by transparent huge pages. Shared
 * by the fork server (runner/forkserver.c) and the lto server (runner/ltoserver.cpp).
 *
 * fork does not copy the page table entries of file mappings: every child would take
 * a page fault for each 64 KiB of clang's code it runs -- about 750 faults and 4 ms of
 * CPU per job, half of a small job's cost here. Anonymous memory's entries are copied,
 * and with huge pages one entry covers 2 MiB, so a child starts with all of clang's
 * code mapped at the cost of a few hundred entries. The bytes are the same (text has
 * no relocations), at the same addresses; the price is the segments' size in private
 * memory per server, which is why thinpost asks for it only when memory allows. A
 * process that does not fork (the lto server) gains the other half of it: code on huge
 * pages takes far fewer instruction-TLB misses (`init/main.o`'s backend: 117 instead of
 * 127 ms in a clang-19 fork-server child).
 * Each segment is copied once into a staging area and moved over the file mapping with
 * mremap, which replaces it in one step or, failing, leaves it as it was. Nothing else
 * runs meanwhile: the server has one thread, and neither this code nor the libc
 * functions it calls live in the segments being moved.
 */
static void thinpost_huge_text(void) {
  enum { MAX_SEGMENTS = 16 };
  unsigned long lo[MAX_SEGMENTS], hi[MAX_SEGMENTS];
  int n = 0;
  FILE *maps = fopen("/proc/self/maps", "re");
  if (!maps)
    return;
  char line[4096];
  while (n < MAX_SEGMENTS && fgets(line, sizeof line, maps)) {
    unsigned long a, b, off, inode;
    char perms[5], dev[32];
    if (sscanf(line, "%lx-%lx %4s %lx %31s %lu", &a, &b, perms, &off, dev, &inode) != 6)
      continue;
    if (inode != 0 && strcmp(perms, "r-xp") == 0 && b - a >= (8ul << 20)) {
      lo[n] = a;
      hi[n] = b;
      n++;
    }
  }
  fclose(maps);
  const uintptr_t huge = 2ul << 20;
  for (int i = 0; i < n; i++) {
    size_t len = hi[i] - lo[i];
    /* A staging area at the same offset within a huge page as the segment, so that
     * mremap moves its huge-page entries whole. */
    char *area = (char *)mmap(NULL, len + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((void *)area == MAP_FAILED)
      return;
    uintptr_t a = (uintptr_t)area;
    uintptr_t stage = (a & ~(huge - 1)) + (lo[i] & (huge - 1));
    if (stage < a)
      stage += huge;
    if (stage > a)
      munmap(area, stage - a);
    if (a + len + huge > stage + len)
      munmap((void *)(stage + len), a + len + huge - (stage + len));
    madvise((void *)stage, len, MADV_HUGEPAGE);
    memcpy((void *)stage, (void *)lo[i], len);
    /* One step replaces the file mapping; if it fails, the segment is as it was. */
    if (mprotect((void *)stage, len, PROT_READ | PROT_EXEC) != 0 ||
        mremap((void *)stage, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)lo[i]) == MAP_FAILED) {
      munmap((void *)stage, len);
      return;
    }
  }
}

#endif
