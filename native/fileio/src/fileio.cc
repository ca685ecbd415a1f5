// Shard-file writes of a LocalDrive, one libuv thread-pool job per step.
//
// Why: node:fs/promises makes every system call its own thread-pool job with its own
// FileHandle promise, and a PUT's data file took seven of them per drive (exclusive open;
// open, fsync and close of the directory; writev; fdatasync; close). Each job costs the event
// loop its submit (a futex wake), its completion and a promise; on two cores the wake-ups
// also cost the other threads their caches. Here the directory fsync is one job (open, fsync,
// close) and the last step of a file is one job (its last gathered write, fdatasync, close).
//
//   open(path, flags, mode, cb(err, fd))          open(flags | O_CLOEXEC), flags from fs.constants
//   writev(fd, buffers, position, cb(err))        pwritev until every byte is written
//   finish(fd, buffers, position, [dropCache,] cb(err))
//                                                 pwritev the buffers (may be empty), fdatasync,
//                                                 close (the descriptor is closed whatever failed);
//                                                 dropCache: once synced, the file's pages are
//                                                 dropped from the page cache (posix_fadvise
//                                                 DONTNEED), for a file that is rarely read
//   writevSummed(fd, buffers, position, sums, cb(err))
//                                                 writev, after writing into every 4-byte
//                                                 buffers[sums[2i]] the CRC-32C (little-endian)
//                                                 of buffers[sums[2i + 1]], on the pool thread
//                                                 (a shard frame's header, summed off the loop)
//   writevCarry(fd, buffers, position, sums, carry, cb(err, kept))
//                                                 a direct writer's writevSummed: while the
//                                                 descriptor has O_DIRECT (open's flags asked
//                                                 for it and the file system took it), the
//                                                 whole 4 KiB blocks from `position` (a
//                                                 multiple of 4096) are written and the last
//                                                 `kept` bytes (< 4096) copied into `carry`
//                                                 (>= 4096 bytes) instead, for the caller to
//                                                 write first next time (or at finish, which
//                                                 clears O_DIRECT); else all written, kept 0
//   writeFile(path, mode, buffers, sums, dirPath, dropCache, [direct,] cb(err))
//                                                 a whole new file in one job: open(O_CREAT |
//                                                 O_EXCL), writevSummed at 0, fdatasync, close,
//                                                 then (dirPath not empty) the directory's
//                                                 open, fsync, close; when anything after the
//                                                 create fails the file is unlinked; dropCache
//                                                 as finish's; direct: the file's whole 4 KiB
//                                                 blocks are written with O_DIRECT (below)
//   spreadSubdirs(path, cb(err))                  sets the directory's "top of a hierarchy"
//                                                 flag (FS_TOPDIR_FL, chattr +T): ext4's Orlov
//                                                 allocator then spreads its subdirectories,
//                                                 and so their files' inodes, over block groups
//   close(fd, cb(err))
//   syncDir(path, cb(err))                        open(O_RDONLY|O_DIRECTORY), fsync, close
//   read(fd, buffer, position, sumFrom, cb(err, bytesRead, crc))
//                                                 pread until the buffer is full or the file ends;
//                                                 sumFrom >= 0: crc is the CRC-32C of
//                                                 buffer[sumFrom, bytesRead) (0 when that is
//                                                 empty), summed on the same thread-pool thread
//                                                 while the bytes are still in its cache; else -1
//   crcInPool: boolean                            read sums with the SSE4.2 kernel (else the
//                                                 byte table, ~20x slower: callers sum themselves)
//
// A PUT's shard of one erasure block took four of those jobs per drive (open; the directory
// fsync; the summed write; fdatasync + close); writeFile makes it one.
//
// Direct writes (writeFile's `direct`): a buffered write of a new file copies every byte into
// page-cache pages the kernel allocates (and charges, and on a virtual machine the host may
// have to back) for it, then writes them back at fdatasync; for a file that is synced at once
// and read later, if ever, that copy is most of the write's CPU (fio, 1 MiB files fsynced on
// close: ~2x the throughput at a third of the system time with O_DIRECT). So the file's whole
// 4 KiB blocks go from this thread's aligned staging buffer straight to the device (gathered
// there from the buffers, 1 MiB at a time) and only the tail, under 4 KiB, through the page
// cache; fdatasync then makes both durable as before. A file system or device that refuses
// O_DIRECT (EINVAL: tmpfs before 6.6, a block size above 4 KiB) gets the buffered write.
// MinIO writes its erasure shards with O_DIRECT for the same reason.
//
// A GET's shard frames used to be read by FileHandle.read (a promise per read) and checked on
// the event loop (~12 µs per 256 KiB, event-loop time the other core could have spent);
// read() is one job that returns the bytes with their checksum.
//
// Errors are Error objects shaped as node:fs's (code 'ENOENT', negative errno, syscall, path),
// so the drive's errno classification reads them unchanged. Buffers are Uint8Arrays; they are
// referenced until the job completes and must not be changed meanwhile.
#include <node_api.h>
#include <uv.h>

