#include "attribution/attribution_token.h"

#include <charconv>

#include "crypto/crypto.h"
#include "encoding/base64.h"
#include "networks/network_table.h"

namespace edgepost {
namespace {

constexpr int64_t allowed_clock_skew_seconds = 300;
// A v2 cookie of five networks' clicks with Rakuten's ids is about 600 characters; browsers keep
// cookies up to 4096 bytes.
constexpr size_t max_token_length = 2048;

struct token_format {
  std::string_view prefix;     // "v1." or "v2."
  std::string_view mac_label;  // inside the MAC, so a MAC made for one purpose never verifies another
};
constexpr token_format v1{"v1.", "edgepost-click-v1."};
constexpr token_format v2{"v2.", "edgepost-click-v2."};
constexpr token_format consent_v1{"c1.", "edgepost-consent-v1."};

std::string mac_text(const token_format& f, std::string_view encoded_payload, const hmac_sha256_key& key) {
  std::string message;
  message.reserve(f.mac_label.size() + encoded_payload.size());
  message.append(f.mac_label).append(encoded_payload);
  const sha256_digest mac = key.sign(message);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()),
                       base64_alphabet::url_safe);
}

std::string seal(const token_format& f, std::string_view payload, const hmac_sha256_key& key) {
  const std::string encoded = base64_encode(payload, base64_alphabet::url_safe);
  std::string token;
  token.append(f.prefix).append(encoded).append(".").append(mac_text(f, encoded, key));
  return token;
}

// Splits `text` at `separator` into exactly `n` parts.
bool split_exactly(std::string_view text, char separator, std::string_view* parts, size_t n) {
  for (size_t i = 0; i + 1 < n; ++i) {
    const size_t at = text.find(separator);
    if (at == std::string_view::npos) return false;
    parts[i] = text.substr(0, at);
    text.remove_prefix(at + 1);
  }
  if (text.find(separator) != std::string_view::npos) return false;
  parts[n - 1] = text;
  return true;
}

// <site_id> | <landed_at> | <mid> | <eaid>, the fields both formats share.
bool read_click_fields(std::string_view id, std::string_view landed, std::string_view mid, std::string_view eaid,
                       click& c) {
  c.site_id = std::string(id);
  if (std::from_chars(landed.data(), landed.data() + landed.size(), c.landed_at).ec != std::errc{} ||
      std::to_string(c.landed_at) != landed)
    return false;
  c.mid = std::string(mid);
  c.eaid = std::string(eaid);
  return is_valid_site_id(c.site_id) && is_supported_time(c.landed_at) && (c.mid.empty() || is_valid_mid(c.mid)) &&
         (c.eaid.empty() || is_valid_eaid(c.eaid));
}

void append_click_fields(std::string& out, const click& c) {
  out.append(c.site_id).append("|").append(std::to_string(c.landed_at)).append("|");
  out.append(c.mid).append("|").append(c.eaid);
}

std::string_view first_network() { return networks().front().name; }

std::string click_set_payload(const std::vector<click>& clicks) {
  std::string payload;
  for (const auto& c : clicks) {
    if (!payload.empty()) payload.append("~");
    payload.append(c.network.empty() ? first_network() : std::string_view(c.network)).append("|");
    append_click_fields(payload, c);
  }
  return payload;
}

// The clicks of a token whose prefix is one of `accepted`, each still within its lifetime.
result<std::vector<click>> verify_sealed(std::string_view token, std::initializer_list<const token_format*> accepted,
                                         const token_keys& keys, unix_seconds now, int64_t lifetime_seconds);

}  // namespace

std::string sign_click_set(const std::vector<click>& clicks, const hmac_sha256_key& key) {
  if (clicks.size() == 1 && (clicks[0].network.empty() || clicks[0].network == first_network())) {
    std::string payload;
    append_click_fields(payload, clicks[0]);
    return seal(v1, payload, key);
  }
  return seal(v2, click_set_payload(clicks), key);
}

std::string sign_click_set(const std::vector<click>& clicks, std::string_view secret) {
  return sign_click_set(clicks, hmac_sha256_key(secret));
}

std::string sign_consent_token(const std::vector<click>& clicks, std::string_view secret) {
  return seal(consent_v1, click_set_payload(clicks), hmac_sha256_key(secret));
}

