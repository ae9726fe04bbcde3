// ConfigError: a mistake in the configuration at a known place. Thrown on the start-up path only
// (module parameters here, the routing file in core/route), caught once by the daemon, printed,
// and turned into a non-zero exit.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace pinhole::mod {

// what() is "file:line:column: message"; without a line it is "file: message", and without a
// file the position starts the text.
struct ConfigError : std::runtime_error {
  ConfigError(std::string file_name, int line_no, int column_no, const std::string& message)
      : std::runtime_error(format(file_name, line_no, column_no, message)),
        file(std::move(file_name)),
        line(line_no),
        column(column_no) {}

  std::string file;
  int line = 0;
  int column = 0;

  static std::string format(const std::string& file, int line, int column,
                            const std::string& message) {
    std::string out = file;
    if (line > 0) {
      if (!out.empty()) out += ':';
      out += std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    if (!out.empty()) out += ": ";
    return out + message;
  }
};

}  // namespace pinhole::mod
