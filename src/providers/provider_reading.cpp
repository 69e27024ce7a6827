#include "providers/provider_reading.h"

namespace edgepost {

provider_reading trial_reading(std::string_view subscription, std::string trial_key, std::string subscription_key,
                               std::string_view currency, unix_seconds created, std::string attribution) {
  order_event t;
  t.order_id = std::string(subscription);
  t.order_key = std::move(trial_key);
  t.status = order_status::paid;
  t.trial = true;
  t.currency = std::string(currency);
  t.created_at = created;
  t.items.push_back({"TRIAL", "Trial of " + t.order_id, 1, 0});
  t.links.push_back(std::move(subscription_key));
  t.attribution = std::move(attribution);
  provider_reading r;
  r.answer.code = "trial";
  r.orders.push_back(std::move(t));
  return r;
}

std::optional<order_event> another_name_of(std::string_view sale_id, std::string_view payment_id,
                                           std::string_view currency, unix_seconds created) {
  if (sale_id.empty() || sale_id.size() > max_order_id_length || payment_id.empty() ||
      payment_id.size() > max_order_id_length || payment_id == sale_id)
    return std::nullopt;
  order_event a;
  a.order_id = std::string(payment_id);
  a.order_key = a.order_id;
  a.status = order_status::paid;
  a.currency = std::string(currency);
  a.created_at = created;
  a.alias_of = std::string(sale_id);
  return a;
}

}  // namespace edgepost
