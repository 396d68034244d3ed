/*
 * sha256.h - SHA-256 (FIPS 180-4), for the digests of output manifests and
 * of the fingerprints that tell --resume whether outputs on disk are those
 * of the same scenarios and settings.
 *
 * A digest is computed incrementally: sha256_init, any number of
 * sha256_update calls, sha256_final.  Manifests record digests in
 * lower-case hexadecimal, as `sha256sum` prints them, so a user can check a
 * file with that tool.
 *
 * Ownership: a struct sha256 is a plain value; nothing to free.
 */
#ifndef POESIM_SHA256_H
#define POESIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
#define SHA256_HEX (2 * SHA256_BYTES + 1)      /* hex digits and the NUL */

struct sha256 {
    uint32_t h[8];
    uint64_t bytes;             /* hashed so far */
    unsigned char block[64];    /* a partial block, bytes % 64 long */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
/* The digest in out; c must be initialised again before reuse. */
void sha256_final(struct sha256 *c, unsigned char out[SHA256_BYTES]);
/* The digest of n bytes at data, in hexadecimal (hex: SHA256_HEX chars). */
void sha256_hex(const void *data, size_t n, char hex[SHA256_HEX]);
/* A digest in hexadecimal. */
void sha256_to_hex(const unsigned char d[SHA256_BYTES], char hex[SHA256_HEX]);

#endif
