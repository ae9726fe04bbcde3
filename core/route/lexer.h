// The tokens of a condition or action string ("!maxfwd.process_maxfwd(10)", "$du = $hdr(X)").
// Offsets are byte offsets in that string, so errors can point at the exact character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pinhole::route {

// A syntax error at an offset of the expression; the compiler adds file:line:column.
struct ExprError {
  uint32_t offset = 0;
  std::string message;
};

enum class Tok : uint8_t {
  End,
  Ident,    // name, module, keyword (and, or, not, myself, drop, ...)
  Int,      // 42, -1
  String,   // 'text' or "text"
  Var,      // $ru, $hdr(Name)
  LParen, RParen, Comma, Dot,
  Assign,   // =
  Eq, Ne, Match, Lt, Le, Gt, Ge,  // == != =~ < <= > >=
  AndAnd, OrOr, Bang,             // && || !
};

std::string_view tokName(Tok t) noexcept;

struct Token {
  Tok kind = Tok::End;
  uint32_t offset = 0;  // first character
  uint32_t length = 0;  // characters in the source
  std::string text;     // Ident: the name; String: the content, unescaped; Var: the name
  std::string var_arg;  // Var: the name in $hdr(Name)
  int64_t integer = 0;  // Int
  // String: source offset of each content character, plus one past the end; empty when the
  // string has no escapes (then character i is at offset + 1 + i).
  std::vector<uint32_t> char_offsets;

  uint32_t charOffset(std::size_t i) const {
    return char_offsets.empty() ? offset + 1 + static_cast<uint32_t>(i)
                                : char_offsets[std::min(i, char_offsets.size() - 1)];
  }
};

// Splits the whole expression up front (they are short); throws ExprError.
std::vector<Token> tokenize(std::string_view text);

}  // namespace pinhole::route