#include "crc32c-kernel.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

namespace {

enum class Kind { kOpen, kWritev, kWritevCarry, kFinish, kClose, kSyncDir, kRead, kWriteFile, kSpreadSubdirs };

struct Job {
  explicit Job(Kind k) : kind(k) {}
  Kind kind;
  napi_async_work work = nullptr;
  napi_ref callback = nullptr;
  napi_ref buffers = nullptr;  // keeps the written buffers alive until completion
  napi_ref carry = nullptr;    // kWritevCarry: keeps the buffer the tail is copied into alive
  std::string path;
  // kWriteFile: the directory whose entry is synced after the file (empty: none), and whether
  // the error to report is that directory's.
  std::string dirPath;
  bool errorOnDir = false;
  // kFinish / kWriteFile: drop the file's pages from the page cache once they are synced.
  bool dropCache = false;
  // kWriteFile: the whole 4 KiB blocks written with O_DIRECT.
  bool direct = false;
  int flags = 0;
  int mode = 0;
  int fd = -1;
  int64_t position = 0;
  std::vector<iovec> iov;
  int error = 0;  // errno of the first failure
  const char* syscall = nullptr;
  // kRead: where the bytes go, how many came, and the checksum of those from `sumFrom` on.
  // kWritevCarry: where the tail kept goes (length >= kDirectAlign), and how many bytes it is.
  uint8_t* data = nullptr;
  size_t length = 0;
  size_t got = 0;
  int64_t sumFrom = -1;
  int64_t crc = -1;
  // kWritev / kFinish: (header, data) buffer indexes whose header gets the data's CRC-32C first.
  std::vector<std::pair<size_t, size_t>> sums;
};

// Writes each sums pair's CRC-32C (little-endian) into its 4-byte header buffer.
void FillSums(Job* job) {
  for (const auto& [header, data] : job->sums) {
    const iovec& d = job->iov[data];
    uint32_t crc = ~cairn_crc32c::Register(~0u, static_cast<const uint8_t*>(d.iov_base), d.iov_len);
    uint8_t* h = static_cast<uint8_t*>(job->iov[header].iov_base);
    h[0] = static_cast<uint8_t>(crc);
    h[1] = static_cast<uint8_t>(crc >> 8);
    h[2] = static_cast<uint8_t>(crc >> 16);
    h[3] = static_cast<uint8_t>(crc >> 24);
  }
}

void Fail(Job* job, const char* syscall) {
  if (job->error == 0) {
    job->error = errno;
    job->syscall = syscall;
  }
}

// Moves past n written bytes of iov from buffer `first` on: the buffers fully written are
// stepped over, a partly written one is cut to what is left. Returns the first buffer with
// bytes left (iov.size() when none).
size_t Advance(std::vector<iovec>& iov, size_t first, size_t n) {
  while (n > 0 && first < iov.size()) {
    if (n >= iov[first].iov_len) {
      n -= iov[first].iov_len;
      first++;
    } else {
      iov[first].iov_base = static_cast<uint8_t*>(iov[first].iov_base) + n;
      iov[first].iov_len -= n;
      n = 0;
    }
  }
  return first;
}

// The most bytes one buffered pwritev is given. A larger write makes the kernel allocate
// larger page-cache folios for it, and on this machine (ext4, Linux 6.18, a virtual machine)
// a 1 MiB write cost several times the CPU of the same bytes in smaller writes (fio, 4 MiB
// files fsynced on close: bs=1m 161-344 MiB/s at 70-85% system time, bs=256k 901 MiB/s at
// 33%); `perf-threads --op put --size 64MiB` put ~500 ms of a 64 MiB PUT's ~720 ms of CPU in
// copy_folio_from_iter_atomic with 1 MiB writes.
constexpr size_t kMaxWriteBytes = size_t{256} << 10;

// Writes every byte of job->iov at job->position, at most kMaxWriteBytes and IOV_MAX buffers
// per pwritev; a short write continues where it stopped. Bounded: every round writes at
// least one byte or fails.
bool WriteAll(Job* job) {
  size_t first = 0;
  int64_t pos = job->position;
  std::vector<iovec>& iov = job->iov;
  while (first < iov.size()) {
    if (iov[first].iov_len == 0) {
      first++;
      continue;
    }
    size_t count = 0;
    size_t bytes = 0;
    while (first + count < iov.size() && count < IOV_MAX && bytes < kMaxWriteBytes) bytes += iov[first + count++].iov_len;
    // The last buffer of the call is cut to the limit for the call only, then restored.
    iovec& last = iov[first + count - 1];
    size_t lastLength = last.iov_len;
    if (bytes > kMaxWriteBytes) last.iov_len -= bytes - kMaxWriteBytes;
    ssize_t n = pwritev(job->fd, &iov[first], static_cast<int>(count), pos);
    last.iov_len = lastLength;
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(job, "write");
      return false;
    }
    if (n == 0) {
      errno = EIO;
      Fail(job, "write");
      return false;
    }
    pos += n;
    first = Advance(iov, first, static_cast<size_t>(n));
  }
  return true;
}

