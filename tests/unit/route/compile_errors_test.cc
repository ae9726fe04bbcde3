// The compiler's error classes, each with the exact file:line:column it must report.
#include "route/registry_lookup.h"
#include "route_test_support.h"

namespace pinhole::route::test {
namespace {

class RouteCompileError : public RouteFixture {};

TEST_F(RouteCompileError, UnknownHook) {
  EXPECT_EQ(errorOf("[[route.requets]]\ndo = \"exit\"\n"),
            "test.toml:1:9: unknown hook 'requets' (hooks are request, reply, branch, failure; "
            "named routes go in [[route.named.NAME]]) (did you mean 'request'?)");
}

TEST_F(RouteCompileError, UnknownRuleKey) {
  EXPECT_EQ(errorOf("[[route.request]]\niff = \"t.yes()\"\nthen = \"exit\"\n"),
            "test.toml:2:1: unknown key 'iff' in a rule (expected if, then, else or do) "
            "(did you mean 'if'?)");
}

TEST_F(RouteCompileError, DoAndIfTogether) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"t.yes()\"\ndo = [\"exit\"]\n"),
            "test.toml:3:1: a rule has either 'do' or 'if' with 'then'");
}

TEST_F(RouteCompileError, ThenWithoutIf) {
  EXPECT_EQ(errorOf("[[route.request]]\nthen = [\"exit\"]\n"),
            "test.toml:2:1: 'then' without 'if'");
}

TEST_F(RouteCompileError, ElseWithoutIf) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"exit\"\nelse = \"drop\"\n"),
            "test.toml:3:1: 'else' without 'if'");
}

TEST_F(RouteCompileError, IfWithoutThen) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"t.yes()\"\nelse = \"drop\"\n"),
            "test.toml:2:1: 'if' without 'then'");
}

TEST_F(RouteCompileError, EmptyRule) {
  EXPECT_EQ(errorOf("[[route.request]]\n[[route.request]]\ndo = \"exit\"\n"),
            "test.toml:1:1: empty rule: it needs 'do', or 'if' and 'then'");
}

TEST_F(RouteCompileError, RuleMustBeTable) {
  EXPECT_EQ(errorOf("[route]\nrequest = [\"exit\"]\n"),
            "test.toml:2:12: route.request must be an array of rules ([[route.request]] with "
            "if/then/else or do)");
}

TEST_F(RouteCompileError, ActionMustBeString) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = [\"t.yes()\", 42]\n"),
            "test.toml:2:18: an action must be a string");
}

// Columns: in `if   = "...` the opening quote is at column 8, so offset k is at column 9 + k;
// in `do = "...` it is at column 6.
TEST_F(RouteCompileError, SyntaxErrorDoubleOperator) {
  EXPECT_EQ(errorOf("[[route.request]]\nif   = \"t.yes() and and t.no()\"\nthen = \"exit\"\n"),
            "test.toml:2:21: expected a condition, got 'and'");
}

TEST_F(RouteCompileError, SyntaxErrorUnterminatedString) {
  EXPECT_EQ(errorOf("[[route.request]]\nif   = \"method == 'INVITE\"\nthen = \"exit\"\n"),
            "test.toml:2:19: unterminated string");
}

TEST_F(RouteCompileError, SyntaxErrorMissingParen) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.num(5\"\n"),
            "test.toml:2:14: expected ',' or ')', got end of text");
}

TEST_F(RouteCompileError, SyntaxErrorTrailingToken) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = 'exit now'\n"),
            "test.toml:2:12: unexpected 'now' after the action");
}

TEST_F(RouteCompileError, SyntaxErrorAssignInCondition) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"$rm = 'INVITE'\"\nthen = \"exit\"\n"),
            "test.toml:2:11: '=' assigns; compare with '=='");
}

TEST_F(RouteCompileError, SyntaxErrorBareName) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"is_nated\"\nthen = \"exit\"\n"),
            "test.toml:2:7: unknown name 'is_nated' (a call needs parentheses: is_nated(...); "
            "a value is a string, a number, a pseudo-variable or one of method, uri, status, "
            "myself)");
}

TEST_F(RouteCompileError, SyntaxErrorInMultiLineString) {
  // The text starts on the line after the opening quotes (TOML drops that newline).
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"\"\"\nt.yes() and\n  t.no( or t.yes()\"\"\"\n"
                    "then = \"exit\"\n"),
            "test.toml:4:12: expected ',' or ')', got 't'");
}

