/*
 * thinpost's runners: the framing of the protocol both servers speak to thinpost
 * (runner/forkserver.c, runner/ltoserver.cpp): whole reads and writes that retry on
 * EINTR, and little-endian u32s. 0 on success, -1 at end of input or on an error.
 * Written in the common subset of C and C++.
 */
#ifndef THINPOST_FRAMING_H
#define THINPOST_FRAMING_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

static int read_all(int fd, void *buf, size_t len) {
  char *p = (char *)buf;
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static int write_all(int fd, const void *buf, size_t len) {
  const char *p = (const char *)buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static int write_u32(int fd, uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  return write_all(fd, b, 4);
}

static int read_u32(int fd, uint32_t *v) {
  unsigned char b[4];
  if (read_all(fd, b, 4) != 0)
    return -1;
  *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
  return 0;
}

#endif
