// Recursive descent over the token list. Grammar (docs/config.md has it in EBNF):
//   condition = or ; or = and { ("or"|"||") and } ; and = unary { ("and"|"&&") unary } ;
//   unary = ("not"|"!") unary | "(" condition ")" | call | operand cmp-op operand ;
//   action = call | "drop" | "exit" | "return" [ "(" value ")" ] | pvar "=" value .
#include "route/syntax.h"

#include "route/pseudo_var.h"

namespace pinhole::route {

namespace {

bool isWord(const Token& t, std::string_view w) { return t.kind == Tok::Ident && t.text == w; }

class Parser {
 public:
  explicit Parser(std::string_view text) : toks_(tokenize(text)) {}

  SynCond condition() {
    if (peek().kind == Tok::End) fail(peek(), "empty condition");
    SynCond c = orExpr();
    expectEnd("a condition");
    return c;
  }

  SynAction action() {
    const Token& t = peek();
    SynAction a;
    a.offset = t.offset;
    if (t.kind == Tok::End) fail(t, "empty action");
    if (t.kind == Tok::Var) {
      a.kind = SynAction::Kind::Assign;
      a.target = value();
      const Token& op = peek();
      if (op.kind != Tok::Assign) {
        if (op.kind == Tok::Eq || op.kind == Tok::Ne || op.kind == Tok::Match)
          fail(op, "a comparison is not an action (assignment is '='; tests go in 'if')");
        fail(op, "expected '=' after " + std::string("$") + t.text);
      }
      next();
      a.value = value();
      if (a.value.kind == SynValue::Kind::Name || a.value.kind == SynValue::Kind::Myself)
        fail(a.value.offset, "expected a string, an integer or a pseudo-variable");
    } else if (isWord(t, "drop") || isWord(t, "exit")) {
      a.kind = t.text == "drop" ? SynAction::Kind::Drop : SynAction::Kind::Exit;
      next();
    } else if (isWord(t, "return")) {
      a.kind = SynAction::Kind::Return;
      next();
      if (peek().kind == Tok::LParen) {
        next();
        const Token& v = peek();
        if (isWord(v, "true") || isWord(v, "false")) {
          a.return_value = v.text == "true";
        } else if (v.kind == Tok::Int) {
          // Kamailio: positive is true, negative false, 0 means exit.
          if (v.integer == 0) fail(v, "return(0) means exit in Kamailio: write exit");
          a.return_value = v.integer > 0;
        } else {
          fail(v, "expected true, false or an integer in return(...)");
        }
        next();
        expect(Tok::RParen, "')'");
      }
    } else if (isWord(t, "break")) {
      fail(t, "'break' is not an action here: write exit (end the hook) or return (end the "
              "route)");
    } else if (t.kind == Tok::Ident) {
      a.kind = SynAction::Kind::Call;
      a.call = call();
    } else {
      fail(t, "expected an action, got " + std::string(tokName(t.kind)));
    }
    expectEnd("the action");
    return a;
  }

 private:
  [[noreturn]] void fail(uint32_t offset, std::string message) {
    throw ExprError{offset, std::move(message)};
  }
  [[noreturn]] void fail(const Token& t, std::string message) {
    fail(t.offset, std::move(message));
  }

  const Token& peek(std::size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
  }
  const Token& next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  const Token& expect(Tok kind, std::string_view what) {
    if (peek().kind != kind)
      fail(peek(), "expected " + std::string(what) + ", got " + describe(peek()));
    return next();
  }
  void expectEnd(std::string_view what) {
    const Token& t = peek();
    if (t.kind != Tok::End)
      fail(t, "unexpected " + describe(t) + " after " + std::string(what));
  }
  static std::string describe(const Token& t) {
    if (t.kind == Tok::Ident) return "'" + t.text + "'";
    if (t.kind == Tok::Var) return "'$" + t.text + "'";
    if (t.kind == Tok::Int) return "'" + t.text + "'";
    return std::string(tokName(t.kind));
  }

  SynCond orExpr() {
    SynCond lhs = andExpr();
    while (peek().kind == Tok::OrOr || isWord(peek(), "or")) {
      next();
      lhs = binary(SynCond::Kind::Or, std::move(lhs), andExpr());
    }
    return lhs;
  }

  SynCond andExpr() {
    SynCond lhs = unary();
    while (peek().kind == Tok::AndAnd || isWord(peek(), "and")) {
      next();
      lhs = binary(SynCond::Kind::And, std::move(lhs), unary());
    }
    return lhs;
  }

  static SynCond binary(SynCond::Kind kind, SynCond lhs, SynCond rhs) {
    SynCond c;
    c.kind = kind;
    c.offset = lhs.offset;
    c.lhs = std::make_unique<SynCond>(std::move(lhs));
    c.rhs = std::make_unique<SynCond>(std::move(rhs));
    return c;
  }

