// Writes JSON with two-space indentation: enough for the model's reports,
// with keys in the order written so that output is stable for tests.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::model {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin_object(std::string_view key = {});  // key: member name inside an object
  void end_object();
  void begin_array(std::string_view key = {});
  void end_array();
  void field(std::string_view key, std::string_view value);
  void field(std::string_view key, const char* value) { field(key, std::string_view(value)); }
  void field(std::string_view key, double value);  // %.9g; non-finite as null
  void field(std::string_view key, uint64_t value);
  void field(std::string_view key, int value) { field(key, static_cast<uint64_t>(value)); }
  void field(std::string_view key, bool value);
  void null_field(std::string_view key);
  void finish();  // final newline

 private:
  void prefix(std::string_view key);  // comma, newline, indent, "key": as needed
  void quoted(std::string_view s);

  std::ostream& out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
};

}  // namespace cdma::model
