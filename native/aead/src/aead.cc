// One AEAD package sealed or opened (AES-256-GCM, ChaCha20-Poly1305) with the system's
// OpenSSL libcrypto, loaded at run time with dlopen; AES-256-GCM on this addon's own AVX-512
// VAES code (aes-gcm-vaes.cc) where the CPU has it, per thread by setAesGcm.
//
// Why: Node's bundled OpenSSL runs these ciphers at a third of the speed of the distribution's
// build on the same CPU (1.45 vs 4.5 GB/s for 64 KiB packages here), and node:crypto builds a
// new cipher context for every package. This addon keeps one context per cipher, direction
// and thread, re-keys it only when the key changes and otherwise only sets the nonce.
//
// The library is opened with RTLD_DEEPBIND: the node executable exports its own OpenSSL's
// symbols, and without it libcrypto's internal calls could bind to them. No OpenSSL header is
// needed: the few functions used are declared below with the OpenSSL 3 prototypes.
//
// The format (nonces, additional data, package sizes) is the caller's: this is the primitive
//   seal(cipherId, key[32], nonce[12], aad, plain, out[plain + 16])        -> undefined
//   open(cipherId, key[32], nonce[12], aad, sealed, out[sealed - 16])      -> true | false
//   openPackages(cipherId, key[32], nonces, aads, segments, sealedPackageBytes, out) -> packages verified
//   hmacSha256(key, part1, part2, out[32])                                 -> undefined
//   setAesGcm('auto' | 'vaes' | 'libcrypto')                               -> 'vaes' | 'libcrypto'
// (the key derivations of SSE: a label and an IV under a 32-byte key, one MAC context per thread).
// `open` writes plaintext into `out` as it decrypts and zeroes it when the tag does not verify.
// `out` may be the same memory as `plain` / `sealed` (exactly in place), never partly overlapping.
#include <node_api.h>

#include "aes-gcm-vaes.h"

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct EvpCipherCtx;
struct EvpCipher;
struct EvpMac;
struct EvpMacCtx;
struct OsslLibCtx;
// OSSL_PARAM as OpenSSL 3 lays it out (openssl/core.h).
struct OsslParam {
  const char* key;
  unsigned int dataType;
  void* data;
  size_t dataSize;
  size_t returnSize;
};
constexpr unsigned int kParamUtf8String = 4;  // OSSL_PARAM_UTF8_STRING
constexpr size_t kParamUnmodified = static_cast<size_t>(-1);  // OSSL_PARAM_UNMODIFIED
constexpr size_t kMacBytes = 32;

constexpr int kCtrlAeadGetTag = 0x10;  // EVP_CTRL_AEAD_GET_TAG
constexpr int kCtrlAeadSetTag = 0x11;  // EVP_CTRL_AEAD_SET_TAG
constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr int kCiphers = 2;  // id 1: AES-256-GCM, id 2: ChaCha20-Poly1305 (cipher-suite.ts)

struct Libcrypto {
  EvpCipherCtx* (*ctxNew)();
  void (*ctxFree)(EvpCipherCtx*);
  EvpCipher* (*fetch)(OsslLibCtx*, const char*, const char*);
  int (*encryptInit)(EvpCipherCtx*, const EvpCipher*, const unsigned char*, const unsigned char*, const OsslParam*);
  int (*decryptInit)(EvpCipherCtx*, const EvpCipher*, const unsigned char*, const unsigned char*, const OsslParam*);
  int (*encryptUpdate)(EvpCipherCtx*, unsigned char*, int*, const unsigned char*, int);
  int (*decryptUpdate)(EvpCipherCtx*, unsigned char*, int*, const unsigned char*, int);
  int (*encryptFinal)(EvpCipherCtx*, unsigned char*, int*);
  int (*decryptFinal)(EvpCipherCtx*, unsigned char*, int*);
  int (*ctrl)(EvpCipherCtx*, int, int, void*);
  const char* (*version)(int);
  EvpMac* (*macFetch)(OsslLibCtx*, const char*, const char*);
  EvpMacCtx* (*macCtxNew)(EvpMac*);
  void (*macCtxFree)(EvpMacCtx*);
  int (*macInit)(EvpMacCtx*, const unsigned char*, size_t, const OsslParam*);
  int (*macUpdate)(EvpMacCtx*, const unsigned char*, size_t);
  int (*macFinal)(EvpMacCtx*, unsigned char*, size_t*, size_t);
  EvpCipher* ciphers[kCiphers];
  EvpMac* hmac;
};

