/*
 * digest.c - SHA-256 digests in hexadecimal (digest.h), over GNU Nettle.
 */
#include "digest.h"

void digest_init(struct digest *c)
{
    sha256_init(&c->ctx);
}

void digest_update(struct digest *c, const void *data, size_t n)
{
    sha256_update(&c->ctx, n, data);
}

void digest_final(struct digest *c, unsigned char out[DIGEST_BYTES])
{
    sha256_digest(&c->ctx, DIGEST_BYTES, out);
}

void digest_to_hex(const unsigned char d[DIGEST_BYTES], char hex[DIGEST_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < DIGEST_BYTES; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * DIGEST_BYTES] = '\0';
}

void digest_hex(const void *data, size_t n, char hex[DIGEST_HEX])
{
    struct digest c;
    unsigned char d[DIGEST_BYTES];
    digest_init(&c);
    digest_update(&c, data, n);
    digest_final(&c, d);
    digest_to_hex(d, hex);
}
