// The CRC-32C kernel of native/crc32c (see crc32c.cc for how it works), shared with
// native/fileio, which sums shard frames on the thread-pool thread that read them.
//
//   cairn_crc32c::EnsureTables()            once before the first Register (thread-safe)
//   cairn_crc32c::Register(crc, p, n)       the raw CRC (no pre- or post-inversion)
//   cairn_crc32c::HasSse42()                false: Register is the byte-table loop
#ifndef CAIRN_CRC32C_KERNEL_H_
#define CAIRN_CRC32C_KERNEL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#define CAIRN_CRC32C_X86 1
#endif

namespace cairn_crc32c {


inline constexpr uint32_t kPoly = 0x82F63B78u;
inline constexpr size_t kLong = 8192;
inline constexpr size_t kShort = 256;

inline uint32_t byteTable[256];
inline uint32_t longShift[4][256];
inline uint32_t shortShift[4][256];

// The CRC register after `n` zero bytes (no inversion), one byte at a time.
inline uint32_t AppendZeros(uint32_t crc, size_t n) {
  for (size_t i = 0; i < n; i++) crc = (crc >> 8) ^ byteTable[crc & 0xff];
  return crc;
}

inline void MakeShiftTables(uint32_t table[4][256], size_t n) {
  uint32_t column[32];
  for (int bit = 0; bit < 32; bit++) column[bit] = AppendZeros(1u << bit, n);
  for (int k = 0; k < 4; k++) {
    for (int b = 0; b < 256; b++) {
      uint32_t v = 0;
      for (int bit = 0; bit < 8; bit++) {
        if ((b >> bit) & 1) v ^= column[8 * k + bit];
      }
      table[k][b] = v;
    }
  }
}

inline void MakeTables() {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (kPoly & (0u - (c & 1)));
    byteTable[i] = c;
  }
  MakeShiftTables(longShift, kLong);
  MakeShiftTables(shortShift, kShort);
}

#ifdef CAIRN_CRC32C_X86
inline uint32_t Shift(const uint32_t table[4][256], uint32_t c) {
  return table[0][c & 0xff] ^ table[1][(c >> 8) & 0xff] ^ table[2][(c >> 16) & 0xff] ^ table[3][c >> 24];
}

inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Three chains over [p, p + 3 * block), joined; block is kLong or kShort with its table.
__attribute__((target("sse4.2"))) inline uint32_t Triple(uint32_t crc, const uint8_t* p, size_t block,
                                                         const uint32_t table[4][256]) {
  uint64_t c0 = crc;
  uint64_t c1 = 0;
  uint64_t c2 = 0;
  const uint8_t* end = p + block;
  do {
    c0 = _mm_crc32_u64(c0, Load64(p));
    c1 = _mm_crc32_u64(c1, Load64(p + block));
    c2 = _mm_crc32_u64(c2, Load64(p + 2 * block));
    p += 8;
  } while (p < end);
  uint32_t joined = Shift(table, static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1);
  return Shift(table, joined) ^ static_cast<uint32_t>(c2);
}

// The CRC register (no inversion) after `n` bytes at `p`.
__attribute__((target("sse4.2"))) inline uint32_t Register(uint32_t crc, const uint8_t* p, size_t n) {
  while (n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0) {
    crc = _mm_crc32_u8(crc, *p++);
    n--;
  }
  while (n >= 3 * kLong) {
    crc = Triple(crc, p, kLong, longShift);
    p += 3 * kLong;
    n -= 3 * kLong;
  }
  while (n >= 3 * kShort) {
    crc = Triple(crc, p, kShort, shortShift);
    p += 3 * kShort;
    n -= 3 * kShort;
  }
  uint64_t c = crc;
  while (n >= 8) {
    c = _mm_crc32_u64(c, Load64(p));
    p += 8;
    n -= 8;
  }
  crc = static_cast<uint32_t>(c);
  while (n > 0) {
    crc = _mm_crc32_u8(crc, *p++);
    n--;
  }
  return crc;
}

inline bool HasSse42() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
}
#else
inline uint32_t Register(uint32_t crc, const uint8_t* p, size_t n) {
  while (n--) crc = (crc >> 8) ^ byteTable[(crc ^ *p++) & 0xff];
  return crc;
}

inline bool HasSse42() { return false; }
#endif

// Once per process (thread-safe): worker threads and several addons read the tables.
inline void EnsureTables() {
  static const bool made = (MakeTables(), true);
  (void)made;
}

}  // namespace cairn_crc32c

#endif  // CAIRN_CRC32C_KERNEL_H_
