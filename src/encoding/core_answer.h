// What one operation of the core answers the shell (src/abi/operations.h): an integer code and
// the output bytes, JSON unless the operation says otherwise. Each folder writes the answers of
// its own operations; the ABI only hands them over.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace edgepost {

struct core_answer {
  int32_t code = 0;
  std::string output;
};

// {"error": <code>, "message": <sentence>}: the body of every refusal (README, "Errors").
std::string error_body(std::string_view code, std::string_view message);

// The shell and the core disagree (a bug in one of the two, never the user's input): -1 with
// {"error": "bad_call"}.
core_answer bad_call(std::string_view message);

// An HTTP refusal the shell sends as it is: the status as the code, the error body as the output.
core_answer refusal_answer(int32_t status, std::string_view code, std::string_view message);

}  // namespace edgepost
