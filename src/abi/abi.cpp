// The boundary between the JS shell (worker/core.js) and the core: plain C functions over
// (pointer, length) pairs, in the manner of proxy-wasm's ABI.
//
//   1. uint8_t* edgepost_input(size)   reserves `size` bytes; the shell writes the request there
//                                      as fields, each a little-endian u32 length then its bytes.
//   2. int32_t  edgepost_call(op, size) runs operation `op` on those fields; the return value is
//                                      op-specific (>= 0) or -1 for malformed input.
//   3. edgepost_output_ptr()/_len()    the answer bytes, valid until the next call.
//
// The operations, their fields and answers are declared once, in abi/operations.h; each has its
// handler (abi/handlers.h), which decodes its fields and hands them to the folder that answers.
// This file reads the frame, checks it against the table and dispatches. A call with another
// number of fields than the table says, a malformed frame, or an integer field that is not one
// returns -1 with {"error": "bad_call"}: the shell and the core disagree, which is a bug, never
// the user's input.
//
// The buffers below are transport, not state: each call reads only its own input. The one
// thing kept between calls is the parsed configuration (set once by configure), so a page view
// does not re-read it.
#include <cstdint>
#include <string>
#include <vector>

#include "abi/handlers.h"
#include "abi/operations.h"
#include "support/assert.h"

#if defined(__wasm__)
#define EDGEPOST_EXPORT(name) extern "C" __attribute__((export_name(#name), used))
#else
#define EDGEPOST_EXPORT(name) extern "C"
#endif

namespace edgepost::abi {
namespace {

std::vector<uint8_t> input_buffer;
std::string output_buffer;
bool configured = false;

call_fields read_fields(uint32_t size) {
  call_fields f;
  size_t at = 0;
  while (at < size) {
    if (size - at < 4) return f.ok = false, f;
    const uint32_t length = uint32_t(input_buffer[at]) | (uint32_t(input_buffer[at + 1]) << 8) |
                            (uint32_t(input_buffer[at + 2]) << 16) | (uint32_t(input_buffer[at + 3]) << 24);
    at += 4;
    if (length > size - at) return f.ok = false, f;
    f.values.emplace_back(reinterpret_cast<const char*>(input_buffer.data() + at), length);
    at += length;
  }
  return f;
}

core_answer describe(const call_fields&) { return {0, describe_operations()}; }

core_answer configure_and_remember(const call_fields& f) {
  configured = true;
  return configure(f);
}

struct handler {
  uint32_t id;
  core_answer (*run)(const call_fields&);
};
#define EDGEPOST_HANDLER_ENTRY(name) handler{id_of(#name), name},
constexpr handler handlers[] = {
    handler{describe_id, describe},
    handler{id_of("configure"), configure_and_remember},
    EDGEPOST_HANDLERS(EDGEPOST_HANDLER_ENTRY)
};
// Every operation of the table has its handler, and no handler lacks its operation (id_of does
// not compile for a name the table lacks).
static_assert(std::size(handlers) == std::size(operations));

core_answer dispatch(uint32_t id, uint32_t size) {
  if (size > input_buffer.size()) return bad_call("the call is larger than the input it reserved");
  const operation* op = find_operation(id);
  if (!op) return bad_call("no such operation");
  const call_fields f = read_fields(size);
  if (!f.ok) return bad_call("the fields are not framed as length-prefixed values");
  if (f.values.size() != field_count(op->fields)) return bad_call("the operation has the wrong number of fields");
  // An operation called before configure runs under an empty configuration, which reports its
  // problems (health says what is missing).
  if (id != describe_id && id != id_of("configure") && !configured) configure_and_remember(call_fields{{"{}"}, true});
  for (const auto& h : handlers)
    if (h.id == id) return h.run(f);
  return bad_call("no such operation");
}

}  // namespace
}  // namespace edgepost::abi

using namespace edgepost;

EDGEPOST_EXPORT(edgepost_input) uint8_t* edgepost_input(uint32_t size) {
  if (abi::input_buffer.size() < size) abi::input_buffer.resize(size);
  return abi::input_buffer.data();
}

EDGEPOST_EXPORT(edgepost_call) int32_t edgepost_call(uint32_t op, uint32_t size) {
  core_answer a = abi::dispatch(op, size);
  abi::output_buffer = std::move(a.output);
  // A bug the core caught in itself (support/assert.h): whatever the call produced is not used.
  if (const char* failed = take_failed_assertion()) {
    abi::output_buffer = error_body("internal", std::string("edgepost core assertion failed: ") + failed);
    return -1;
  }
  return a.code;
}

// The version of this ABI (abi::abi_version), as a marker the shell looks for before it calls
// anything (proxy-wasm's proxy_abi_version_* idea): a module built from other sources than the
// shell's is refused at instantiation instead of misreading fields.
static_assert(abi::abi_version == 2);
EDGEPOST_EXPORT(edgepost_abi_version_2) void edgepost_abi_version_2() {}

EDGEPOST_EXPORT(edgepost_output_ptr) const char* edgepost_output_ptr() { return abi::output_buffer.data(); }
EDGEPOST_EXPORT(edgepost_output_len) uint32_t edgepost_output_len() {
  return static_cast<uint32_t>(abi::output_buffer.size());
}