Libcrypto lib;
std::string loadError;  // empty: loaded

template <typename F>
bool Bind(void* handle, const char* name, F* slot) {
  void* sym = dlsym(handle, name);
  if (sym == nullptr) {
    loadError = std::string("libcrypto has no ") + name;
    return false;
  }
  *slot = reinterpret_cast<F>(sym);
  return true;
}

bool LoadLibcrypto() {
  void* handle = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (handle == nullptr) {
    const char* e = dlerror();
    loadError = std::string("cannot load libcrypto.so.3: ") + (e != nullptr ? e : "unknown error");
    return false;
  }
  if (!Bind(handle, "EVP_CIPHER_CTX_new", &lib.ctxNew) || !Bind(handle, "EVP_CIPHER_CTX_free", &lib.ctxFree) ||
      !Bind(handle, "EVP_CIPHER_fetch", &lib.fetch) || !Bind(handle, "EVP_EncryptInit_ex2", &lib.encryptInit) ||
      !Bind(handle, "EVP_DecryptInit_ex2", &lib.decryptInit) || !Bind(handle, "EVP_EncryptUpdate", &lib.encryptUpdate) ||
      !Bind(handle, "EVP_DecryptUpdate", &lib.decryptUpdate) || !Bind(handle, "EVP_EncryptFinal_ex", &lib.encryptFinal) ||
      !Bind(handle, "EVP_DecryptFinal_ex", &lib.decryptFinal) || !Bind(handle, "EVP_CIPHER_CTX_ctrl", &lib.ctrl) ||
      !Bind(handle, "OpenSSL_version", &lib.version) || !Bind(handle, "EVP_MAC_fetch", &lib.macFetch) ||
      !Bind(handle, "EVP_MAC_CTX_new", &lib.macCtxNew) || !Bind(handle, "EVP_MAC_CTX_free", &lib.macCtxFree) ||
      !Bind(handle, "EVP_MAC_init", &lib.macInit) || !Bind(handle, "EVP_MAC_update", &lib.macUpdate) ||
      !Bind(handle, "EVP_MAC_final", &lib.macFinal)) {
    return false;
  }
  lib.hmac = lib.macFetch(nullptr, "HMAC", nullptr);
  if (lib.hmac == nullptr) {
    loadError = "libcrypto cannot fetch HMAC";
    return false;
  }
  const char* names[kCiphers] = {"AES-256-GCM", "ChaCha20-Poly1305"};
  for (int i = 0; i < kCiphers; i++) {
    lib.ciphers[i] = lib.fetch(nullptr, names[i], nullptr);
    if (lib.ciphers[i] == nullptr) {
      loadError = std::string("libcrypto cannot fetch ") + names[i];
      return false;
    }
  }
  return true;
}

// One cipher context per (cipher, direction) on this thread, with the key it holds.
struct Slot {
  EvpCipherCtx* ctx = nullptr;
  bool hasCipher = false;  // the context was initialised with its cipher once
  bool keyed = false;
  unsigned char key[kKeyBytes];
};

struct ThreadContexts {
  Slot slots[kCiphers][2];
  EvpMacCtx* mac = nullptr;   // HMAC with SHA-256 set, once initialised
  ~ThreadContexts() {
    if (mac != nullptr) lib.macCtxFree(mac);
    for (auto& byCipher : slots) {
      for (auto& s : byCipher) {
        if (s.ctx != nullptr) lib.ctxFree(s.ctx);
        std::memset(s.key, 0, sizeof s.key);
      }
    }
  }
};

