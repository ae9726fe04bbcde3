// Configuration errors and warnings with the place they were found (file:line:column).
// ConfigError is the loader's (core/module), shared so the daemon catches one type.
#pragma once

#include <string>

#include "module/config_error.h"

namespace pinhole::route {

// what() is "file:line:column: message". Thrown at load only, never on the per-message path.
using ConfigError = mod::ConfigError;

// A problem that does not stop the load (e.g. a named route nothing calls).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  // "file:line:column: warning: message"
  std::string text() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": warning: " +
           message;
  }
};

}  // namespace pinhole::route
