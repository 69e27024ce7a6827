// What an order intake answers, whichever way the order came (the generic orders API or a
// provider's webhook): an HTTP status and word for the caller, and the order events to store,
// each addressed to its order's Durable Object. The shell stores them and answers the same way
// for every source.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace edgepost {

struct addressed_arrival {
  std::string object_name;   // "order:<object_key>"
  std::string arrival_json;  // for the order's Durable Object
};

struct intake_outcome {
  int status = 202;      // 2xx, or the error to answer (nothing stored)
  std::string word;      // error code, or stored | paid | refunded | cancelled | ignored | ping
  std::string message;
  std::vector<addressed_arrival> arrivals;  // to deliver in order
  std::string fetch_url;                    // non-empty: fetch this, then continue
  std::string fetch_authorization;
  std::string continuation;
  std::string forward_to;                   // forward the webhook unchanged here, answer its status
  std::string log;
};

// A request refused before anything was stored.
inline intake_outcome refused(int status, std::string word, std::string message) {
  intake_outcome o;
  o.status = status;
  o.word = std::move(word);
  o.message = std::move(message);
  return o;
}

}  // namespace edgepost
