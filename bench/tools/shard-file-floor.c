// The kernel's floor for durable object files on this machine, without Node, HTTP or hashing:
// objects per second and CPU per object when each object is written as `files` files of `size`
// bytes, by `inflight * files` threads (each thread writes one file at a time, so `inflight`
// objects are in flight, each with its files written in parallel as Cairn's shard writers do).
// Built and run by shard-file-floor.mjs, which alternates the shapes and reports medians.
//
//   shard-file-floor DIR SHAPE SIZE FILES SECONDS INFLIGHT
//   SHAPE bare:   create DIR/t/<n>.tmp, write, fsync, close, rename to DIR/o/<n> (the bench's bare
//                 server: a temp file renamed into place, no directory fsync)
//         cairn:  exclusive create of d<k>/<ab>/<n>, write, fdatasync, close, fsync of d<k>/<ab>
//                 (Cairn's one-block shard file: "A one-block file in one job")
//         nodir:  as cairn without the directory fsync
//         group:  as cairn without fdatasync or directory fsync, then a group syncfs(2): the
//                 first file to finish starts one, files finishing meanwhile wait for the next
//                 (a group commit of whole-file-system syncs, as the issue suggested trying)
// Prints one JSON line: files, objects, seconds, CPU seconds (user + system of this process).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum shape { BARE, CAIRN, NODIR, GROUP };
static enum shape shape;
static size_t size;
static int files;
static double seconds;
static const char *root;
static char *body;
static atomic_long seq;
static atomic_long written;
static int rootfd;
static double t0;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long started, finished;
static int syncing;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what, const char *path) {
  fprintf(stderr, "%s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

// Waits for a syncfs that started after this call: runs it when none is running.
static void group_sync(void) {
  pthread_mutex_lock(&mu);
  long want = started + 1;
  while (finished < want) {
    if (!syncing) {
      syncing = 1;
      long mine = ++started;
      pthread_mutex_unlock(&mu);
      if (syncfs(rootfd) != 0) die("syncfs", root);
      pthread_mutex_lock(&mu);
      finished = mine;
      syncing = 0;
      pthread_cond_broadcast(&cv);
    } else {
      pthread_cond_wait(&cv, &mu);
    }
  }
  pthread_mutex_unlock(&mu);
}

static void write_all(int fd, const char *path) {
  size_t off = 0;
  while (off < size) {
    ssize_t n = pwrite(fd, body + off, size - off, (off_t)off);
    if (n <= 0) die("pwrite", path);
    off += (size_t)n;
  }
}

static void *writer(void *arg) {
  long k = (long)arg % files;
  char path[4096], dir[4096], tmp[4096];
  while (now() - t0 < seconds) {
    long n = atomic_fetch_add(&seq, 1);
    if (shape == BARE) {
      snprintf(tmp, sizeof tmp, "%s/t/%ld.tmp", root, n);
      snprintf(path, sizeof path, "%s/o/%ld", root, n);
      int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) die("open", tmp);
      write_all(fd, tmp);
      if (fsync(fd) != 0) die("fsync", tmp);
      close(fd);
      if (rename(tmp, path) != 0) die("rename", tmp);
    } else {
      snprintf(dir, sizeof dir, "%s/d%ld/%02lx", root, k, n % 256);
      snprintf(path, sizeof path, "%s/%ld", dir, n);
      int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) die("open", path);
      write_all(fd, path);
      if (shape != GROUP && fdatasync(fd) != 0) die("fdatasync", path);
      close(fd);
      if (shape == CAIRN) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fsync(dfd) != 0) die("fsync", dir);
        close(dfd);
      }
      if (shape == GROUP) group_sync();
    }
    atomic_fetch_add(&written, 1);
  }
  return NULL;
}

static void made(const char *path) {
  if (mkdir(path, 0700) != 0 && errno != EEXIST) die("mkdir", path);
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s DIR bare|cairn|nodir|group SIZE FILES SECONDS INFLIGHT\n", argv[0]);
    return 2;
  }
  root = argv[1];
  const char *s = argv[2];
  shape = !strcmp(s, "bare") ? BARE : !strcmp(s, "cairn") ? CAIRN : !strcmp(s, "nodir") ? NODIR : !strcmp(s, "group") ? GROUP : -1;
  size = strtoul(argv[3], NULL, 10);
  files = atoi(argv[4]);
  seconds = atof(argv[5]);
  int inflight = atoi(argv[6]);
  if ((int)shape < 0 || size == 0 || files < 1 || files > 16 || seconds <= 0 || inflight < 1 || inflight > 64) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  body = malloc(size);
  for (size_t i = 0; i < size; i++) body[i] = (char)(i * 2654435761u >> 24);
  char path[4096];
  made(root);
  if (shape == BARE) {
    snprintf(path, sizeof path, "%s/t", root); made(path);
    snprintf(path, sizeof path, "%s/o", root); made(path);
  } else {
    for (int k = 0; k < files; k++) {
      snprintf(path, sizeof path, "%s/d%d", root, k); made(path);
      for (int i = 0; i < 256; i++) { snprintf(path, sizeof path, "%s/d%d/%02x", root, k, i); made(path); }
    }
  }
  rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) die("open", root);
  sync();
  int threads = inflight * files;
  pthread_t th[1024];
  struct rusage r0, r1;
  getrusage(RUSAGE_SELF, &r0);
  t0 = now();
  for (long i = 0; i < threads; i++) pthread_create(&th[i], NULL, writer, (void *)i);
  for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
  double elapsed = now() - t0;
  getrusage(RUSAGE_SELF, &r1);
  double cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec)
    + ((double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) + (double)(r1.ru_stime.tv_usec - r0.ru_stime.tv_usec)) / 1e6;
  long n = atomic_load(&written);
  printf("{\"files\":%ld,\"objects\":%.1f,\"seconds\":%.3f,\"cpuSeconds\":%.3f}\n", n, (double)n / files, elapsed, cpu);
  return 0;
}