// Reads into job->data until job->length bytes came or the file ended (a short file is the
// caller's to judge). Bounded: every round reads at least one byte, ends, or fails.
void ReadAll(Job* job) {
  while (job->got < job->length) {
    ssize_t n = pread(job->fd, job->data + job->got, job->length - job->got, job->position + static_cast<int64_t>(job->got));
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(job, "read");
      return;
    }
    if (n == 0) break;
    job->got += static_cast<size_t>(n);
  }
  // Best effort: the bytes were read; pages another reader still maps or dirties stay.
  if (job->dropCache && job->got > 0) posix_fadvise(job->fd, job->position, static_cast<off_t>(job->got), POSIX_FADV_DONTNEED);
  if (job->sumFrom >= 0) {
    size_t from = static_cast<size_t>(job->sumFrom);
    job->crc = from < job->got ? ~cairn_crc32c::Register(~0u, job->data + from, job->got - from) : 0;
  }
}

void CloseFd(Job* job, int fd) {
  // Linux releases the descriptor even when close fails (EINTR included): never retried.
  if (close(fd) != 0 && errno != EINTR) Fail(job, "close");
}

// open(O_RDONLY | O_DIRECTORY) of `dir`; -1 (the error recorded) when it failed.
int OpenDirectory(Job* job, const std::string& dir) {
  int fd;
  do fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) Fail(job, "open");
  return fd;
}

// open, fsync, close: makes the entries of directory `dir` durable.
bool SyncDirectory(Job* job, const std::string& dir) {
  int fd = OpenDirectory(job, dir);
  if (fd < 0) return false;
  int r;
  do r = fsync(fd);
  while (r != 0 && errno == EINTR);
  if (r != 0) Fail(job, "fsync");
  CloseFd(job, fd);
  return job->error == 0;
}

// fdatasync job->fd; false (the error recorded) when it failed. With job->dropCache, the
// file's pages, clean once synced, then leave the page cache (advice: its failure is ignored).
bool DataSync(Job* job) {
  int r;
  do r = fdatasync(job->fd);
  while (r != 0 && errno == EINTR);
  if (r != 0) {
    Fail(job, "fdatasync");
    return false;
  }
  if (job->dropCache) posix_fadvise(job->fd, 0, 0, POSIX_FADV_DONTNEED);
  return true;
}

constexpr size_t kDirectAlign = 4096;
constexpr size_t kStageBytes = size_t{1} << 20;

// This pool thread's staging buffer for direct writes: kStageBytes aligned to kDirectAlign,
// made on first use and kept for the thread's life (nullptr when it could not be made).
uint8_t* DirectStage() {
  thread_local uint8_t* stage = nullptr;
  if (stage == nullptr) {
    void* p = nullptr;
    if (posix_memalign(&p, kDirectAlign, kStageBytes) == 0) stage = static_cast<uint8_t*>(p);
  }
  return stage;
}

// Drops the first n bytes of job->iov (they were written) and moves job->position past them.
void SkipWritten(Job* job, size_t n) {
  job->position += static_cast<int64_t>(n);
  std::vector<iovec>& iov = job->iov;
  size_t first = Advance(iov, 0, n);
  iov.erase(iov.begin(), iov.begin() + static_cast<std::ptrdiff_t>(first));
}