thread_local ThreadContexts contexts;

// The context for `cipher` (0-based) and direction, set to `key` and `nonce`; nullptr on failure.
EvpCipherCtx* Prepare(int cipher, bool encrypt, const unsigned char* key, const unsigned char* nonce) {
  Slot& s = contexts.slots[cipher][encrypt ? 0 : 1];
  if (s.ctx == nullptr) {
    s.ctx = lib.ctxNew();
    if (s.ctx == nullptr) return nullptr;
    s.hasCipher = false;
    s.keyed = false;
  }
  auto init = encrypt ? lib.encryptInit : lib.decryptInit;
  if (s.keyed && std::memcmp(s.key, key, kKeyBytes) == 0) {
    if (init(s.ctx, nullptr, nullptr, nonce, nullptr) != 1) return nullptr;
    return s.ctx;
  }
  s.keyed = false;
  // A new key on a context that has its cipher: no cipher argument, so OpenSSL re-keys the
  // provider context it has instead of freeing it and making a new one.
  if (init(s.ctx, s.hasCipher ? nullptr : lib.ciphers[cipher], key, nonce, nullptr) != 1) {
    // A failed init leaves the context in an unknown state: start over next time.
    lib.ctxFree(s.ctx);
    s.ctx = nullptr;
    return nullptr;
  }
  s.hasCipher = true;
  std::memcpy(s.key, key, kKeyBytes);
  s.keyed = true;
  return s.ctx;
}

struct Bytes {
  unsigned char* data = nullptr;
  size_t length = 0;
};

bool GetBytes(napi_env env, napi_value v, Bytes* out) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok) return false;
  if (type != napi_uint8_array) return false;
  out->data = static_cast<unsigned char*>(data);
  out->length = length;
  return true;
}

struct Call {
  int cipher = -1;  // 0-based
  Bytes key, nonce, aad, in, out;
};

// The 0-based cipher of a recorded cipher id (cipher-suite.ts); throws (and returns false) on another value.
bool ReadCipher(napi_env env, napi_value v, int* cipher) {
  int32_t id = 0;
  if (napi_get_value_int32(env, v, &id) != napi_ok || id < 1 || id > kCiphers) {
    napi_throw_range_error(env, nullptr, "unknown cipher id");
    return false;
  }
  *cipher = id - 1;
  return true;
}

// Reads and checks the six arguments; throws (and returns false) on a wrong one.
bool ReadCall(napi_env env, napi_callback_info info, bool encrypt, Call* c) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 6) {
    napi_throw_type_error(env, nullptr, "expected (cipherId, key, nonce, aad, input, output)");
    return false;
  }
  if (!ReadCipher(env, argv[0], &c->cipher)) return false;
  if (!GetBytes(env, argv[1], &c->key) || !GetBytes(env, argv[2], &c->nonce) || !GetBytes(env, argv[3], &c->aad) ||
      !GetBytes(env, argv[4], &c->in) || !GetBytes(env, argv[5], &c->out)) {
    napi_throw_type_error(env, nullptr, "key, nonce, aad, input and output must be Uint8Arrays");
    return false;
  }
  if (c->key.length != kKeyBytes || c->nonce.length != kNonceBytes) {
    napi_throw_range_error(env, nullptr, "key must be 32 bytes and nonce 12 bytes");
    return false;
  }
  size_t body = encrypt ? c->in.length : c->in.length - kTagBytes;
  if ((!encrypt && c->in.length < kTagBytes) || c->in.length > static_cast<size_t>(INT_MAX) ||
      c->aad.length > static_cast<size_t>(INT_MAX) || c->out.length != (encrypt ? body + kTagBytes : body)) {
    napi_throw_range_error(env, nullptr, "output length does not match the input");
    return false;
  }
  // Exactly in place is allowed, a partial overlap is not (OpenSSL does not support it).
  const unsigned char* inEnd = c->in.data + c->in.length;
  const unsigned char* outEnd = c->out.data + c->out.length;
  if (c->in.data != c->out.data && c->in.data < outEnd && c->out.data < inEnd) {
    napi_throw_range_error(env, nullptr, "input and output overlap");
    return false;
  }
  return true;
}

