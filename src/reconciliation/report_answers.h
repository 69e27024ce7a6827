// The report routes (operations report_import, report_pull_plan, report_pulled): what the caller
// is answered and what the report store keeps.
#pragma once
#include <string_view>

#include "encoding/core_answer.h"
#include "support/utc_time.h"

namespace edgepost {

// An uploaded report: 413 too_large over `max_body_bytes` (refused whole, never cut short), 400
// invalid_report, or 200 {status, body, store}.
core_answer answer_report_import(std::string_view csv, int64_t max_body_bytes, unix_seconds now);

// The pull of `report_url` (a secret: only ever in this answer's url): 200 {status, url, from, to},
// or 404 not_configured without a URL.
core_answer answer_report_pull_plan(std::string_view report_url, unix_seconds now);

// The pull's answer from Rakuten: as report_import, or 502 report_fetch_failed.
core_answer answer_report_pulled(unix_seconds from, unix_seconds to, int status, std::string_view body,
                                 unix_seconds now);

}  // namespace edgepost
