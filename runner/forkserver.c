/*
 * thinpost's fork server for clang: a preload library that turns one clang process
 * into a server of many compiles.
 *
 * Loaded with LD_PRELOAD=<this library> and THINPOST_FORKSERVER=1 into the very clang
 * binary a job would run, it takes the place of clang's `main` after the dynamic
 * loader has loaded and relocated libclang-cpp and libLLVM and their static
 * constructors have run -- the start-up every clang process pays. Then, for each job
 * read from standard input, it forks; the child is that clang process as it was the
 * moment before `main`, and calls clang's own `main` with the job's argument vector
 * in the job's directory (the server changes to it before forking), its standard output and error going to memory files. The
 * parent waits and writes the exit status and both outputs to standard output.
 *
 * Because the child runs the unmodified clang binary's own `main` -- driver, -cc1,
 * diagnostics, exit -- a job's outputs and messages are those of the `clang` command
 * byte for byte; only the exec, the dynamic loading and the static constructors are
 * shared. Without THINPOST_FORKSERVER=1 in the environment the library does nothing.
 * With THINPOST_FORKSERVER_HUGE_TEXT=1 the server first moves clang's large text
 * segments onto huge pages (see huge_text.h). All three variables, and this library in
 * LD_PRELOAD, are gone from the environment before any job runs.
 *
 * Protocol (all integers little-endian u32 unless said):
 *   hello:    "TPFS" and the protocol version (1), written once when the server starts.
 *   request:  total length, then NUL-terminated strings: the directory, then argv.
 *   response: kind (0 exited, 1 killed by a signal, 2 could not start: errno in code),
 *             code (i32: exit status, signal number or errno), stdout length, stdout,
 *             stderr length, stderr.
 *   The server exits when standard input reaches its end.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "framing.h"
#include "huge_text.h"

typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);

static main_fn clang_main;
extern char **environ;

/* Sends a memory file's contents, length first. */
static int send_file(int out, int fd) {
  off_t len = lseek(fd, 0, SEEK_END);
  if (len < 0 || len > 0x7fffffff || lseek(fd, 0, SEEK_SET) != 0)
    return -1;
  if (write_u32(out, (uint32_t)len) != 0)
    return -1;
  char buf[65536];
  off_t left = len;
  while (left > 0) {
    ssize_t n = read(fd, buf, left < (off_t)sizeof buf ? (size_t)left : sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    if (write_all(out, buf, (size_t)n) != 0)
      return -1;
    left -= n;
  }
  return 0;
}

/* The job's child: the clang process as it was before `main`, in the job's directory. */
static void run_child(pid_t server, int argc, char **argv, int out, int err, int null) {
  /* A job must not outlive its server: thinpost retries the job of a server that died. */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != server)
    _exit(127);
  if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
    _exit(127);
  close(null);
  close(out);
  close(err);
  exit(clang_main(argc, argv, environ));
}

static int serve(int argc, char **argv_unused, char **envp_unused) {
  (void)argv_unused;
  (void)envp_unused;
  /* thinpost starts a server with no arguments. More means this process is not the
   * compiler itself but an interpreter running it (a wrapper script): its `main` would
   * not be the compiler's, so it must not serve jobs. */
  if (argc != 1)
    _exit(0);
  /* Jobs see the environment the clang command would: without this library. */
  const char *saved = getenv("THINPOST_FORKSERVER_LD_PRELOAD");
  if (saved && *saved)
    setenv("LD_PRELOAD", saved, 1);
  else
    unsetenv("LD_PRELOAD");
  unsetenv("THINPOST_FORKSERVER_LD_PRELOAD");
  unsetenv("THINPOST_FORKSERVER");
  const char *huge = getenv("THINPOST_FORKSERVER_HUGE_TEXT");
  if (huge && strcmp(huge, "1") == 0)
    thinpost_huge_text();
  unsetenv("THINPOST_FORKSERVER_HUGE_TEXT");

  /* Requests on 0 and responses on 1 are moved out of the way of the jobs' own. */
  int in = fcntl(0, F_DUPFD_CLOEXEC, 3);
  int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (in < 0 || out < 0 || null < 0)
    _exit(125);
  dup2(null, 0);
  dup2(null, 1);
  /* A job's child that dies must not take the server with it through SIGPIPE. */
  signal(SIGPIPE, SIG_IGN);
  pid_t self = getpid();
  if (write_all(out, "TPFS", 4) != 0 || write_u32(out, 1) != 0)
    _exit(0);

  for (;;) {
    uint32_t len;
    if (read_u32(in, &len) != 0)
      _exit(0);
    char *req = malloc((size_t)len + 1);
    if (!req || read_all(in, req, len) != 0)
      _exit(0);
    req[len] = 0;
    /* dir, then argv words. */
    int argc = -1;
    for (uint32_t i = 0; i < len; i++)
      argc += req[i] == 0;
    char **argv = calloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof *argv);
    const char *dir = req;
    char *p = req + strlen(req) + 1;
    for (int i = 0; i < argc; i++) {
      argv[i] = p;
      p += strlen(p) + 1;
    }
    int fo = memfd_create("thinpost-stdout", MFD_CLOEXEC);
    int fe = memfd_create("thinpost-stderr", MFD_CLOEXEC);
    uint32_t kind = 2, code = 0;
    if (argc <= 0 || fo < 0 || fe < 0) {
      code = argc <= 0 ? EINVAL : (uint32_t)errno;
    } else if (chdir(dir) != 0) {
      /* Reported as "could not start", as a failed spawn in that directory would be. */
      code = (uint32_t)errno;
    } else {
      pid_t pid = fork();
      if (pid == 0) {
        /* The child must not keep the server's end of the protocol. */
        close(in);
        close(out);
        signal(SIGPIPE, SIG_DFL);
        run_child(self, argc, argv, fo, fe, null);
      }
      int status = 0;
      if (pid < 0) {
        code = (uint32_t)errno;
      } else {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFSIGNALED(status)) {
          kind = 1;
          code = (uint32_t)WTERMSIG(status);
        } else {
          kind = 0;
          code = (uint32_t)WEXITSTATUS(status);
        }
      }
    }
    int bad = write_u32(out, kind) || write_u32(out, code);
    if (!bad && kind != 2)
      bad = send_file(out, fo) || send_file(out, fe);
    else if (!bad)
      bad = write_u32(out, 0) || write_u32(out, 0);
    if (fo >= 0)
      close(fo);
    if (fe >= 0)
      close(fe);
    free(argv);
    free(req);
    if (bad)
      _exit(0);
  }
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end) {
  start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
  const char *on = getenv("THINPOST_FORKSERVER");
  if (!on || strcmp(on, "1") != 0)
    return real(main, argc, argv, init, fini, rtld_fini, stack_end);
  clang_main = main;
  return real(serve, argc, argv, init, fini, rtld_fini, stack_end);
}