napi_value Throw(napi_env env, const char* what) {
  napi_throw_error(env, "ERR_CAIRN_AEAD", what);
  return nullptr;
}

// AES-256-GCM on the AVX-512 VAES code (aes-gcm-vaes.cc) when the CPU has it; libcrypto otherwise.
// Per thread, as the rest of the engine choice (set at load, then by setAesGcm).
thread_local bool vaesAesGcm = false;

// Whether the CPU runs the VAES code, asked once per process.
bool VaesReady() {
  static const bool ready = cairn_gcm::Available();
  return ready;
}

napi_value Seal(napi_env env, napi_callback_info info) {
  Call c;
  if (!ReadCall(env, info, true, &c)) return nullptr;
  if (c.cipher == 0 && vaesAesGcm) {
    // The tag is written after the ciphertext: `out` may be `in`.
    cairn_gcm::Seal(c.key.data, c.nonce.data, c.aad.data, c.aad.length, c.in.data, c.in.length, c.out.data, c.out.data + c.in.length);
    return nullptr;
  }
  EvpCipherCtx* ctx = Prepare(c.cipher, true, c.key.data, c.nonce.data);
  if (ctx == nullptr) return Throw(env, "libcrypto: cipher set-up failed");
  int n = 0;
  size_t body = c.in.length;
  // Ciphertext first, into out[0, body); the tag after it. The tag goes last because `out`
  // may be `in`: the plaintext is read before any byte past it is written.
  if (c.aad.length > 0 && lib.encryptUpdate(ctx, nullptr, &n, c.aad.data, static_cast<int>(c.aad.length)) != 1) {
    return Throw(env, "libcrypto: additional data failed");
  }
  if (body > 0 && (lib.encryptUpdate(ctx, c.out.data, &n, c.in.data, static_cast<int>(body)) != 1 || static_cast<size_t>(n) != body)) {
    return Throw(env, "libcrypto: encryption failed");
  }
  int last = 0;
  if (lib.encryptFinal(ctx, c.out.data + body, &last) != 1 || last != 0) return Throw(env, "libcrypto: encryption final failed");
  if (lib.ctrl(ctx, kCtrlAeadGetTag, static_cast<int>(kTagBytes), c.out.data + body) != 1) return Throw(env, "libcrypto: no tag");
  return nullptr;
}

// The plaintext of `body` bytes of ciphertext at `in` into `out` when `tag` verifies: kOpened;
// kFailed (and `out` zeroed) when it does not; kSetupFailed when libcrypto could not start.
enum class Opened { kOpened, kFailed, kSetupFailed };

Opened OpenOne(int cipher, const unsigned char* key, const unsigned char* nonce, const unsigned char* aad, size_t aadLength,
               const unsigned char* in, size_t body, unsigned char* out, const unsigned char* tag) {
  if (cipher == 0 && vaesAesGcm) {
    return cairn_gcm::Open(key, nonce, aad, aadLength, in, body, out, tag) ? Opened::kOpened : Opened::kFailed;
  }
  EvpCipherCtx* ctx = Prepare(cipher, false, key, nonce);
  if (ctx == nullptr) return Opened::kSetupFailed;
  unsigned char tagCopy[kTagBytes];
  std::memcpy(tagCopy, tag, kTagBytes);
  bool ok = lib.ctrl(ctx, kCtrlAeadSetTag, static_cast<int>(kTagBytes), tagCopy) == 1;
  int n = 0;
  if (ok && aadLength > 0) ok = lib.decryptUpdate(ctx, nullptr, &n, aad, static_cast<int>(aadLength)) == 1;
  if (ok && body > 0) ok = lib.decryptUpdate(ctx, out, &n, in, static_cast<int>(body)) == 1 && static_cast<size_t>(n) == body;
  int last = 0;
  if (ok) ok = lib.decryptFinal(ctx, out + body, &last) == 1 && last == 0;
  if (!ok) std::memset(out, 0, body);
  return ok ? Opened::kOpened : Opened::kFailed;
}

