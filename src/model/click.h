// A Rakuten Advertising click as edgepost records it: the affiliate's click id (ranSiteID,
// sent back as `tr`), when the shopper landed (`land`), and the merchant/affiliate ids from
// the link when present.
#pragma once
#include <string>
#include <string_view>

#include "support/utc_time.h"

namespace edgepost {

struct click {
  std::string site_id;  // ranSiteID
  unix_seconds landed_at = 0;
  std::string mid;      // ranMID, may be empty
  std::string eaid;     // ranEAID, may be empty
};

// Rakuten click ids are letters, digits and "-._/*", typically 34 characters. Anything else
// (spaces, ';', quotes, CR/LF, '%', '|') is refused, so a click id can never break a header,
// a cookie attribute, rmStore's '|' separators or the postback's query.
constexpr size_t max_site_id_length = 128;
bool is_valid_site_id(std::string_view id);

// ranMID is the advertiser's numeric id.
bool is_valid_mid(std::string_view mid);

// ranEAID: the same alphabet as a click id.
bool is_valid_eaid(std::string_view eaid);

}  // namespace edgepost
