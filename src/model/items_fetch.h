// An order whose line items are not in its webhook (Stripe Checkout) is stored at once with a
// one-line stand-in, and its shard reads the lines from the provider's API afterwards, page by
// page, on the order's own retry schedule. The webhook's answer never waits for those calls, and
// a failure that may pass does not turn the postback into one line for good.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "encoding/json_reader.h"
#include "model/order.h"
#include "support/utc_time.h"

namespace edgepost {

class json_writer;

// Pages of a provider's API list one order reads at most (its lines, or a charge's refunds): 100
// items a page, and orders are capped at 1000 lines.
constexpr int max_provider_api_pages = 10;

struct items_fetch {
  std::string source_id;          // the provider's id for the lines (a Checkout Session, an order)
  std::string url;                // the next page to read
  std::vector<line_item> fetched; // the lines of the pages read so far
  int64_t pages = 0;              // pages read so far
  int64_t failures = 0;           // failed reads in a row, counted against RETRY_SCHEDULE
  unix_seconds next_at = 0;
  unix_seconds in_flight_since = 0;  // the read's identity while it is out; survives a restart
  std::string provider = "stripe";   // whose API has the lines (the provider table's name)
};

// What one page's answer means, as the provider's reader judged it.
enum class items_page_outcome {
  next_page,  // lines read; `next_url` is the next page
  complete,   // every line read; `items` is the order's lines, fitted to edgepost's limits
  retry,      // a failure that may pass (no answer, 429, 5xx): read again later
  give_up,    // an answer that will not change (a 4xx, an unreadable page): keep the stand-in
};

struct items_page {
  items_page_outcome outcome = items_page_outcome::give_up;
  std::vector<line_item> items;  // next_page: every line so far; complete: the order's lines
  std::string next_url;
  std::string problem;  // retry, give_up: why, for the order's record and the log
};

void write_items_fetch(json_writer& out, const items_fetch& f);
// Only the shape is checked (as for every stored form, model/order_codec.h).
std::optional<items_fetch> read_items_fetch(json_element element);

}  // namespace edgepost