napi_value Open(napi_env env, napi_callback_info info) {
  Call c;
  if (!ReadCall(env, info, false, &c)) return nullptr;
  size_t body = c.in.length - kTagBytes;
  unsigned char tag[kTagBytes];
  std::memcpy(tag, c.in.data + body, kTagBytes);  // before an in-place decryption can reach it
  Opened opened = OpenOne(c.cipher, c.key.data, c.nonce.data, c.aad.data, c.aad.length, c.in.data, body, c.out.data, tag);
  if (opened == Opened::kSetupFailed) return Throw(env, "libcrypto: cipher set-up failed");
  napi_value result;
  napi_get_boolean(env, opened == Opened::kOpened, &result);
  return result;
}

// A stored package that spans two segments is gathered here (one per thread).
thread_local std::vector<unsigned char> gatherScratch;

// openPackages(cipherId, key[32], nonces[12 n], aads[a n], segments, sealedPackageBytes, out)
//   -> the number of packages that verified (n: all of them)
// Opens n consecutive packages whose stored bytes are the concatenation of `segments`
// (Uint8Arrays, e.g. views of shared memory): package i is the bytes from i * sealedPackageBytes,
// the last one possibly shorter (at least its tag), and its plaintext goes to out at
// i * (sealedPackageBytes - 16). Package i is opened with nonce i and additional data i
// (`aads` cut in n equal parts). It stops at the first package that does not verify, whose
// plaintext bytes are zeroed, and returns its index. A package inside one segment is opened
// where it lies; one that spans segments is copied together first. The format (nonces, data,
// sizes, what a short package means) is the caller's (crypto/package-batch.ts).
napi_value OpenPackages(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 7) {
    napi_throw_type_error(env, nullptr, "expected (cipherId, key, nonces, aads, segments, sealedPackageBytes, output)");
    return nullptr;
  }
  int cipher = -1;
  if (!ReadCipher(env, argv[0], &cipher)) return nullptr;
  Bytes key, nonces, aads, out;
  if (!GetBytes(env, argv[1], &key) || !GetBytes(env, argv[2], &nonces) || !GetBytes(env, argv[3], &aads) ||
      !GetBytes(env, argv[6], &out)) {
    napi_throw_type_error(env, nullptr, "key, nonces, aads and output must be Uint8Arrays");
    return nullptr;
  }
  int64_t packageBytes = 0;
  if (napi_get_value_int64(env, argv[5], &packageBytes) != napi_ok || packageBytes <= static_cast<int64_t>(kTagBytes) ||
      packageBytes > (1 << 24)) {
    napi_throw_range_error(env, nullptr, "sealedPackageBytes must be more than 16 and at most 16 MiB");
    return nullptr;
  }
  const size_t sealedBytes = static_cast<size_t>(packageBytes);
  const size_t n = nonces.length / kNonceBytes;
  if (key.length != kKeyBytes || n == 0 || nonces.length % kNonceBytes != 0 || aads.length % n != 0) {
    napi_throw_range_error(env, nullptr, "key must be 32 bytes, nonces n times 12 bytes and aads n equal parts");
    return nullptr;
  }
  const size_t aadLength = aads.length / n;
  bool isArray = false;
  uint32_t segmentCount = 0;
  if (napi_is_array(env, argv[4], &isArray) != napi_ok || !isArray || napi_get_array_length(env, argv[4], &segmentCount) != napi_ok) {
    napi_throw_type_error(env, nullptr, "segments must be an array of Uint8Arrays");
    return nullptr;
  }
  std::vector<Bytes> segments(segmentCount);
  size_t total = 0;
  for (uint32_t i = 0; i < segmentCount; i++) {
    napi_value element;
    if (napi_get_element(env, argv[4], i, &element) != napi_ok || !GetBytes(env, element, &segments[i])) {
      napi_throw_type_error(env, nullptr, "segments must be an array of Uint8Arrays");
      return nullptr;
    }
    total += segments[i].length;
    const unsigned char* segEnd = segments[i].data + segments[i].length;
    if (segments[i].length > 0 && segments[i].data < out.data + out.length && out.data < segEnd) {
      napi_throw_range_error(env, nullptr, "a segment overlaps the output");
      return nullptr;
    }
  }
  // n packages: the first n - 1 whole, the last holding at least its tag.
  if (total <= (n - 1) * sealedBytes + kTagBytes - 1 || total > n * sealedBytes) {
    napi_throw_range_error(env, nullptr, "the segments do not hold n packages");
    return nullptr;
  }
  if (out.length < total - n * kTagBytes) {
    napi_throw_range_error(env, nullptr, "output shorter than the plaintext");
    return nullptr;
  }
  size_t seg = 0;     // segment of the next stored byte
  size_t segAt = 0;   // its offset there
  size_t verified = 0;
  for (size_t i = 0; i < n; i++) {
    const size_t length = i + 1 < n ? sealedBytes : total - i * sealedBytes;
    while (segAt == segments[seg].length) { seg++; segAt = 0; }
    const unsigned char* sealed;
    if (segments[seg].length - segAt >= length) {
      sealed = segments[seg].data + segAt;
      segAt += length;
    } else {
      if (gatherScratch.size() < length) gatherScratch.resize(sealedBytes);
      for (size_t got = 0; got < length;) {
        while (segAt == segments[seg].length) { seg++; segAt = 0; }
        const size_t piece = std::min(length - got, segments[seg].length - segAt);
        std::memcpy(gatherScratch.data() + got, segments[seg].data + segAt, piece);
        got += piece;
        segAt += piece;
      }
      sealed = gatherScratch.data();
    }
    const size_t body = length - kTagBytes;
    Opened opened = OpenOne(cipher, key.data, nonces.data + i * kNonceBytes, aads.data + i * aadLength, aadLength, sealed, body,
                            out.data + i * (sealedBytes - kTagBytes), sealed + body);
    if (opened == Opened::kSetupFailed) return Throw(env, "libcrypto: cipher set-up failed");
    if (opened == Opened::kFailed) break;
    verified++;
  }
  napi_value result;
  napi_create_uint32(env, static_cast<uint32_t>(verified), &result);
  return result;
}