// Sets O_DIRECT on job->fd: true when the descriptor has it. A file system without direct
// I/O refuses the flag (EINVAL) and the descriptor stays buffered. (Asked with fcntl after a
// plain open, not with open's flags: an O_CREAT open refused for O_DIRECT may already have
// created the file, and a second, exclusive open would then find it.)
bool StartDirect(int fd) {
  int fl = fcntl(fd, F_GETFL);
  return fl >= 0 && ((fl & O_DIRECT) != 0 || fcntl(fd, F_SETFL, fl | O_DIRECT) == 0);
}

// Whether job->fd has O_DIRECT; -1 (the error recorded) when fcntl failed.
int HasDirect(Job* job) {
  int fl = fcntl(job->fd, F_GETFL);
  if (fl < 0) {
    Fail(job, "fcntl");
    return -1;
  }
  return (fl & O_DIRECT) != 0 ? 1 : 0;
}

// Clears O_DIRECT on job->fd when it has it; false (the error recorded) when fcntl failed.
bool EndDirect(Job* job) {
  int fl = fcntl(job->fd, F_GETFL);
  if (fl < 0 || ((fl & O_DIRECT) != 0 && fcntl(job->fd, F_SETFL, fl & ~O_DIRECT) != 0)) {
    Fail(job, "fcntl");
    return false;
  }
  return true;
}

// Writes the first `aligned` bytes of job->iov (a multiple of kDirectAlign) at job->position
// (one too) through the stage with the descriptor's O_DIRECT, then drops them from job->iov
// (SkipWritten). Returns whether they were all written: a write direct I/O refuses (EINVAL) or
// cuts short stops there, with what was written dropped and the rest left in job->iov; any
// other failure is recorded in job->error.
bool WriteStaged(Job* job, size_t aligned) {
  uint8_t* stage = DirectStage();
  size_t done = 0;  // bytes of job->iov written
  if (stage != nullptr) {
    size_t idx = 0, off = 0;  // gathering cursor in job->iov
    while (done < aligned) {
      size_t want = std::min(kStageBytes, aligned - done);
      for (size_t filled = 0; filled < want;) {
        const iovec& v = job->iov[idx];
        size_t n = std::min(v.iov_len - off, want - filled);
        std::memcpy(stage + filled, static_cast<const uint8_t*>(v.iov_base) + off, n);
        filled += n;
        off += n;
        if (off == v.iov_len) {
          idx++;
          off = 0;
        }
      }
      ssize_t n;
      do n = pwrite(job->fd, stage, want, static_cast<off_t>(job->position) + static_cast<off_t>(done));
      while (n < 0 && errno == EINTR);
      if (n < 0 && errno != EINVAL) {
        Fail(job, "write");
        break;
      }
      if (n > 0) done += static_cast<size_t>(n);
      if (n != static_cast<ssize_t>(want)) break;  // refused or short
    }
  }
  SkipWritten(job, done);
  return done == aligned;
}

size_t TotalLength(const Job* job) {
  size_t total = 0;
  for (const iovec& v : job->iov) total += v.iov_len;
  return total;
}

// kWriteFile's direct part: the whole kDirectAlign blocks at the start of job->iov (written
// from offset 0) through the stage, then O_DIRECT cleared, the rest left in job->iov for
// WriteAll (a refused or short direct write leaves everything after it to WriteAll too).
// False when a write or fcntl failed (the error recorded).
bool WriteDirectBlocks(Job* job) {
  WriteStaged(job, TotalLength(job) & ~(kDirectAlign - 1));
  return job->error == 0 && EndDirect(job);
}

// kWritevCarry: job->iov at job->position. While the descriptor has O_DIRECT (job->position
// is then a multiple of kDirectAlign: every earlier call wrote whole blocks), the whole blocks
// are written through the stage and the tail (under kDirectAlign bytes) is copied into
// job->data, job->got its length, for the caller to put in front of its next write or of
// finish. Without O_DIRECT, or once a direct write is refused or cut short (O_DIRECT is then
// cleared for good), every byte is written buffered and job->got is 0.
void WritevCarry(Job* job) {
  FillSums(job);
  int direct = HasDirect(job);
  if (direct < 0) return;
  if (direct == 1) {
    size_t total = TotalLength(job);
    size_t aligned = total & ~(kDirectAlign - 1);
    if (WriteStaged(job, aligned)) {
      for (const iovec& v : job->iov) {
        std::memcpy(job->data + job->got, v.iov_base, v.iov_len);
        job->got += v.iov_len;
      }
      return;
    }
    if (job->error != 0 || !EndDirect(job)) return;
  }
  WriteAll(job);
}

