// The expression lexer and parser, and the mapping of offsets back to file positions.
#include <gtest/gtest.h>

#include "route/source_text.h"
#include "route/syntax.h"

namespace pinhole::route {
namespace {

std::string errorOf(std::string_view text, bool condition = true) {
  try {
    if (condition) parseCondition(text);
    else parseAction(text);
  } catch (const ExprError& e) {
    return std::to_string(e.offset) + ": " + e.message;
  }
  return "";
}

TEST(RouteLexer, TokensWithOffsets) {
  auto toks = tokenize("!m.f(1, -2, 'a\\'b', $hdr(X-A)) && $ru =~ \"x\" || a <= b");
  std::vector<Tok> kinds;
  for (const Token& t : toks) kinds.push_back(t.kind);
  EXPECT_EQ(kinds, (std::vector<Tok>{Tok::Bang, Tok::Ident, Tok::Dot, Tok::Ident, Tok::LParen,
                                     Tok::Int, Tok::Comma, Tok::Int, Tok::Comma, Tok::String,
                                     Tok::Comma, Tok::Var, Tok::RParen, Tok::AndAnd, Tok::Var,
                                     Tok::Match, Tok::String, Tok::OrOr, Tok::Ident, Tok::Le,
                                     Tok::Ident, Tok::End}));
  EXPECT_EQ(toks[7].integer, -2);
  EXPECT_EQ(toks[9].text, "a'b");
  EXPECT_EQ(toks[9].offset, 12u);
  EXPECT_EQ(toks[9].charOffset(2), 16u);  // 'b' after the two-character escape
  EXPECT_EQ(toks[11].text, "hdr");
  EXPECT_EQ(toks[11].var_arg, "X-A");
}

TEST(RouteLexer, EscapesAndBackslashes) {
  auto toks = tokenize(R"('a\tb\\c\.d')");
  EXPECT_EQ(toks[0].text, "a\tb\\c\\.d");  // unknown escapes stay as written (regexes)
  EXPECT_EQ(errorOf("'abc"), "0: unterminated string");
  EXPECT_EQ(errorOf("a & b"), "2: unexpected '&' (did you mean '&&' or 'and'?)");
  EXPECT_EQ(errorOf("12ab == 1"), "0: malformed number '12a'");
  EXPECT_EQ(errorOf("$ == 1"), "0: expected a pseudo-variable name after '$'");
  EXPECT_EQ(errorOf("$hdr(X == 1"), "4: missing ')' after '$hdr('");
  EXPECT_EQ(errorOf("exit; drop", false), "4: unexpected ';': write one action per array element");
}

TEST(RouteParser, PrecedenceNotAndOr) {
  // not binds tighter than and, and tighter than or: (!a) || ((b) && (c == 1))
  SynCond c = parseCondition("!a() or b() and $rs == 1");
  ASSERT_EQ(c.kind, SynCond::Kind::Or);
  EXPECT_EQ(c.lhs->kind, SynCond::Kind::Not);
  EXPECT_EQ(c.lhs->lhs->call.function, "a");
  ASSERT_EQ(c.rhs->kind, SynCond::Kind::And);
  EXPECT_EQ(c.rhs->lhs->call.function, "b");
  EXPECT_EQ(c.rhs->rhs->kind, SynCond::Kind::Compare);
  EXPECT_EQ(c.rhs->rhs->a.text, "rs");
  EXPECT_EQ(c.rhs->rhs->b.integer, 1);
}

TEST(RouteParser, NotAppliesToAComparison) {
  // Kamailio's `!uri==myself` means "not (uri == myself)".
  SynCond c = parseCondition("not uri == myself");
  ASSERT_EQ(c.kind, SynCond::Kind::Not);
  EXPECT_EQ(c.lhs->kind, SynCond::Kind::Compare);
  EXPECT_EQ(c.lhs->a.text, "ru");
  EXPECT_EQ(c.lhs->b.kind, SynValue::Kind::Myself);
}

TEST(RouteParser, CallsAndArguments) {
  SynAction a = parseAction("rtpproxy.rtpproxy_offer('co', $si, 5, NAME)");
  ASSERT_EQ(a.kind, SynAction::Kind::Call);
  EXPECT_EQ(a.call.module, "rtpproxy");
  EXPECT_EQ(a.call.function, "rtpproxy_offer");
  EXPECT_EQ(a.call.function_offset, 9u);
  ASSERT_EQ(a.call.args.size(), 4u);
  EXPECT_EQ(a.call.args[0].kind, SynValue::Kind::String);
  EXPECT_EQ(a.call.args[1].kind, SynValue::Kind::Var);
  EXPECT_EQ(a.call.args[2].kind, SynValue::Kind::Int);
  EXPECT_EQ(a.call.args[3].kind, SynValue::Kind::Name);
  EXPECT_EQ(a.call.close_offset, 42u);
}

TEST(RouteParser, ActionsKeywordsAndAssignments) {
  EXPECT_EQ(parseAction("drop").kind, SynAction::Kind::Drop);
  EXPECT_EQ(parseAction("exit").kind, SynAction::Kind::Exit);
  SynAction r = parseAction("return");
  EXPECT_EQ(r.kind, SynAction::Kind::Return);
  EXPECT_FALSE(r.return_value.has_value());
  EXPECT_EQ(parseAction("return(false)").return_value, false);
  EXPECT_EQ(parseAction("return(-1)").return_value, false);
  EXPECT_EQ(parseAction("return(1)").return_value, true);
  SynAction as = parseAction("$du = 'sip:' ");
  EXPECT_EQ(as.kind, SynAction::Kind::Assign);
  EXPECT_EQ(as.target.text, "du");
  EXPECT_EQ(as.value.text, "sip:");
}

TEST(RouteParser, SyntaxErrorsPointAtTheToken) {
  EXPECT_EQ(errorOf(""), "0: empty condition");
  EXPECT_EQ(errorOf("", false), "0: empty action");
  EXPECT_EQ(errorOf("(a() and b()"), "12: expected ')', got end of text");
  EXPECT_EQ(errorOf("a() b()"), "4: unexpected 'b' after a condition");
  EXPECT_EQ(errorOf("m.(1)"), "2: expected a function name after '.', got '('");
  EXPECT_EQ(errorOf("f(1,)"), "4: missing argument");
  EXPECT_EQ(errorOf("$ru"), "3: expected a comparison operator (==, !=, =~, <, <=, >, >=), got "
                            "end of text");
  EXPECT_EQ(errorOf("$ru == 'a'", false),
            "4: a comparison is not an action (assignment is '='; tests go in 'if')");
  EXPECT_EQ(errorOf("$du = myself", false), "6: expected a string, an integer or a "
                                            "pseudo-variable");
  EXPECT_EQ(errorOf("return(maybe)", false), "7: expected true, false or an integer in "
                                             "return(...)");
  EXPECT_EQ(errorOf("== 1"), "0: expected a condition, got '=='");
}

TEST(RouteSourceText, SingleLineStrings) {
  // "abc" with its opening quote at 3:10: offset k is at column 11 + k.
  SourceText basic("abc", {3, 10}, {3, 15});
  EXPECT_EQ(basic.at(0).line, 3);
  EXPECT_EQ(basic.at(0).column, 11);
  EXPECT_EQ(basic.at(2).column, 13);
  // '''abc''' on one line: three quotes.
  SourceText triple("abc", {3, 10}, {3, 19});
  EXPECT_EQ(triple.at(1).column, 14);
}

TEST(RouteSourceText, MultiLineStrings) {
  // """\nab\n  cd""" opening at 5:6: TOML dropped the first newline, so "ab" is line 6.
  SourceText trimmed("ab\n  cd", {5, 6}, {7, 8});
  EXPECT_EQ(trimmed.at(1).line, 6);
  EXPECT_EQ(trimmed.at(1).column, 2);
  EXPECT_EQ(trimmed.at(5).line, 7);
  EXPECT_EQ(trimmed.at(5).column, 3);
  // """ab\ncd""" opening at 5:6: "ab" follows the quotes on line 5.
  SourceText inline_start("ab\ncd", {5, 6}, {6, 6});
  EXPECT_EQ(inline_start.at(1).line, 5);
  EXPECT_EQ(inline_start.at(1).column, 10);
  EXPECT_EQ(inline_start.at(4).line, 6);
  EXPECT_EQ(inline_start.at(4).column, 2);
}

}  // namespace
}  // namespace pinhole::route
