// Assertions check the core's own invariants, never its input: input that is wrong gets an error
// value and a sentence (result<T>, reply), as the parsers return them. A failed assertion is a bug:
//   native builds (tests, fuzzers, benchmarks): the file, line and condition are printed and the
//     process aborts, so a test or a fuzzer stops at the bug;
//   wasm builds: it is recorded and the code goes on; the ABI then refuses the call
//     ({"error": "internal"}, return -1) and the shell logs it, so a bug costs one request, never a
//     page view or a stored record.
#pragma once

#define EDGEPOST_ASSERT(condition) \
  ((condition) ? static_cast<void>(0) : ::edgepost::assertion_failed(#condition, __FILE__, __LINE__))

namespace edgepost {

void assertion_failed(const char* condition, const char* file, int line);

// wasm builds: the first assertion that failed since the last call, as "file:line: condition", and
// forgets it; nullptr when none failed. Native builds never get here with one.
const char* take_failed_assertion();

}  // namespace edgepost
