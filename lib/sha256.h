/* sha256.h — SHA-256 (FIPS 180-4) for content hashes: resumes, documents,
 * cache keys. */
#ifndef IV_SHA256_H
#define IV_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
} iv_sha256;

void iv_sha256_init(iv_sha256 *c);
void iv_sha256_update(iv_sha256 *c, const void *p, size_t n);
/* Writes 64 lowercase hex digits and a NUL to hex. */
void iv_sha256_final_hex(iv_sha256 *c, char hex[65]);
/* One call: the hex digest of n bytes. */
void iv_sha256_hex(const void *p, size_t n, char hex[65]);

#endif
