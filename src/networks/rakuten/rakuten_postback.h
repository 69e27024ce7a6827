// The Rakuten Advertising postback (a GET to RAKUTEN_ENDPOINT), built as Rakuten's official
// server-side tag builds it (github.com/Rakuten-Advertising-Developers/Affiliate-for-Server-Side-GTM):
// lines with the same SKU are merged; each amount is the line total × 100, rounded; SKUs and
// names are encodeURIComponent-encoded and joined with '|'; an order-level discount is an extra
// line DISCOUNT with quantity 0 and a negative amount, or spread over the lines in proportion.
// A reversal (refund, cancellation) has the same `ord`, negated amounts and positive quantities.
#pragma once
#include <string>
#include <vector>

#include "config/config.h"
#include "networks/conversion.h"
#include "support/result.h"

namespace edgepost {

// Rakuten's official tag cuts its URL at 8,000 characters (and appends &trunc=true). edgepost never
// sends a cut order: when the lines do not fit, the first ones are kept and the rest merged into
// one line (merged_lines_sku, their quantities and amounts added), as few as needed, so the URL
// fits and amtlist still adds up to the order's total. The DISCOUNT line is kept as it is.
constexpr size_t max_postback_url_length = 8000;

// too_large when not even one merged line fits (an endpoint URL of thousands of characters).
result<std::string> build_postback_url(const config& settings, const conversion& c);

}  // namespace edgepost
