// The configuration, as the environment hands it over (every [vars] and secret as a JSON object),
// followed by a landing and a health check under it.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string env(reinterpret_cast<const char*>(data), size);
  fuzzing::call_expecting_json(fuzzing::configure, {env});
  fuzzing::call_expecting_json(fuzzing::request, {fuzzing::now, "GET", "/", "ranSiteID=abc-123&ranMID=12345", "", "", "", ""});
  fuzzing::call_expecting_json(fuzzing::request, {fuzzing::now, "GET", "/_edgepost/health", "", "", "", "", ""});
  return 0;
}
