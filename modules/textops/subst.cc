#include "textops/subst.h"

#include <cstring>
#include <memory_resource>

#include "common/log_line.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "pinhole/strings.h"
#include "textops/header_ops.h"

namespace pinhole::modules::textops {
namespace {

using ArenaMatch =
    std::match_results<const char*, std::pmr::polymorphic_allocator<std::sub_match<const char*>>>;

bool isAlnum(char c) noexcept { return str::isDigit(c) || str::isAlpha(c); }

// Reads one separator-delimited part starting at s[i]; leaves i after the closing separator.
// In the regex part, "\<sep>" becomes <sep> and every other escape is kept for the regex
// engine; false when the closing separator is missing.
bool readRegexPart(std::string_view s, std::size_t& i, char sep, std::string& out) {
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == sep) {
      ++i;
      return true;
    }
    if (c == '\\' && i + 1 < s.size()) {
      if (s[i + 1] == sep) {
        out += sep;
      } else {
        out += c;
        out += s[i + 1];
      }
      ++i;
      continue;
    }
    out += c;
  }
  return false;
}

bool readReplacement(std::string_view s, std::size_t& i, char sep,
                     std::vector<SubstExpr::Piece>& out, std::string_view& error) {
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) out.push_back({-1, std::move(literal)});
    literal.clear();
  };
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == sep) {
      ++i;
      flush();
      return true;
    }
    if (c != '\\') {
      literal += c;
      continue;
    }
    if (i + 1 == s.size()) break;
    char e = s[++i];
    if (e >= '0' && e <= '9') {
      flush();
      out.push_back({e - '0', {}});
    } else if (e == '\\' || e == sep) {
      literal += e;
    } else if (e == 't') {
      literal += '\t';
    } else {
      error = "unknown escape in the replacement (\\0..\\9, \\\\, \\t, \\<separator>)";
      return false;
    }
  }
  if (error.empty()) error = "replacement not closed by the separator";
  return false;
}

// Builds the replacement of one match in the arena.
std::string_view expand(const SubstExpr& expr, const ArenaMatch& m, Arena& arena) {
  std::size_t n = 0;
  for (const SubstExpr::Piece& p : expr.replacement)
    n += p.group < 0 ? p.text.size() : static_cast<std::size_t>(m[p.group].length());
  if (n == 0) return {};
  char* out = static_cast<char*>(arena.allocate(n, 1));
  std::size_t at = 0;
  for (const SubstExpr::Piece& p : expr.replacement) {
    std::string_view part = p.group < 0 ? std::string_view(p.text)
                                        : std::string_view(m[p.group].first,
                                                           static_cast<std::size_t>(
                                                               m[p.group].length()));
    if (!part.empty()) std::memcpy(out + at, part.data(), part.size());
    at += part.size();
  }
  return {out, n};
}

// Applies expr to one header value. Returns how many replacements were recorded, or -1 after
// logging why it stopped.
int applyToValue(MsgContext& ctx, const SubstExpr& expr, std::string_view value) {
  sip::Message& msg = ctx.msg();
  uint32_t base = msg.offsetOf(value);
  const char* begin = value.data();
  const char* end = begin + value.size();
  ArenaMatch m(ctx.arena().resource());
  const char* pos = begin;
  bool after_empty = false;
  int count = 0;
  for (;;) {
    auto flags = std::regex_constants::match_default;
    if (pos != begin) flags |= std::regex_constants::match_prev_avail;
    bool found;
    if (after_empty) {
      // After an empty match, a non-empty one may start at the same place; else move on by one
      // character (Perl's rule), so that a global substitution always makes progress.
      found = std::regex_search(pos, end, m, expr.regex,
                                flags | std::regex_constants::match_not_null |
                                    std::regex_constants::match_continuous);
      if (!found) {
        if (pos == end) break;
        ++pos;
        found = std::regex_search(pos, end, m, expr.regex,
                                  flags | std::regex_constants::match_prev_avail);
      }
    } else {
      found = std::regex_search(pos, end, m, expr.regex, flags);
    }
    if (!found) break;
    std::string_view replacement = expand(expr, m, ctx.arena());
    if (replacement.find_first_of("\r\n") != std::string_view::npos) {
      log(ctx.core(), LogLevel::Error, kLogger,
          "subst_hf: the replacement would put a line break into a header");
      return -1;
    }
    uint32_t at = base + static_cast<uint32_t>(m[0].first - begin);
    Result<void> r =
        ctx.edits().replace(at, static_cast<uint32_t>(m[0].length()), replacement);
    if (!r) {
      log(ctx.core(), LogLevel::Error, kLogger, "subst_hf: ", r.error().detail);
      return -1;
    }
    ++count;
    if (!expr.global) break;
    after_empty = m[0].length() == 0;
    pos = m[0].second;
  }
  return count;
}

}  // namespace

