#include "support/assert.h"

#include <cstdio>
#include <cstdlib>

namespace edgepost {
namespace {

#if defined(__wasm__)
// Not request state: a bug report that the ABI reads and clears at the end of the same call.
char failed_assertion[256];
bool has_failed_assertion = false;

// Appends without printf, which would pull libc's whole formatter into the module.
size_t append(size_t at, const char* text) {
  while (*text && at + 1 < sizeof failed_assertion) failed_assertion[at++] = *text++;
  failed_assertion[at] = '\0';
  return at;
}

size_t append_number(size_t at, int n) {
  char digits[12];
  int count = 0;
  unsigned v = n < 0 ? 0u : static_cast<unsigned>(n);
  do digits[count++] = static_cast<char>('0' + v % 10); while ((v /= 10) != 0 && count < 11);
  char text[12];
  for (int i = 0; i < count; ++i) text[i] = digits[count - 1 - i];
  text[count] = '\0';
  return append(at, text);
}
#endif

}  // namespace

void assertion_failed(const char* condition, const char* file, int line) {
#if defined(__wasm__)
  if (has_failed_assertion) return;  // the first one is the cause
  size_t at = append(0, file);
  at = append(at, ":");
  at = append_number(at, line);
  at = append(at, ": ");
  append(at, condition);
  has_failed_assertion = true;
#else
  std::fprintf(stderr, "edgepost: assertion failed at %s:%d: %s\n", file, line, condition);
  std::abort();
#endif
}

const char* take_failed_assertion() {
#if defined(__wasm__)
  if (!has_failed_assertion) return nullptr;
  has_failed_assertion = false;
  return failed_assertion;
#else
  return nullptr;
#endif
}

}  // namespace edgepost
