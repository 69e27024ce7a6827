#include <catch2/catch.hpp>

#include "intake/standard_webhooks.h"

using namespace edgepost;

TEST_CASE("Standard Webhooks signatures verify per the specification") {
  // The example from the Standard Webhooks specification's reference implementation tests.
  const std::string secret_text = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string body = R"({"test": 2432232314})";
  const standard_webhook_headers headers{"msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                         "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="};
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330, 300) == error_code::success);
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330 + 299, 300) == error_code::success);
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330 + 301, 300) == error_code::stale_timestamp);
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330 - 301, 300) == error_code::stale_timestamp);
  CHECK(verify_standard_webhook(headers, body + " ", secret_text, 1614265330, 300) == error_code::bad_signature);

  auto multi = headers;
  const std::string list = "v1a,xxx v1,bm90LXRoaXM= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  multi.signature = list;
  CHECK(verify_standard_webhook(multi, body, secret_text, 1614265330, 300) == error_code::success);

  auto other_id = headers;
  other_id.id = "msg_other";
  CHECK(verify_standard_webhook(other_id, body, secret_text, 1614265330, 300) == error_code::bad_signature);
  auto missing = headers;
  missing.signature = "";
  CHECK(verify_standard_webhook(missing, body, secret_text, 1614265330, 300) == error_code::missing_signature);
  CHECK(verify_standard_webhook(headers, body, "whsec_!!!", 1614265330, 300) == error_code::not_configured);
}