TEST_F(RouteCompileError, SyntaxErrorInLiteralTripleQuoted) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = '''t.num(5 5)'''\n"),
            "test.toml:2:17: expected ',' or ')', got '5'");
}

TEST_F(RouteCompileError, UnknownFunction) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.nope()\"\n"),
            "test.toml:2:9: module 't' has no function 'nope'");
}

TEST_F(RouteCompileError, UnknownFunctionSuggestion) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"sl.send_rely(200, 'OK')\"\n"),
            "test.toml:2:10: module 'sl' has no function 'send_rely' (did you mean "
            "'send_reply'?)");
}

TEST_F(RouteCompileError, UnknownModule) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"nathelper.fix_nated_contact()\"\n"),
            "test.toml:2:7: unknown module 'nathelper' (is it in [modules] load?)");
}

TEST_F(RouteCompileError, UnknownCoreFunctionNamesTheModule) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"send_reply(404, 'Not Found')\"\n"),
            "test.toml:2:7: unknown function 'send_reply' (did you mean sl.send_reply()?)");
}

TEST_F(RouteCompileError, TooFewArguments) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"sl.send_reply(404)\"\n"),
            "test.toml:2:24: sl.send_reply needs 2 arguments (code, reason), got 1");
}

TEST_F(RouteCompileError, TooManyArguments) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.opt(1, 'x', 'y')\"\n"),
            "test.toml:2:21: t.opt takes at most 2 arguments (a, b?), got 3");
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.yes(1)\"\n"),
            "test.toml:2:13: t.yes takes no arguments, got 1");
}

TEST_F(RouteCompileError, WrongArgumentType) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"sl.send_reply('404', 'Not Found')\"\n"),
            "test.toml:2:21: argument 1 (code) of sl.send_reply must be an integer, got a string");
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.one(location)\"\n"),
            "test.toml:2:13: argument 1 (text) of t.one must be a string: quote it, 'location'");
}

TEST_F(RouteCompileError, IntOutOfRange) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"sl.send_reply(99, 'Low')\"\n"),
            "test.toml:2:21: argument 1 (code) of sl.send_reply must be in [100, 699], got 99");
}

TEST_F(RouteCompileError, BadFlagLetter) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.flags('abx')\"\n"),
            "test.toml:2:18: flag 'x' is not one of 'abc' for argument 1 (f) of t.flags");
}

TEST_F(RouteCompileError, UnknownFlagName) {
  EXPECT_EQ(errorOf("[flags]\nmessage = [\"NATED\"]\n[[route.request]]\ndo = \"setflag(NATD)\"\n"),
            "test.toml:4:15: unknown flag 'NATD' (did you mean 'NATED'?)");
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"isflagset(FOO)\"\nthen = \"exit\"\n"),
            "test.toml:2:17: unknown flag 'FOO' (declare it in [flags] message = [...])");
}

TEST_F(RouteCompileError, BranchFlagUsedAsMessageFlag) {
  EXPECT_EQ(errorOf("[flags]\nbranch = [\"NATB\"]\n[[route.request]]\ndo = \"setflag(NATB)\"\n"),
            "test.toml:4:15: 'NATB' is a branch flag, not a message flag");
}

TEST_F(RouteCompileError, FlagDeclarations) {
  EXPECT_EQ(errorOf("[flags]\nmessage = [\"A\", \"A\"]\n"),
            "test.toml:2:17: flag 'A' is declared twice");
  EXPECT_EQ(errorOf("[flags]\ncontact = [\"A\"]\n"),
            "test.toml:2:1: unknown key 'contact' in [flags] (expected message or branch)");
  EXPECT_EQ(errorOf("[flags]\nmessage = [\"NOT-A-NAME\"]\n"),
            "test.toml:2:12: a flag name must be a string of letters, digits and '_'");
}

TEST_F(RouteCompileError, UnknownRoute) {
  EXPECT_EQ(errorOf("[[route.named.RELAY]]\ndo = \"exit\"\n"
                    "[[route.request]]\ndo = \"route(RELY)\"\n"),
            "test.toml:4:13: unknown route 'RELY' (did you mean 'RELAY'?)");
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"t.arm(LATER)\"\n"),
            "test.toml:2:13: unknown route 'LATER' in argument 1 (route) of t.arm (declare it as "
            "[[route.named.LATER]])");
}

TEST_F(RouteCompileError, RouteCycle) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"route(A)\"\n"
                    "[[route.named.A]]\ndo = [\"t.yes()\", \"route(B)\"]\n"
                    "[[route.named.B]]\nif = \"t.yes()\"\nthen = [\"route(A)\"]\n"),
            "test.toml:7:10: route cycle: A → B → A (a route may not call itself, directly or "
            "through others)");
}

