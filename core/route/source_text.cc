#include "route/source_text.h"

#include <algorithm>

namespace pinhole::route {

SourceText::SourceText(std::string_view text, SourcePos begin, SourcePos end) noexcept
    : text_(text), begin_(begin) {
  if (end.line > begin.line) {
    multi_line_ = true;
    delimiter_ = 3;
    auto newlines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    // TOML drops a newline right after the opening delimiter; the lines it spans tell.
    trimmed_newline_ = end.line - begin.line > newlines;
  } else {
    int width = end.column - begin.column;
    // Same width as the text plus 6 quotes: '''...''' on one line; anything else is 1 quote
    // (when escapes made the raw text longer, the column is a best effort).
    delimiter_ = width == static_cast<int>(text.size()) + 6 ? 3 : 1;
  }
}

SourcePos SourceText::at(std::size_t offset) const noexcept {
  offset = std::min(offset, text_.size());
  if (!multi_line_) return {begin_.line, begin_.column + delimiter_ + static_cast<int>(offset)};
  std::string_view before = text_.substr(0, offset);
  auto newlines = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  int line = begin_.line + newlines + (trimmed_newline_ ? 1 : 0);
  std::size_t last_nl = before.rfind('\n');
  if (last_nl == std::string_view::npos) {
    if (trimmed_newline_) return {line, static_cast<int>(offset) + 1};
    return {line, begin_.column + delimiter_ + static_cast<int>(offset)};
  }
  return {line, static_cast<int>(offset - last_nl)};
}

}  // namespace pinhole::route