  SynCond unary() {
    const Token& t = peek();
    if (t.kind == Tok::Bang || isWord(t, "not")) {
      SynCond c;
      c.kind = SynCond::Kind::Not;
      c.offset = next().offset;
      c.lhs = std::make_unique<SynCond>(unary());
      return c;
    }
    if (t.kind == Tok::LParen) {
      next();
      SynCond c = orExpr();
      expect(Tok::RParen, "')'");
      return c;
    }
    if (t.kind == Tok::Ident &&
        (peek(1).kind == Tok::LParen || peek(1).kind == Tok::Dot)) {
      SynCond c;
      c.kind = SynCond::Kind::Call;
      c.offset = t.offset;
      c.call = call();
      return c;
    }
    return comparison();
  }

  SynCond comparison() {
    SynCond c;
    c.kind = SynCond::Kind::Compare;
    c.offset = peek().offset;
    c.a = operand();
    const Token& op = peek();
    switch (op.kind) {
      case Tok::Eq: c.op = CompareOp::Eq; break;
      case Tok::Ne: c.op = CompareOp::Ne; break;
      case Tok::Match: c.op = CompareOp::Match; break;
      case Tok::Lt: c.op = CompareOp::Lt; break;
      case Tok::Le: c.op = CompareOp::Le; break;
      case Tok::Gt: c.op = CompareOp::Gt; break;
      case Tok::Ge: c.op = CompareOp::Ge; break;
      case Tok::Assign: fail(op, "'=' assigns; compare with '=='");
      default: fail(op, "expected a comparison operator (==, !=, =~, <, <=, >, >=), got " +
                            describe(op));
    }
    c.op_offset = next().offset;
    c.b = operand();
    return c;
  }

  SynValue operand() {
    const Token& t = peek();
    if (isWord(t, "and") || isWord(t, "or")) fail(t, "expected a condition, got '" + t.text + "'");
    if (t.kind == Tok::Ident) {
      if (t.text == "myself") {
        SynValue v;
        v.kind = SynValue::Kind::Myself;
        v.offset = next().offset;
        return v;
      }
      if (auto pv = findValueKeyword(t.text)) {
        SynValue v;
        v.kind = SynValue::Kind::Var;
        v.offset = next().offset;
        v.text = std::string(pvSpelling(PvRef{*pv}).substr(1));
        return v;
      }
      fail(t, "unknown name '" + t.text + "' (a call needs parentheses: " + t.text +
                  "(...); a value is a string, a number, a pseudo-variable or one of method, "
                  "uri, status, myself)");
    }
    if (t.kind == Tok::String || t.kind == Tok::Int || t.kind == Tok::Var) return value();
    fail(t, "expected a condition, got " + describe(t));
  }

  // String, Int, Var or a bare name.
  SynValue value() {
    const Token& t = next();
    SynValue v;
    v.offset = t.offset;
    switch (t.kind) {
      case Tok::String:
        v.kind = SynValue::Kind::String;
        v.text = t.text;
        v.string_token = t;
        return v;
      case Tok::Int:
        v.kind = SynValue::Kind::Int;
        v.integer = t.integer;
        v.text = t.text;
        return v;
      case Tok::Var:
        v.kind = SynValue::Kind::Var;
        v.text = t.text;
        v.var_arg = t.var_arg;
        return v;
      case Tok::Ident:
        v.kind = t.text == "myself" ? SynValue::Kind::Myself : SynValue::Kind::Name;
        v.text = t.text;
        return v;
      default:
        fail(t, "expected a value, got " + describe(t));
    }
  }

  SynCall call() {
    SynCall c;
    const Token& first = next();
    c.offset = c.function_offset = first.offset;
    c.function = first.text;
    if (peek().kind == Tok::Dot) {
      next();
      const Token& fn = expect(Tok::Ident, "a function name after '.'");
      c.module = std::move(c.function);
      c.function = fn.text;
      c.function_offset = fn.offset;
    }
    expect(Tok::LParen, "'(' after " + c.qualified());
    if (peek().kind != Tok::RParen) {
      for (;;) {
        const Token& t = peek();
        if (t.kind == Tok::RParen || t.kind == Tok::Comma) fail(t, "missing argument");
        if (t.kind != Tok::String && t.kind != Tok::Int && t.kind != Tok::Var &&
            t.kind != Tok::Ident)
          fail(t, "expected an argument, got " + describe(t));
        c.args.push_back(value());
        if (peek().kind == Tok::Comma) {
          next();
          continue;
        }
        break;
      }
    }
    c.close_offset = expect(Tok::RParen, "',' or ')'").offset;
    return c;
  }

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
};

}  // namespace

SynCond parseCondition(std::string_view text) { return Parser(text).condition(); }
SynAction parseAction(std::string_view text) { return Parser(text).action(); }

}  // namespace pinhole::route
