// An affiliate click as edgepost records it: the network it came through (its name in the network
// table, networks/network_table.h), the network's click id (Rakuten's ranSiteID, Impact's
// irclickid, …), when the shopper landed, and the ids a network's link carries besides (Rakuten's
// merchant and affiliate ids) when present.
#pragma once
#include <string>
#include <string_view>

#include "support/utc_time.h"

namespace edgepost {

struct click {
  std::string site_id;  // the network's click id
  unix_seconds landed_at = 0;
  std::string mid;      // Rakuten's links: the merchant id (ranMID), may be empty
  std::string eaid;     // Rakuten's links: the affiliate's id (ranEAID), may be empty
  // The network's name in the network table. Empty in a click stored before edgepost knew more than
  // one network: it then means the table's first.
  std::string network;
};

// The clicks one order carries: at most the latest of each network (the signed cookie holds no more).
constexpr size_t max_clicks_per_order = 16;

// A click as a sale's arbitration judged it (networks/arbitration.h): won, later_click,
// outside_window or not_configured.
struct ranked_click {
  click c;
  std::string outcome;
};

// Click ids are letters, digits and "-._/*" (Rakuten's are typically 34 characters, CJ's 32 hex
// digits, Awin's digits and underscores). Anything else (spaces, ';', quotes, CR/LF, '%', '|', '~')
// is refused, so a click id can never break a header, a cookie attribute, rmStore's '|' separators,
// the signed cookie's own separators or a postback's query.
constexpr size_t max_site_id_length = 128;
bool is_valid_site_id(std::string_view id);

// A network's name: lowercase letters and digits, at most 32.
bool is_valid_network_name(std::string_view name);

// ranMID is the advertiser's numeric id.
bool is_valid_mid(std::string_view mid);

// ranEAID: the same alphabet as a click id.
bool is_valid_eaid(std::string_view eaid);

}  // namespace edgepost