result<std::vector<click>> verify_consent_token(std::string_view token, const token_secrets& secrets, unix_seconds now) {
  const hmac_sha256_key current(secrets.current), previous(secrets.previous);
  return verify_sealed(token, {&consent_v1}, {current, previous}, now, consent_token_lifetime_seconds);
}

std::string sign_attribution_token(const click& c, std::string_view secret) { return sign_click_set({c}, secret); }

result<std::vector<click>> verify_click_set(std::string_view token, const token_keys& keys, unix_seconds now,
                                            int64_t lifetime_seconds) {
  return verify_sealed(token, {&v1, &v2}, keys, now, lifetime_seconds);
}

result<std::vector<click>> verify_click_set(std::string_view token, const token_secrets& secrets, unix_seconds now,
                                            int64_t lifetime_seconds) {
  const hmac_sha256_key current(secrets.current), previous(secrets.previous);
  return verify_click_set(token, token_keys{current, previous}, now, lifetime_seconds);
}

namespace {

result<std::vector<click>> verify_sealed(std::string_view token, std::initializer_list<const token_format*> accepted,
                                         const token_keys& keys, unix_seconds now, int64_t lifetime_seconds) {
  if (token.size() > max_token_length) return error_code::token_malformed;
  const token_format* format = nullptr;
  for (const token_format* f : accepted)
    if (token.substr(0, f->prefix.size()) == f->prefix) format = f;
  if (!format) return error_code::token_malformed;
  token.remove_prefix(format->prefix.size());
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos) return error_code::token_malformed;
  const std::string_view encoded_payload = token.substr(0, dot);
  const std::string_view presented_mac = token.substr(dot + 1);

  bool authentic = !keys.current.empty() &&
                   equal_in_constant_time(mac_text(*format, encoded_payload, keys.current), presented_mac);
  if (!authentic && !keys.previous.empty())
    authentic = equal_in_constant_time(mac_text(*format, encoded_payload, keys.previous), presented_mac);
  if (!authentic) return error_code::bad_signature;

  const auto payload = base64_decode(encoded_payload, base64_alphabet::url_safe);
  if (!payload) return error_code::token_malformed;
  std::vector<click> all;
  if (format == &v1) {
    std::string_view f[4];
    click c;
    if (!split_exactly(*payload, '|', f, 4) || !read_click_fields(f[0], f[1], f[2], f[3], c)) return error_code::token_malformed;
    c.network = std::string(first_network());
    all.push_back(std::move(c));
  } else {
    std::string_view rest = *payload;
    while (true) {
      const size_t end = rest.find('~');
      std::string_view f[5];
      click c;
      if (!split_exactly(rest.substr(0, end), '|', f, 5) || !find_network(f[0]) ||
          !read_click_fields(f[1], f[2], f[3], f[4], c))
        return error_code::token_malformed;
      c.network = std::string(f[0]);
      for (const auto& seen : all)
        if (seen.network == c.network) return error_code::token_malformed;  // one click per network
      all.push_back(std::move(c));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  std::vector<click> live;
  for (auto& c : all)
    if (c.landed_at <= now + allowed_clock_skew_seconds && now - c.landed_at <= lifetime_seconds) live.push_back(std::move(c));
  if (live.empty()) return error_code::token_expired;
  return live;
}

}  // namespace

result<click> verify_attribution_token(std::string_view token, const token_secrets& secrets, unix_seconds now,
                                       int64_t lifetime_seconds) {
  const hmac_sha256_key current(secrets.current), previous(secrets.previous);
  return verify_attribution_token(token, token_keys{current, previous}, now, lifetime_seconds);
}

result<click> verify_attribution_token(std::string_view token, const token_keys& keys, unix_seconds now,
                                       int64_t lifetime_seconds) {
  std::vector<click> clicks;
  if (const error_code e = verify_click_set(token, keys, now, lifetime_seconds).get(clicks); e != error_code::success)
    return e;
  size_t latest = 0;
  for (size_t i = 1; i < clicks.size(); ++i)
    if (clicks[i].landed_at > clicks[latest].landed_at) latest = i;
  return std::move(clicks[latest]);
}

}  // namespace edgepost
