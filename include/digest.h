/*
 * digest.h - SHA-256 digests (through GNU Nettle), for output manifests and
 * for the fingerprints that tell --resume whether outputs on disk are those
 * of the same scenarios and settings.
 *
 * A digest is computed incrementally: digest_init, any number of
 * digest_update calls, digest_final.  Manifests record digests in
 * lower-case hexadecimal, as `sha256sum` prints them, so a user can check a
 * file with that tool.
 *
 * Ownership: a struct digest is a plain value; nothing to free.
 */
#ifndef POESIM_DIGEST_H
#define POESIM_DIGEST_H

#include <stddef.h>

#include <nettle/sha2.h>

#define DIGEST_BYTES SHA256_DIGEST_SIZE
#define DIGEST_HEX (2 * DIGEST_BYTES + 1)      /* hex digits and the NUL */

struct digest {
    struct sha256_ctx ctx;
};

void digest_init(struct digest *c);
void digest_update(struct digest *c, const void *data, size_t n);
/* The digest in out; c must be initialised again before reuse. */
void digest_final(struct digest *c, unsigned char out[DIGEST_BYTES]);
/* The digest of n bytes at data, in hexadecimal (hex: DIGEST_HEX chars). */
void digest_hex(const void *data, size_t n, char hex[DIGEST_HEX]);
/* A digest in hexadecimal. */
void digest_to_hex(const unsigned char d[DIGEST_BYTES], char hex[DIGEST_HEX]);

#endif