// kWriteFile: a new file, durable with its entry when no error is recorded. A file this job
// created is unlinked when a later step failed, so a failure leaves nothing behind; a refused
// create (EEXIST) leaves the existing file alone.
void WriteFile(Job* job) {
  int fd;
  do fd = open(job->path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, job->mode);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    Fail(job, "open");
    return;
  }
  job->fd = fd;
  FillSums(job);
  if ((!job->direct || !StartDirect(fd) || WriteDirectBlocks(job)) && WriteAll(job)) DataSync(job);
  CloseFd(job, fd);
  job->fd = -1;
  if (job->error == 0 && !job->dirPath.empty() && !SyncDirectory(job, job->dirPath)) job->errorOnDir = true;
  if (job->error != 0) unlink(job->path.c_str());
}

// kSpreadSubdirs: FS_TOPDIR_FL on the directory, when it does not have it yet.
void SpreadSubdirs(Job* job) {
  int fd = OpenDirectory(job, job->path);
  if (fd < 0) return;
  int flags = 0;
  if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) {
    Fail(job, "ioctl");
  } else if ((flags & FS_TOPDIR_FL) == 0) {
    flags |= FS_TOPDIR_FL;
    if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0) Fail(job, "ioctl");
  }
  CloseFd(job, fd);
}

void Execute(napi_env, void* data) {
  Job* job = static_cast<Job*>(data);
  switch (job->kind) {
    case Kind::kOpen: {
      int fd;
      do fd = open(job->path.c_str(), (job->flags & ~O_DIRECT) | O_CLOEXEC, job->mode);
      while (fd < 0 && errno == EINTR);
      if (fd < 0) Fail(job, "open");
      // O_DIRECT when the file system takes it; else the descriptor stays buffered.
      if (fd >= 0 && (job->flags & O_DIRECT) != 0) StartDirect(fd);
      job->fd = fd;
      break;
    }
    case Kind::kWritev:
      FillSums(job);
      WriteAll(job);
      break;
    case Kind::kFinish: {
      FillSums(job);
      // A direct writer's last bytes (its kept tail) are written buffered; with nothing to
      // write, O_DIRECT is left alone (fdatasync and close do not mind it).
      if ((TotalLength(job) == 0 || EndDirect(job)) && WriteAll(job)) DataSync(job);
      CloseFd(job, job->fd);
      break;
    }
    case Kind::kWritevCarry:
      WritevCarry(job);
      break;
    case Kind::kClose:
      CloseFd(job, job->fd);
      break;
    case Kind::kRead:
      ReadAll(job);
      break;
    case Kind::kSyncDir:
      SyncDirectory(job, job->path);
      break;
    case Kind::kWriteFile:
      WriteFile(job);
      break;
    case Kind::kSpreadSubdirs:
      SpreadSubdirs(job);
      break;
  }
}

napi_value MakeError(napi_env env, const Job* job) {
  int uverr = -job->error;
  const char* code = uv_err_name(uverr);
  const std::string& path = job->errorOnDir ? job->dirPath : job->path;
  std::string message = std::string(code) + ": " + uv_strerror(uverr) + ", " + job->syscall;
  if (!path.empty()) message += " '" + path + "'";
  napi_value msg, err, value;
  napi_create_string_utf8(env, message.c_str(), message.size(), &msg);
  napi_create_error(env, nullptr, msg, &err);
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, err, "code", value);
  napi_create_int32(env, uverr, &value);
  napi_set_named_property(env, err, "errno", value);
  napi_create_string_utf8(env, job->syscall, NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, err, "syscall", value);
  if (!path.empty()) {
    napi_create_string_utf8(env, path.c_str(), path.size(), &value);
    napi_set_named_property(env, err, "path", value);
  }
  return err;
}

void Complete(napi_env env, napi_status status, void* data) {
  Job* job = static_cast<Job*>(data);
  napi_value callback, global, argv[3];
  napi_get_reference_value(env, job->callback, &callback);
  napi_get_global(env, &global);
  if (status != napi_ok) {
    napi_value msg;
    napi_create_string_utf8(env, "file job cancelled", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, nullptr, msg, &argv[0]);
  } else if (job->error != 0) {
    argv[0] = MakeError(env, job);
  } else {
    napi_get_null(env, &argv[0]);
  }
  size_t argc = 2;
  if (job->kind == Kind::kRead) {
    napi_create_double(env, static_cast<double>(job->got), &argv[1]);
    napi_create_double(env, static_cast<double>(job->crc), &argv[2]);
    argc = 3;
  } else if (job->kind == Kind::kWritevCarry) {
    napi_create_double(env, static_cast<double>(job->got), &argv[1]);
  } else {
    napi_create_int32(env, job->fd, &argv[1]);
  }
  napi_delete_reference(env, job->callback);
  if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
  if (job->carry != nullptr) napi_delete_reference(env, job->carry);
  napi_delete_async_work(env, job->work);
  delete job;
  napi_call_function(env, global, callback, argc, argv, nullptr);
}

