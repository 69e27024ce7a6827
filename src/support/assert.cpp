#include "support/assert.h"

#include <cstdio>
#include <cstdlib>

namespace edgepost {
namespace {

#if defined(__wasm__)
// Not request state: a bug report that the ABI reads and clears at the end of the same call.
char failed_assertion[256];
bool has_failed_assertion = false;
#endif

}  // namespace

void assertion_failed(const char* condition, const char* file, int line) {
#if defined(__wasm__)
  if (has_failed_assertion) return;  // the first one is the cause
  std::snprintf(failed_assertion, sizeof failed_assertion, "%s:%d: %s", file, line, condition);
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