// hmacSha256(key, part1, part2, out[32]): HMAC-SHA256 of part1 || part2 under key.
napi_value HmacSha256(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 4) {
    napi_throw_type_error(env, nullptr, "expected (key, part1, part2, output)");
    return nullptr;
  }
  Bytes key, a, b, out;
  if (!GetBytes(env, argv[0], &key) || !GetBytes(env, argv[1], &a) || !GetBytes(env, argv[2], &b) || !GetBytes(env, argv[3], &out)) {
    napi_throw_type_error(env, nullptr, "key, parts and output must be Uint8Arrays");
    return nullptr;
  }
  if (key.length == 0 || out.length != kMacBytes) {
    napi_throw_range_error(env, nullptr, "key must not be empty and output must be 32 bytes");
    return nullptr;
  }
  bool fresh = contexts.mac == nullptr;
  if (fresh) {
    contexts.mac = lib.macCtxNew(lib.hmac);
    if (contexts.mac == nullptr) return Throw(env, "libcrypto: no HMAC context");
  }
  char digest[] = "SHA256";
  OsslParam params[2] = {{"digest", kParamUtf8String, digest, sizeof digest - 1, kParamUnmodified}, {nullptr, 0, nullptr, 0, 0}};
  size_t n = 0;
  // The digest is set once; later inits only take the new key.
  bool ok = lib.macInit(contexts.mac, key.data, key.length, fresh ? params : nullptr) == 1 &&
            (a.length == 0 || lib.macUpdate(contexts.mac, a.data, a.length) == 1) &&
            (b.length == 0 || lib.macUpdate(contexts.mac, b.data, b.length) == 1) &&
            lib.macFinal(contexts.mac, out.data, &n, kMacBytes) == 1 && n == kMacBytes;
  if (!ok) {
    lib.macCtxFree(contexts.mac);
    contexts.mac = nullptr;
    return Throw(env, "libcrypto: HMAC-SHA256 failed");
  }
  return nullptr;
}

