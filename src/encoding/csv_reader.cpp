#include "encoding/csv_reader.h"

namespace edgepost {

csv_reader::status csv_reader::next(std::vector<std::string>& fields) {
  fields.clear();
  if (at_ >= text_.size()) return status::end;
  record_line_ = next_line_;
  std::string field;
  for (;;) {
    if (at_ < text_.size() && text_[at_] == '"') {
      ++at_;
      for (;;) {
        if (at_ >= text_.size()) {
          error_ = "a quoted field does not end";
          return status::malformed;
        }
        const char c = text_[at_++];
        if (c == '"') {
          if (at_ < text_.size() && text_[at_] == '"') {
            field += '"';
            ++at_;
            continue;
          }
          break;
        }
        if (c == '\n') ++next_line_;
        field += c;
      }
      if (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '\r' && text_[at_] != '\n') {
        error_ = "text follows a closing quote";
        return status::malformed;
      }
    } else {
      while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '\r' && text_[at_] != '\n') {
        if (text_[at_] == '"') {
          error_ = "a quote inside an unquoted field";
          return status::malformed;
        }
        field += text_[at_++];
      }
    }
    fields.push_back(std::move(field));
    field.clear();
    if (at_ >= text_.size()) return status::record;
    const char separator = text_[at_++];
    if (separator == ',') continue;
    if (separator == '\r' && at_ < text_.size() && text_[at_] == '\n') ++at_;
    ++next_line_;
    return status::record;
  }
}

}  // namespace edgepost
