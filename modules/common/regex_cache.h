// Compiled regular expressions for patterns that arrive as text on every call (a function
// argument may hold variables, so it cannot be compiled once at load): one cache per worker
// thread (thread_local, no lock), at most kMaxCached patterns; beyond that a pattern is
// compiled for the call. Patterns that do not compile are remembered too.
// std::regex reports bad patterns by throwing; this is caught here and never leaves.
#pragma once

#include <cstddef>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace pinhole::modules {

class RegexCache {
 public:
  static constexpr std::size_t kMaxCached = 64;

  // The compiled `pattern` (with `flags`), or nullptr when it is not a valid expression. When
  // the cache is full the expression is compiled into `overflow`, which must outlive its use.
  const std::regex* get(std::string_view pattern, std::regex::flag_type flags,
                        std::unique_ptr<std::regex>& overflow) noexcept {
    for (const Entry& e : entries_)
      if (e.flags == flags && e.pattern == pattern) return e.regex.get();
    std::unique_ptr<std::regex> re = compile(pattern, flags);
    if (entries_.size() < kMaxCached) {
      try {
        std::string key(pattern);
        entries_.reserve(kMaxCached);  // once; later emplace_backs cannot throw
        entries_.push_back(Entry{std::move(key), flags, std::move(re)});
        return entries_.back().regex.get();
      } catch (...) {
        // No memory for the entry (re is still ours): use it for this call only.
      }
    }
    overflow = std::move(re);
    return overflow.get();
  }

  std::size_t size() const noexcept { return entries_.size(); }

  static RegexCache& forThisThread() noexcept {
    thread_local RegexCache cache;
    return cache;
  }

 private:
  struct Entry {
    std::string pattern;
    std::regex::flag_type flags;
    std::unique_ptr<std::regex> regex;  // nullptr: invalid pattern
  };

  static std::unique_ptr<std::regex> compile(std::string_view pattern,
                                             std::regex::flag_type flags) noexcept {
    try {
      return std::make_unique<std::regex>(pattern.begin(), pattern.end(), flags);
    } catch (...) {
      return nullptr;
    }
  }

  std::vector<Entry> entries_;
};

}  // namespace pinhole::modules
