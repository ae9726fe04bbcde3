// Maps an offset inside the text of a TOML string value back to line:column in the file, so an
// error in an expression points at the exact character. toml++ gives a value's region (opening
// quote to one past the closing one) but not its raw text, so escapes and line-ending
// backslashes cannot be undone exactly: see docs/config.md, "Error positions".
#pragma once

#include <cstddef>
#include <string_view>

namespace pinhole::route {

struct SourcePos {
  int line = 0;
  int column = 0;
};

class SourceText {
 public:
  SourceText() = default;
  // begin: the opening quote; end: one past the closing quote (toml::source_region).
  SourceText(std::string_view text, SourcePos begin, SourcePos end) noexcept;

  SourcePos at(std::size_t offset) const noexcept;
  SourcePos begin() const noexcept { return begin_; }
  std::string_view text() const noexcept { return text_; }

 private:
  std::string_view text_;
  SourcePos begin_;
  int delimiter_ = 1;         // 1 for "..." and '...', 3 for """...""" and '''...'''
  bool multi_line_ = false;
  bool trimmed_newline_ = false;  // a multi-line string dropped the newline after its opener
};

}  // namespace pinhole::route