bool Throw(napi_env env, const char* message) {
  napi_throw_type_error(env, nullptr, message);
  return false;
}

bool ReadString(napi_env env, napi_value v, std::string* out) {
  size_t len;
  if (napi_get_value_string_utf8(env, v, nullptr, 0, &len) != napi_ok) return Throw(env, "path must be a string");
  out->resize(len);
  napi_get_value_string_utf8(env, v, out->data(), len + 1, &len);
  if (out->find('\0') != std::string::npos) return Throw(env, "path must not contain NUL");
  return true;
}

bool ReadPath(napi_env env, napi_value v, Job* job) {
  return ReadString(env, v, &job->path);
}

bool ReadFd(napi_env env, napi_value v, Job* job) {
  if (napi_get_value_int32(env, v, &job->fd) != napi_ok || job->fd < 0) return Throw(env, "fd must be a descriptor");
  return true;
}

bool ReadBuffers(napi_env env, napi_value list, napi_value position, Job* job) {
  bool isArray = false;
  napi_is_array(env, list, &isArray);
  if (!isArray) return Throw(env, "buffers must be an array");
  uint32_t n;
  napi_get_array_length(env, list, &n);
  job->iov.reserve(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    napi_get_element(env, list, i, &item);
    bool isTyped = false;
    napi_is_typedarray(env, item, &isTyped);
    if (!isTyped) return Throw(env, "buffers must hold Uint8Arrays");
    napi_typedarray_type type;
    size_t length;
    void* data;
    napi_get_typedarray_info(env, item, &type, &length, &data, nullptr, nullptr);
    if (type != napi_uint8_array) return Throw(env, "buffers must hold Uint8Arrays");
    job->iov.push_back(iovec{data, length});
  }
  if (napi_get_value_int64(env, position, &job->position) != napi_ok || job->position < 0) {
    return Throw(env, "position must be a non-negative integer");
  }
  napi_create_reference(env, list, 1, &job->buffers);
  return true;
}

napi_value Queue(napi_env env, Job* job, napi_value callback, const char* name) {
  napi_valuetype type;
  napi_typeof(env, callback, &type);
  if (type != napi_function) {
    Throw(env, "callback must be a function");
    if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
    if (job->carry != nullptr) napi_delete_reference(env, job->carry);
    delete job;
    return nullptr;
  }
  napi_value resourceName;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resourceName);
  napi_create_reference(env, callback, 1, &job->callback);
  napi_create_async_work(env, nullptr, resourceName, Execute, Complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return nullptr;
}

// Reads between `least` and `most` arguments into argv (room for `most`): how many were given
// (at most `most`), or 0 with a TypeError thrown when fewer than `least` were.
size_t ArgsBetween(napi_env env, napi_callback_info info, napi_value* argv, size_t least, size_t most) {
  size_t argc = most;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  argc = std::min(argc, most);  // argc is the count given: only `most` were read
  if (argc < least) {
    Throw(env, "missing arguments");
    return 0;
  }
  return argc;
}

// Reads exactly `want` arguments; false (with a TypeError thrown) when fewer were given.
bool Args(napi_env env, napi_callback_info info, napi_value* argv, size_t want) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < want) return Throw(env, "missing arguments");
  return true;
}

napi_value Open(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!Args(env, info, argv, 4)) return nullptr;
  Job* job = new Job(Kind::kOpen);
  bool ok = ReadPath(env, argv[0], job);
  if (ok && (napi_get_value_int32(env, argv[1], &job->flags) != napi_ok || napi_get_value_int32(env, argv[2], &job->mode) != napi_ok)) {
    ok = Throw(env, "flags and mode must be integers");
  }
  if (!ok) {
    delete job;
    return nullptr;
  }
  return Queue(env, job, argv[3], "cairn.fileio.open");
}

// writev: (fd, buffers, position, callback).
napi_value WriteJob(napi_env env, napi_callback_info info, Kind kind, const char* name) {
  napi_value argv[4];
  if (!Args(env, info, argv, 4)) return nullptr;
  Job* job = new Job(kind);
  if (!ReadFd(env, argv[0], job) || !ReadBuffers(env, argv[1], argv[2], job)) {
    if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
    delete job;
    return nullptr;
  }
  return Queue(env, job, argv[3], name);
}