TEST_F(RouteCompileError, RouteCallingItself) {
  EXPECT_EQ(errorOf("[[route.named.LOOP]]\nif = \"route(LOOP)\"\nthen = \"exit\"\n"),
            "test.toml:2:7: route cycle: LOOP → LOOP (a route may not call itself, directly or "
            "through others)");
}

TEST_F(RouteCompileError, FunctionNotAllowedInHook) {
  EXPECT_EQ(errorOf("[[route.reply]]\ndo = \"sl.send_reply(404, 'Not Found')\"\n"),
            "test.toml:2:7: sl.send_reply is not allowed in the reply hook; it may be used in: "
            "request, failure");
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"t.reply_only()\"\nthen = \"exit\"\n"),
            "test.toml:2:7: t.reply_only is not allowed in the request hook; it may be used in: "
            "reply");
}

TEST_F(RouteCompileError, FunctionNotAllowedViaNamedRoute) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"route(A)\"\n"
                    "[[route.reply]]\ndo = \"route(A)\"\n"
                    "[[route.named.A]]\ndo = [\"t.yes()\", \"route(REPLY404)\"]\n"
                    "[[route.named.REPLY404]]\nif = \"t.yes()\"\n"
                    "then = [\"sl.send_reply(404, 'Not Found')\"]\n"),
            "test.toml:9:10: sl.send_reply is not allowed in the reply hook, and route REPLY404 "
            "runs in it (reply → route(A) → route(REPLY404)); it may be used in: request, "
            "failure");
}

TEST_F(RouteCompileError, CoreActionNotAllowedInHook) {
  EXPECT_EQ(errorOf("[[route.reply]]\ndo = \"forward()\"\n"),
            "test.toml:2:7: forward() is not allowed in the reply hook; it may be used in: "
            "request");
  EXPECT_EQ(errorOf("[[route.reply]]\ndo = \"$ru = 'sip:x@y'\"\n"),
            "test.toml:2:7: assignment to $ru is not allowed in the reply hook; it may be used "
            "in: request, branch, failure");
}

TEST_F(RouteCompileError, BadRegex) {
  // The reason after the colon is std::regex's own wording.
  std::string error = errorOf("[[route.request]]\nif = \"method =~ '(INV'\"\nthen = \"exit\"\n");
  EXPECT_EQ(error.rfind("test.toml:2:17: bad regular expression '(INV': ", 0), 0u) << error;
}

TEST_F(RouteCompileError, RegexMustBeLiteral) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"$ru =~ $du\"\nthen = \"exit\"\n"),
            "test.toml:2:14: the right side of =~ must be a regular expression in quotes");
}

TEST_F(RouteCompileError, UnknownPseudoVariable) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"$rx == 'a'\"\nthen = \"exit\"\n"),
            "test.toml:2:7: unknown pseudo-variable $rx (did you mean $ru?)");
  // Inside a string argument the column is the '$' itself.
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"log('from $sx')\"\n"),
            "test.toml:2:17: unknown pseudo-variable $sx (did you mean $si?)");
}

TEST_F(RouteCompileError, AssignmentToReadOnly) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"$si = '1.2.3.4'\"\n"),
            "test.toml:2:7: $si cannot be assigned (only $ru, $du and $rU can)");
}

TEST_F(RouteCompileError, MyselfAndNumbers) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"uri < myself\"\nthen = \"exit\"\n"),
            "test.toml:2:11: myself can only be compared with == or !=");
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"$ru > 3\"\nthen = \"exit\"\n"),
            "test.toml:2:7: <, <=, > and >= compare numbers; $ru is not a number "
            "(numbers: integers, $rs, $sp, $Rp, $cs, $ml)");
}

TEST_F(RouteCompileError, ReturnZeroAndBreak) {
  EXPECT_EQ(errorOf("[[route.named.X]]\ndo = \"return(0)\"\n"),
            "test.toml:2:14: return(0) means exit in Kamailio: write exit");
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"break\"\n"),
            "test.toml:2:7: 'break' is not an action here: write exit (end the hook) or return "
            "(end the route)");
}