std::unique_ptr<SubstExpr> compileSubst(std::string_view text, std::string_view& error) noexcept {
  try {
    if (text.size() < 3) {
      error = "too short for /regex/replacement/";
      return nullptr;
    }
    char sep = text[0];
    if (isAlnum(sep) || sep == '\\' || str::isLws(sep)) {
      error = "the separator must not be alphanumeric, '\\' or white space";
      return nullptr;
    }
    auto expr = std::make_unique<SubstExpr>();
    std::size_t i = 1;
    std::string pattern;
    if (!readRegexPart(text, i, sep, pattern)) {
      error = "regex not closed by the separator";
      return nullptr;
    }
    if (!readReplacement(text, i, sep, expr->replacement, error)) return nullptr;
    for (; i < text.size(); ++i) {
      switch (text[i]) {
        case 'g': expr->global = true; break;
        case 'i': expr->ignore_case = true; break;
        case 's': break;  // see the header
        default: error = "unknown flag (i, g, s)"; return nullptr;
      }
    }
    auto syntax = std::regex::extended;
    if (expr->ignore_case) syntax |= std::regex::icase;
    expr->regex = std::regex(pattern, syntax);
    for (const SubstExpr::Piece& p : expr->replacement) {
      if (p.group > static_cast<int>(expr->regex.mark_count())) {
        error = "the replacement refers to a group the regex does not have";
        return nullptr;
      }
    }
    return expr;
  } catch (const std::regex_error&) {
    error = "invalid POSIX extended regular expression";
  } catch (...) {
    error = "cannot compile the expression (out of memory)";
  }
  return nullptr;
}

const SubstExpr* SubstCache::get(std::string_view text, std::unique_ptr<SubstExpr>& overflow,
                                 std::string_view& error) noexcept {
  for (const auto& [key, entry] : entries_) {
    if (key != text) continue;
    error = entry.error;
    return entry.expr.get();
  }
  std::unique_ptr<SubstExpr> expr = compileSubst(text, error);
  if (entries_.size() < kMaxCached) {
    try {
      std::string key(text);
      entries_.reserve(kMaxCached);  // once; later emplace_backs cannot throw
      entries_.emplace_back(std::move(key), Entry{std::move(expr), error});
      return entries_.back().second.expr.get();
    } catch (...) {
      // No memory for the cache entry (expr is still ours): use it for this call only.
    }
  }
  overflow = std::move(expr);
  return overflow.get();
}

SubstCache& SubstCache::forThisThread() noexcept {
  thread_local SubstCache cache;
  return cache;
}

Outcome substHf(MsgContext& ctx, std::string_view name_text, std::string_view subst,
                std::string_view flags) noexcept {
  CoreApi& core = ctx.core();
  std::optional<HeaderName> name = parseHeaderName(name_text);
  if (!name) {
    log(core, LogLevel::Error, kLogger, "subst_hf: not a header name: '", name_text, "'");
    return Outcome::False;
  }
  std::unique_ptr<SubstExpr> overflow;
  std::string_view error;
  const SubstExpr* expr = SubstCache::forThisThread().get(subst, overflow, error);
  if (!expr) {
    log(core, LogLevel::Error, kLogger, "subst_hf: bad expression '", subst, "': ", error);
    return Outcome::False;
  }
  bool first_only = flags.find('f') != std::string_view::npos;
  bool last_only = !first_only && flags.find('l') != std::string_view::npos;

  sip::Message& msg = ctx.msg();
  const sip::HeaderField* last = nullptr;
  int total = 0;
  try {
    for (const sip::HeaderField& h : msg.headers()) {
      if (!name->matches(h)) continue;
      if (last_only) {
        last = &h;
        continue;
      }
      int n = applyToValue(ctx, *expr, h.value);
      if (n < 0) return Outcome::False;
      total += n;
      if (first_only) break;
    }
    if (last) {
      int n = applyToValue(ctx, *expr, last->value);
      if (n < 0) return Outcome::False;
      total += n;
    }
  } catch (...) {
    // std::regex_search reports pathological patterns (error_complexity, error_stack) and
    // memory exhaustion by exceptions.
    log(core, LogLevel::Error, kLogger, "subst_hf: matching '", subst, "' failed");
    return Outcome::False;
  }
  return total ? Outcome::True : Outcome::False;
}

}  // namespace pinhole::modules::textops
