#include "abi/operations.h"

#include "encoding/json_writer.h"
#include "support/once_per_isolate.h"

namespace edgepost::abi {

EDGEPOST_ONCE_PER_ISOLATE std::string describe_operations() {
  json_writer out;
  out.begin_object().member("abi", int64_t{abi_version}).key("operations").begin_object();
  for (const auto& o : operations) {
    out.key(o.name).begin_object().member("id", int64_t{o.id}).key("fields").begin_array();
    std::string_view rest = o.fields;
    while (!rest.empty()) {
      const size_t space = rest.find(' ');
      out.string(rest.substr(0, space));
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    }
    out.end_array().end_object();
  }
  out.end_object().end_object();
  return out.take();
}

}  // namespace edgepost::abi