TEST_F(RouteCompileError, ActionsAndConditionsDoNotMix) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"isflagset(A)\"\n"),
            "test.toml:2:7: isflagset() is a test: use it in 'if'");
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"log('x')\"\nthen = \"exit\"\n"),
            "test.toml:2:7: log() is an action, not a condition");
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"isbflagset(A)\"\n"),
            "test.toml:2:7: isbflagset() is a test: use it in 'if'");
  EXPECT_EQ(errorOf("[flags]\nmessage = [\"A\"]\n[[route.request]]\ndo = \"setbflag(A)\"\n"),
            "test.toml:4:16: 'A' is a message flag, not a branch flag");
  EXPECT_EQ(errorOf("[[route.reply]]\ndo = \"append_branch()\"\n"),
            "test.toml:2:7: append_branch() is not allowed in the reply hook; it may be used in: "
            "request, failure");
}

TEST_F(RouteCompileError, LogArguments) {
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"log(loud, 'x')\"\n"),
            "test.toml:2:11: unknown log level: expected trace, debug, info, warn or error");
  EXPECT_EQ(errorOf("[[route.request]]\ndo = \"forward('10.0.0.1')\"\n"),
            "test.toml:2:15: forward() takes no arguments (set $du to choose the next hop)");
}

TEST_F(RouteCompileError, BadNamedRouteName) {
  EXPECT_EQ(errorOf("[[route.named.\"my route\"]]\ndo = \"exit\"\n"),
            "test.toml:1:15: a route name must be letters, digits and '_': 'my route'");
}

TEST_F(RouteCompileError, HeaderNameMustBeAToken) {
  EXPECT_EQ(errorOf("[[route.request]]\nif = \"$hdr(X Y) == 'a'\"\nthen = \"exit\"\n"),
            "test.toml:2:7: bad header name 'X Y'");
}

class RouteCompileWarning : public RouteFixture {};

TEST_F(RouteCompileWarning, UnusedNamedRouteIsAWarning) {
  load("[[route.request]]\ndo = [\"t.arm(ARMED)\", \"route(USED)\"]\n"
       "[[route.named.USED]]\ndo = \"exit\"\n"
       "[[route.named.ARMED]]\ndo = \"exit\"\n"
       "[[route.named.UNUSED]]\ndo = \"exit\"\n");
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_EQ(warnings_[0].text(), "test.toml:7:15: warning: named route 'UNUSED' is never used");
}

TEST_F(RouteCompileWarning, ReachabilityIsRecorded) {
  const Program& p = load("[[route.request]]\ndo = \"route(A)\"\n[[route.failure]]\n"
                          "do = \"route(B)\"\n[[route.named.A]]\ndo = \"route(B)\"\n"
                          "[[route.named.B]]\ndo = \"exit\"\n");
  EXPECT_EQ(p.routes[*p.routeIndex("A")].reached_from, kInRequest);
  EXPECT_EQ(p.routes[*p.routeIndex("B")].reached_from, kInRequest | kInFailure);
  EXPECT_TRUE(warnings_.empty());
}

// The loader's registry shape (mod::Registry): found by pointer, modules by name.
struct FakeRegistry {
  struct Entry {
    Module* module;
    const FunctionSpec* spec;
    std::string_view module_name;
  };
  const Entry* find(std::string_view module, std::string_view function) const noexcept {
    for (const Entry& e : entries)
      if (e.module_name == module && e.spec->name == function) return &e;
    return nullptr;
  }
  Module* module(std::string_view name) const noexcept {
    for (const Entry& e : entries)
      if (e.module_name == name) return e.module;
    return nullptr;
  }
  std::vector<std::string_view> names() const { return {"sl"}; }
  std::vector<Entry> entries;
};

class RouteRegistryLookup : public RouteFixture {};

TEST_F(RouteRegistryLookup, AdaptsTheLoadersRegistry) {
  FakeRegistry registry;
  for (const FunctionSpec& spec : sl_->descriptor().functions)
    registry.entries.push_back({sl_.get(), &spec, "sl"});
  RegistryLookup lookup(registry);
  table_ = toml::parse("[[route.request]]\ndo = [\"sl.send_reply(404, 'Not Found')\"]\n",
                       std::string_view{"r.toml"});
  CompileResult r = compile(table_, "r.toml", lookup);
  EXPECT_EQ(r.program->calls.at(0).module, sl_.get());
  table_ = toml::parse("[[route.request]]\ndo = \"sl.send_rpely()\"\n", std::string_view{"r.toml"});
  try {
    compile(table_, "r.toml", lookup);
    ADD_FAILURE() << "compiled";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "r.toml:2:10: module 'sl' has no function 'send_rpely' (did you mean "
                           "'send_reply'?)");
  }
}

}  // namespace
}  // namespace pinhole::route::test
