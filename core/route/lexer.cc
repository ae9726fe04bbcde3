#include "route/lexer.h"

#include <algorithm>
#include <charconv>

namespace pinhole::route {

namespace {

bool isIdentStart(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' ||
                                  s_[pos_] == '\r'))
        ++pos_;
      Token t;
      t.offset = static_cast<uint32_t>(pos_);
      if (pos_ >= s_.size()) {
        out.push_back(std::move(t));
        return out;
      }
      lexOne(t);
      t.length = static_cast<uint32_t>(pos_) - t.offset;
      out.push_back(std::move(t));
    }
  }

 private:
  [[noreturn]] void fail(std::size_t at, std::string message) {
    throw ExprError{static_cast<uint32_t>(at), std::move(message)};
  }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0';
  }

  void lexOne(Token& t) {
    char c = s_[pos_];
    if (isIdentStart(c)) {
      std::size_t start = pos_;
      while (pos_ < s_.size() && isIdentChar(s_[pos_])) ++pos_;
      t.kind = Tok::Ident;
      t.text = std::string(s_.substr(start, pos_ - start));
      return;
    }
    if (isDigit(c) || (c == '-' && isDigit(peek(1)))) return lexInt(t);
    if (c == '\'' || c == '"') return lexString(t, c);
    if (c == '$') return lexVar(t);
    auto two = [&](char next) { return peek(1) == next; };
    switch (c) {
      case '(': ++pos_; t.kind = Tok::LParen; return;
      case ')': ++pos_; t.kind = Tok::RParen; return;
      case ',': ++pos_; t.kind = Tok::Comma; return;
      case '.': ++pos_; t.kind = Tok::Dot; return;
      case '=':
        if (two('=')) { pos_ += 2; t.kind = Tok::Eq; return; }
        if (two('~')) { pos_ += 2; t.kind = Tok::Match; return; }
        ++pos_; t.kind = Tok::Assign; return;
      case '!':
        if (two('=')) { pos_ += 2; t.kind = Tok::Ne; return; }
        ++pos_; t.kind = Tok::Bang; return;
      case '<':
        if (two('=')) { pos_ += 2; t.kind = Tok::Le; return; }
        ++pos_; t.kind = Tok::Lt; return;
      case '>':
        if (two('=')) { pos_ += 2; t.kind = Tok::Ge; return; }
        ++pos_; t.kind = Tok::Gt; return;
      case '&':
        if (two('&')) { pos_ += 2; t.kind = Tok::AndAnd; return; }
        fail(pos_, "unexpected '&' (did you mean '&&' or 'and'?)");
      case '|':
        if (two('|')) { pos_ += 2; t.kind = Tok::OrOr; return; }
        fail(pos_, "unexpected '|' (did you mean '||' or 'or'?)");
      case ';':
        fail(pos_, "unexpected ';': write one action per array element");
      default:
        fail(pos_, std::string("unexpected character '") + c + "'");
    }
  }

  void lexInt(Token& t) {
    std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    while (pos_ < s_.size() && isDigit(s_[pos_])) ++pos_;
    if (pos_ < s_.size() && isIdentStart(s_[pos_]))
      fail(start, "malformed number '" + std::string(s_.substr(start, pos_ + 1 - start)) + "'");
    auto [ptr, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, t.integer);
    if (ec != std::errc()) fail(start, "integer out of range");
    t.kind = Tok::Int;
    t.text = std::string(s_.substr(start, pos_ - start));
  }

  void lexString(Token& t, char quote) {
    std::size_t open = pos_++;
    bool escaped = false;
    std::vector<uint32_t> offsets;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      offsets.push_back(static_cast<uint32_t>(pos_));
      char c = s_[pos_];
      if (c == '\\') {
        escaped = true;
        char e = peek(1);
        switch (e) {
          case '\\': case '\'': case '"': t.text += e; break;
          case 'n': t.text += '\n'; break;
          case 'r': t.text += '\r'; break;
          case 't': t.text += '\t'; break;
          case '\0': fail(pos_, "unterminated string");
          default:  // kept as written, so regexes can say \. and \d
            t.text += '\\';
            t.text += e;
            offsets.push_back(static_cast<uint32_t>(pos_ + 1));
        }
        pos_ += 2;
        continue;
      }
      t.text += c;
      ++pos_;
    }
    if (pos_ >= s_.size()) fail(open, "unterminated string");
    offsets.push_back(static_cast<uint32_t>(pos_));
    ++pos_;
    t.kind = Tok::String;
    if (escaped) t.char_offsets = std::move(offsets);
  }

  void lexVar(Token& t) {
    std::size_t start = pos_++;
    std::size_t name_start = pos_;
    while (pos_ < s_.size() && isIdentChar(s_[pos_])) ++pos_;
    if (pos_ == name_start) fail(start, "expected a pseudo-variable name after '$'");
    t.kind = Tok::Var;
    t.text = std::string(s_.substr(name_start, pos_ - name_start));
    if (peek() != '(') return;
    // $hdr(Name): the argument is a header name, taken up to the closing parenthesis.
    std::size_t close = s_.find(')', pos_);
    if (close == std::string_view::npos) fail(pos_, "missing ')' after '$" + t.text + "('");
    std::string_view arg = s_.substr(pos_ + 1, close - pos_ - 1);
    if (arg.empty()) fail(pos_ + 1, "empty name in '$" + t.text + "()'");
    t.var_arg = std::string(arg);
    pos_ = close + 1;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string_view tokName(Tok t) noexcept {
  switch (t) {
    case Tok::End: return "end of text";
    case Tok::Ident: return "a name";
    case Tok::Int: return "an integer";
    case Tok::String: return "a string";
    case Tok::Var: return "a pseudo-variable";
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::Comma: return "','";
    case Tok::Dot: return "'.'";
    case Tok::Assign: return "'='";
    case Tok::Eq: return "'=='";
    case Tok::Ne: return "'!='";
    case Tok::Match: return "'=~'";
    case Tok::Lt: return "'<'";
    case Tok::Le: return "'<='";
    case Tok::Gt: return "'>'";
    case Tok::Ge: return "'>='";
    case Tok::AndAnd: return "'&&'";
    case Tok::OrOr: return "'||'";
    case Tok::Bang: return "'!'";
  }
  return "?";
}

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

}  // namespace pinhole::route