napi_value Writev(napi_env env, napi_callback_info info) {
  return WriteJob(env, info, Kind::kWritev, "cairn.fileio.writev");
}

bool ThrowRange(napi_env env, const char* message) {
  napi_throw_range_error(env, nullptr, message);
  return false;
}

// One index of a sums pair: an integer in [0, count).
bool ReadIndex(napi_env env, napi_value v, size_t count, size_t* out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= 0) || d != static_cast<double>(static_cast<size_t>(d)) ||
      static_cast<size_t>(d) >= count) {
    return false;
  }
  *out = static_cast<size_t>(d);
  return true;
}

// The (header, data) pairs of a writevSummed call: distinct indexes into the buffers, each
// header 4 bytes. Refused with a RangeError, as crc-sums.ts checkSums refuses them.
bool ReadSums(napi_env env, napi_value list, Job* job) {
  bool isArray = false;
  napi_is_array(env, list, &isArray);
  if (!isArray) return Throw(env, "sums must be an array");
  uint32_t n;
  napi_get_array_length(env, list, &n);
  if (n % 2 != 0) return ThrowRange(env, "sums must hold (header, data) index pairs");
  if (n > 0 && !cairn_crc32c::HasSse42()) return ThrowRange(env, "sums need the SSE4.2 CRC-32C kernel (crcInPool)");
  for (uint32_t i = 0; i < n; i += 2) {
    napi_value a, b;
    size_t header, data;
    napi_get_element(env, list, i, &a);
    napi_get_element(env, list, i + 1, &b);
    if (!ReadIndex(env, a, job->iov.size(), &header) || !ReadIndex(env, b, job->iov.size(), &data) || header == data) {
      return ThrowRange(env, "sums index out of range");
    }
    if (job->iov[header].iov_len != 4) return ThrowRange(env, "a sum's header buffer must be 4 bytes");
    job->sums.emplace_back(header, data);
  }
  return true;
}

// writevSummed: (fd, buffers, position, sums, callback).
napi_value WritevSummed(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!Args(env, info, argv, 5)) return nullptr;
  Job* job = new Job(Kind::kWritev);
  if (!ReadFd(env, argv[0], job) || !ReadBuffers(env, argv[1], argv[2], job) || !ReadSums(env, argv[3], job)) {
    if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
    delete job;
    return nullptr;
  }
  return Queue(env, job, argv[4], "cairn.fileio.writevSummed");
}

// A Uint8Array's bytes as job->data and job->length (a TypeError with `message` otherwise).
bool ReadBytes(napi_env env, napi_value v, Job* job, const char* message) {
  bool isTyped = false;
  napi_is_typedarray(env, v, &isTyped);
  napi_typedarray_type type = napi_int8_array;
  void* data = nullptr;
  if (isTyped) napi_get_typedarray_info(env, v, &type, &job->length, &data, nullptr, nullptr);
  if (!isTyped || type != napi_uint8_array) return Throw(env, message);
  job->data = static_cast<uint8_t*>(data);
  return true;
}

// writevCarry: (fd, buffers, position, sums, carry, callback(err, kept)).
napi_value WritevCarryJob(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!Args(env, info, argv, 6)) return nullptr;
  Job* job = new Job(Kind::kWritevCarry);
  bool ok = ReadFd(env, argv[0], job) && ReadBuffers(env, argv[1], argv[2], job) && ReadSums(env, argv[3], job);
  ok = ok && ReadBytes(env, argv[4], job, "carry must be a Uint8Array");
  if (ok && job->length < kDirectAlign) ok = ThrowRange(env, "carry must hold at least 4096 bytes");
  if (!ok) {
    if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
    delete job;
    return nullptr;
  }
  napi_create_reference(env, argv[4], 1, &job->carry);
  return Queue(env, job, argv[5], "cairn.fileio.writevCarry");
}

// writeFile: (path, mode, buffers, sums, dirPath, dropCache, [direct,] callback).
napi_value WriteFileJob(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  size_t argc = ArgsBetween(env, info, argv, 7, 8);
  if (argc == 0) return nullptr;
  Job* job = new Job(Kind::kWriteFile);
  napi_value zero;
  napi_create_int32(env, 0, &zero);
  bool ok = ReadPath(env, argv[0], job);
  if (ok && (napi_get_value_int32(env, argv[1], &job->mode) != napi_ok)) ok = Throw(env, "mode must be an integer");
  ok = ok && ReadBuffers(env, argv[2], zero, job) && ReadSums(env, argv[3], job) && ReadString(env, argv[4], &job->dirPath);
  if (ok && napi_get_value_bool(env, argv[5], &job->dropCache) != napi_ok) ok = Throw(env, "dropCache must be a boolean");
  if (ok && argc == 8 && napi_get_value_bool(env, argv[6], &job->direct) != napi_ok) ok = Throw(env, "direct must be a boolean");
  if (!ok) {
    if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
    delete job;
    return nullptr;
  }
  return Queue(env, job, argv[argc - 1], "cairn.fileio.writeFile");
}