// setAesGcm(name): 'vaes' (only where the CPU has it) or 'libcrypto' for this thread's AES-256-GCM;
// 'auto' picks vaes where available. Returns the name in force.
napi_value SetAesGcm(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char name[16] = {0};
  size_t n = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 1 ||
      napi_get_value_string_utf8(env, argv[0], name, sizeof name, &n) != napi_ok) {
    napi_throw_type_error(env, nullptr, "expected 'auto', 'vaes' or 'libcrypto'");
    return nullptr;
  }
  std::string choice(name, n);
  if (choice == "vaes" && !VaesReady()) {
    napi_throw_error(env, "ERR_CAIRN_AEAD", "this CPU has no AVX-512 VAES and VPCLMULQDQ");
    return nullptr;
  }
  if (choice == "auto" || choice == "vaes") {
    vaesAesGcm = VaesReady();
  } else if (choice == "libcrypto") {
    vaesAesGcm = false;
  } else {
    napi_throw_range_error(env, nullptr, "expected 'auto', 'vaes' or 'libcrypto'");
    return nullptr;
  }
  napi_value result;
  const char* inForce = vaesAesGcm ? "vaes" : "libcrypto";
  napi_create_string_utf8(env, inForce, NAPI_AUTO_LENGTH, &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  static const bool loaded = LoadLibcrypto();
  vaesAesGcm = VaesReady();
  napi_value available;
  napi_get_boolean(env, loaded, &available);
  napi_set_named_property(env, exports, "available", available);
  if (!loaded) {
    napi_value reason;
    napi_create_string_utf8(env, loadError.c_str(), loadError.size(), &reason);
    napi_set_named_property(env, exports, "reason", reason);
    return exports;
  }
  napi_value version, seal, open, openPackages, hmac, setAesGcm;
  const char* v = lib.version(0);
  napi_create_string_utf8(env, v, NAPI_AUTO_LENGTH, &version);
  napi_create_function(env, "seal", NAPI_AUTO_LENGTH, Seal, nullptr, &seal);
  napi_create_function(env, "open", NAPI_AUTO_LENGTH, Open, nullptr, &open);
  napi_create_function(env, "hmacSha256", NAPI_AUTO_LENGTH, HmacSha256, nullptr, &hmac);
  napi_set_named_property(env, exports, "hmacSha256", hmac);
  napi_set_named_property(env, exports, "version", version);
  napi_set_named_property(env, exports, "seal", seal);
  napi_set_named_property(env, exports, "open", open);
  napi_create_function(env, "openPackages", NAPI_AUTO_LENGTH, OpenPackages, nullptr, &openPackages);
  napi_set_named_property(env, exports, "openPackages", openPackages);
  napi_create_function(env, "setAesGcm", NAPI_AUTO_LENGTH, SetAesGcm, nullptr, &setAesGcm);
  napi_set_named_property(env, exports, "setAesGcm", setAesGcm);
  return exports;
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
