// The two functions of libsodium's runtime (core.c, randombytes.c) that the files edgepost compiles
// refer to. Neither is reachable from the core: randombytes_buf serves key generation and
// sodium_malloc's canaries, which edgepost never calls (its keys are configuration), and
// sodium_misuse is libsodium's answer to an impossible argument (a hex buffer of size 0, say).
// Compiling the real runtime would pull in CPU feature probes and an entropy source for nothing,
// so both stop the program, as libsodium's own sodium_misuse does by default.
#include <stdlib.h>

#include "sodium/core.h"
#include "sodium/randombytes.h"

void sodium_misuse(void) { abort(); }

void randombytes_buf(void* const buf, const size_t size) {
  (void)buf;
  (void)size;
  abort();
}
