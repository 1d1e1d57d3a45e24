// The one exception the model library throws. Its kind tells a caller which
// exit code to use, so the CLI need not parse messages: a bad option value
// (usage), a malformed layers file or dump (data), an unreadable file (io).
#pragma once

#include <stdexcept>
#include <string>

namespace cdma::model {

enum class ErrorKind { usage, data, io };

class ModelError : public std::runtime_error {
 public:
  ModelError(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace cdma::model
