// What edgepost says back to whoever sent a request or an event: an HTTP status, a machine code
// and a sentence for a person. A refusal (4xx, 5xx) reaches the caller as
// {"error": <code>, "message": <sentence>}, anything else as {"status": <code>, "message": …}.
// It is the core's one carrier of "an outcome and its sentence": the orders API parser, the
// provider readers, both intakes and the order machine all answer with it.
#pragma once
#include <string>
#include <utility>

namespace edgepost {

struct reply {
  int status = 200;
  std::string code;     // an error code (README, "Errors"), or a word: queued, duplicate, ignored, …
  std::string message;  // for a person: what happened, or what to fix

  bool is_refusal() const { return status >= 400; }
};

inline reply refusal(int status, std::string code, std::string message) {
  return reply{status, std::move(code), std::move(message)};
}

}  // namespace edgepost
