// Logging from module handlers without touching the heap: the level is checked first, then the
// line is assembled in a fixed stack buffer (truncated when too long) and handed to the core.
// Bytes from the network that are not printable are written as '?', so a log line never carries
// a CR/LF or control characters taken from a message.
#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <string_view>

#include "pinhole/core_api.h"

namespace pinhole::modules {

class LogLine {
 public:
  static constexpr std::size_t kMax = 384;

  LogLine& operator<<(std::string_view s) noexcept {
    for (char c : s) {
      if (len_ == kMax) break;
      unsigned char u = static_cast<unsigned char>(c);
      buf_[len_++] = (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    return *this;
  }
  LogLine& operator<<(const char* s) noexcept { return *this << std::string_view(s); }
  template <std::integral T>
    requires(!std::same_as<T, char> && !std::same_as<T, bool>)
  LogLine& operator<<(T v) noexcept {
    auto [end, ec] = std::to_chars(buf_ + len_, buf_ + kMax, v);
    if (ec == std::errc{}) len_ = static_cast<std::size_t>(end - buf_);
    return *this;
  }

  std::string_view view() const noexcept { return {buf_, len_}; }

 private:
  char buf_[kMax];
  std::size_t len_ = 0;
};

// Logs the concatenation of `parts` (strings and integers) when `level` is enabled.
template <class... Parts>
void log(CoreApi& core, LogLevel level, std::string_view logger, const Parts&... parts) noexcept {
  if (!core.logEnabled(level, logger)) return;
  LogLine line;
  (line << ... << parts);
  core.log(level, logger, line.view());
}

}  // namespace pinhole::modules
