#pragma once

// The module is compiled lazily: each function when it is first called, whole, while the request
// that called it waits (measured in docs/PERFORMANCE.md, "Cold start"). Two marks keep that wait
// short without slowing what is hot.

// Code that runs once per isolate (reading the configuration, describing the ABI): built for size,
// and never inlined into its caller, since it is never hot and every byte of it is compiled while
// the isolate's first visitor waits.
#if defined(__clang__)
#define EDGEPOST_ONCE_PER_ISOLATE __attribute__((minsize, noinline))
#else
#define EDGEPOST_ONCE_PER_ISOLATE __attribute__((noinline))
#endif

// A branch a hot function takes only for some requests (another route, an option switched off):
// kept out of its caller, so the caller's first call compiles only the path it takes. A call
// costs nanoseconds; the branch inlined would cost its whole compilation on every cold start.
#define EDGEPOST_APART __attribute__((noinline))
