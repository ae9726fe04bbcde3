// subst_hf: sed-like substitution in header values, "/regex/replacement/flags" as Kamailio's
// textops writes it. The regular expression is POSIX extended (std::regex::extended, as
// Kamailio's REG_EXTENDED); the replacement may refer to groups as \0..\9.
//
// Cost: the expression arrives as text on every call (it may hold variables), so compiled
// expressions are cached per worker thread (thread_local, no lock, at most kMaxCached distinct
// texts; beyond that each call compiles its own). Matching goes through std::regex, which
// allocates on the heap while it runs, and std::regex reports errors by exceptions, which are
// caught here: this is a configuration convenience, not a per-message fast path.
#pragma once

#include <cstddef>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "pinhole/context.h"
#include "pinhole/hooks.h"
#include "pinhole/result.h"

namespace pinhole::modules::textops {

struct SubstExpr {
  // A replacement is literal text and group references, in order.
  struct Piece {
    int group = -1;    // -1: literal
    std::string text;  // literal
  };

  std::regex regex;
  std::vector<Piece> replacement;
  bool global = false;       // g: every match in a value, not only the first
  bool ignore_case = false;  // i
};

// Parses and compiles "<sep>regex<sep>replacement<sep>flags". The separator is the first
// character (not alphanumeric, '\\' or white space); "\<sep>" stands for it inside the regex
// and the replacement. Replacement escapes: \0..\9 (groups), \\, \t, \<sep>. Flags: i (ignore
// case), g (all matches), s (accepted for Kamailio compatibility; a header value is one line).
// On error, `error` says why (static text) and nullptr is returned. Never throws.
std::unique_ptr<SubstExpr> compileSubst(std::string_view text, std::string_view& error) noexcept;

// The per-thread cache of compiled expressions.
class SubstCache {
 public:
  static constexpr std::size_t kMaxCached = 64;

  // The compiled expression for `text`: cached, or compiled now (and cached while there is
  // room; otherwise kept in `overflow` for the caller). nullptr with `error` when invalid
  // (invalid texts are cached too, so a bad expression is not recompiled per message).
  const SubstExpr* get(std::string_view text, std::unique_ptr<SubstExpr>& overflow,
                       std::string_view& error) noexcept;
  std::size_t size() const noexcept { return entries_.size(); }

  // The cache of the calling thread.
  static SubstCache& forThisThread() noexcept;

 private:
  struct Entry {
    std::unique_ptr<SubstExpr> expr;
    std::string_view error;
  };
  std::vector<std::pair<std::string, Entry>> entries_;  // few entries: a linear scan is fine
};

// subst_hf(name, subst, flags): applies the expression to the value of the headers called
// `name` (compact forms included): all of them (flag a, the default), only the first (f) or
// only the last (l). Each match is replaced by an edit of just the matched text. True when at
// least one replacement was recorded; False when nothing matched (with f: when the first
// header did not match), the name or expression is invalid, a replacement would put a line
// break into a header, or an edit conflicts with an earlier one (logged).
Outcome substHf(MsgContext& ctx, std::string_view name, std::string_view subst,
                std::string_view flags) noexcept;

}  // namespace pinhole::modules::textops
