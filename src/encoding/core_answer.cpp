#include "encoding/core_answer.h"

#include "encoding/json_writer.h"

namespace edgepost {

std::string error_body(std::string_view code, std::string_view message) {
  json_writer out;
  out.begin_object().member("error", code).member("message", message).end_object();
  return out.take();
}

core_answer bad_call(std::string_view message) { return {-1, error_body("bad_call", message)}; }

core_answer refusal_answer(int32_t status, std::string_view code, std::string_view message) {
  return {status, error_body(code, message)};
}

}  // namespace edgepost
