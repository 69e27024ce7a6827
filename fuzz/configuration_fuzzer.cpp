// The configuration, as the environment hands it over (every [vars] and secret as a JSON object),
// followed by a landing, a health check, the report pull's plan (RAKUTEN_REPORT_URL as it was
// given) and the scheduled run's plan under it, and the ABI's own table.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string env(reinterpret_cast<const char*>(data), size);
  fuzzing::call_expecting_json("configure", {env});
  fuzzing::call_expecting_json("request", {fuzzing::now, "GET", "/", "ranSiteID=abc-123&ranMID=12345", "", "", "", ""});
  fuzzing::call_expecting_json("request", {fuzzing::now, "GET", "/_edgepost/health", "", "", "", "", ""});
  fuzzing::call_expecting_json("report_pull_plan", {fuzzing::now});
  fuzzing::call_expecting_json("monitor_plan", {fuzzing::now, ""});
  fuzzing::call_expecting_json("describe", {});
  return 0;
}