// finish: (fd, buffers, position, [dropCache,] callback).
napi_value Finish(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  size_t argc = ArgsBetween(env, info, argv, 4, 5);
  if (argc == 0) return nullptr;
  Job* job = new Job(Kind::kFinish);
  bool ok = ReadFd(env, argv[0], job) && ReadBuffers(env, argv[1], argv[2], job);
  if (ok && argc == 5 && napi_get_value_bool(env, argv[3], &job->dropCache) != napi_ok) ok = Throw(env, "dropCache must be a boolean");
  if (!ok) {
    if (job->buffers != nullptr) napi_delete_reference(env, job->buffers);
    delete job;
    return nullptr;
  }
  return Queue(env, job, argv[argc - 1], "cairn.fileio.finish");
}

// close and syncDir: (one argument, read by `read`, callback).
napi_value OneArgumentJob(napi_env env, napi_callback_info info, Kind kind, bool (*read)(napi_env, napi_value, Job*), const char* name) {
  napi_value argv[2];
  if (!Args(env, info, argv, 2)) return nullptr;
  Job* job = new Job(kind);
  if (!read(env, argv[0], job)) {
    delete job;
    return nullptr;
  }
  return Queue(env, job, argv[1], name);
}

napi_value Close(napi_env env, napi_callback_info info) {
  return OneArgumentJob(env, info, Kind::kClose, ReadFd, "cairn.fileio.close");
}

napi_value SyncDir(napi_env env, napi_callback_info info) {
  return OneArgumentJob(env, info, Kind::kSyncDir, ReadPath, "cairn.fileio.syncDir");
}

napi_value SpreadSubdirsJob(napi_env env, napi_callback_info info) {
  return OneArgumentJob(env, info, Kind::kSpreadSubdirs, ReadPath, "cairn.fileio.spreadSubdirs");
}

// read: (fd, buffer, position, sumFrom, callback[, dropCache]): with dropCache, the pages read
// are dropped from the page cache afterwards (posix_fadvise DONTNEED), in the same job.
napi_value Read(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  size_t argc = ArgsBetween(env, info, argv, 5, 6);
  if (argc == 0) return nullptr;
  Job* job = new Job(Kind::kRead);
  bool ok = ReadFd(env, argv[0], job) && ReadBytes(env, argv[1], job, "buffer must be a Uint8Array");
  if (ok && (napi_get_value_int64(env, argv[2], &job->position) != napi_ok || job->position < 0)) {
    ok = Throw(env, "position must be a non-negative integer");
  }
  if (ok && napi_get_value_int64(env, argv[3], &job->sumFrom) != napi_ok) ok = Throw(env, "sumFrom must be an integer");
  if (ok && argc >= 6 && napi_get_value_bool(env, argv[5], &job->dropCache) != napi_ok) ok = Throw(env, "dropCache must be a boolean");
  if (!ok) {
    delete job;
    return nullptr;
  }
  napi_create_reference(env, argv[1], 1, &job->buffers);
  return Queue(env, job, argv[4], "cairn.fileio.read");
}

napi_value Init(napi_env env, napi_value exports) {
  cairn_crc32c::EnsureTables();
  napi_value available, crcInPool;
  napi_get_boolean(env, true, &available);
  napi_get_boolean(env, cairn_crc32c::HasSse42(), &crcInPool);
  napi_property_descriptor props[] = {
      {"open", nullptr, Open, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"writev", nullptr, Writev, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"writevSummed", nullptr, WritevSummed, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"writevCarry", nullptr, WritevCarryJob, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"finish", nullptr, Finish, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"writeFile", nullptr, WriteFileJob, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"close", nullptr, Close, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"syncDir", nullptr, SyncDir, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"spreadSubdirs", nullptr, SpreadSubdirsJob, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"read", nullptr, Read, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"crcInPool", nullptr, nullptr, nullptr, nullptr, crcInPool, napi_enumerable, nullptr},
      {"available", nullptr, nullptr, nullptr, nullptr, available, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
