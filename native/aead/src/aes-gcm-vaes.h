// AES-256-GCM on VAES + VPCLMULQDQ (AVX-512): see aes-gcm-vaes.cc.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cairn_gcm {

// True when this CPU (and the OS) run the AVX-512 VAES and VPCLMULQDQ code below.
bool Available();

// AES-256-GCM with a 12-byte nonce and a 16-byte tag, as NIST SP 800-38D: `out` (len bytes)
// = ciphertext, `tag` = the tag. `out` may be `in` (exactly in place).
void Seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t* aad, size_t aadLen, const uint8_t* in,
          size_t len, uint8_t* out, uint8_t tag[16]);

// Plaintext of `in` (len bytes of ciphertext) into `out` when `tag` verifies (true); false, and
// `out` zeroed, when it does not. `out` may be `in` (exactly in place).
bool Open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t* aad, size_t aadLen, const uint8_t* in,
          size_t len, uint8_t* out, const uint8_t tag[16]);

}  // namespace cairn_gcm
