// Debian's wasi-libc is built for the wasm MVP, so its memcpy, memmove and memset copy in a loop.
// When this module is built with bulk memory (-mbulk-memory), the compiler lowers these builtins
// to the single memory.copy / memory.fill instructions, which engines run as native memmove and
// memset; defining the C functions here makes libc++ (precompiled, calling memcpy by name) use them
// too. The linker takes a definition from an object file before it pulls libc.a's.
#include <cstddef>

#if defined(__wasm__) && defined(__wasm_bulk_memory__)
extern "C" {
void* memcpy(void* destination, const void* source, size_t length) {
  return __builtin_memmove(destination, source, length);
}
void* memmove(void* destination, const void* source, size_t length) {
  return __builtin_memmove(destination, source, length);
}
void* memset(void* destination, int value, size_t length) {
  return __builtin_memset(destination, value, length);
}
}
#endif
