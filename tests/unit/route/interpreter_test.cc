// Running compiled configurations over real SIP messages with fake modules and a fake core.
#include "route_test_support.h"

namespace pinhole::route::test {
namespace {

class RouteInterpreter : public RouteFixture {};

TEST_F(RouteInterpreter, IfThenElse) {
  load(R"toml([[route.request]]
if   = "t.yes()"
then = ["t.one('then-1')", "t.one('then-2')"]
else = "t.one('else')"
[[route.request]]
if   = "t.no()"
then = "t.one('then')"
else = ["t.one('else')"]
)toml");
  EXPECT_EQ(run(), Outcome::True);
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.yes()", "t.one(then-1)", "t.one(then-2)",
                                                "t.no()", "t.one(else)"}));
}

TEST_F(RouteInterpreter, AndOrNotShortCircuit) {
  load(R"toml([[route.request]]
if   = "t.no() and t.yes()"
then = "t.one('a')"
[[route.request]]
if   = "t.yes() || t.no()"
then = "t.one('b')"
[[route.request]]
if   = "not t.no() && !(t.no() or t.no())"
then = "t.one('c')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.no()", "t.yes()", "t.one(b)", "t.no()",
                                                "t.no()", "t.no()", "t.one(c)"}));
}

TEST_F(RouteInterpreter, NamedRoutesAndReturnValues) {
  load(R"toml([[route.request]]
if   = "route(CHECK)"
then = "t.one('check was true')"
else = "t.one('check was false')"
[[route.request]]
do = ["route(PLAIN)", "t.one('after plain')"]

[[route.named.CHECK]]
if   = "t.no()"
then = "return(true)"
[[route.named.CHECK]]
do = ["return(false)", "t.one('not reached')"]

[[route.named.PLAIN]]
do = ["t.one('in plain')", "return", "t.one('not reached')"]
)toml");
  EXPECT_EQ(run(), Outcome::True);
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.no()", "t.one(check was false)",
                                                "t.one(in plain)", "t.one(after plain)"}));
  // A route that ends without return is true; runNamed reports its value.
  t_->setOutcome("no", Outcome::True);
  EXPECT_EQ(runNamed(*program_, *program_->routeIndex("CHECK"), message(kInvite)), Outcome::True);
}

TEST_F(RouteInterpreter, FlagsSetResetTest) {
  load(R"toml([flags]
message = ["NATED", "OTHER"]
[[route.request]]
do = ["setflag(NATED)", "setflag('OTHER')", "resetflag(OTHER)"]
[[route.request]]
if   = "isflagset(NATED) and not isflagset(OTHER)"
then = "t.one('nated only')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(nated only)"}));
  EXPECT_TRUE(ctx_->flag(*program_->flagBit(FlagKind::Message, "NATED")));
  EXPECT_FALSE(ctx_->flag(*program_->flagBit(FlagKind::Message, "OTHER")));
}

TEST_F(RouteInterpreter, BranchFlagsAreApartFromMessageFlags) {
  load(R"toml([flags]
message = ["NATED"]
branch = ["NATED_DST", "OTHER_DST"]
[[route.request]]
do = ["setbflag(NATED_DST)", "setbflag(OTHER_DST)", "resetbflag(OTHER_DST)"]
[[route.request]]
if   = "isbflagset(NATED_DST) and not isbflagset(OTHER_DST) and not isflagset(NATED)"
then = "t.one('branch flag only')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(branch flag only)"}));
  uint8_t bit = *program_->flagBit(FlagKind::Branch, "NATED_DST");
  EXPECT_TRUE(ctx_->branchFlag(bit));
  EXPECT_EQ(ctx_->branchFlags(), uint64_t{1} << bit);
}

TEST_F(RouteInterpreter, AppendBranchBuildsTheDestinationSet) {
  load(R"toml([flags]
branch = ["NATED_DST"]
[[route.request]]
do = ["$du = 'sip:10.0.0.9:5062'", "setbflag(NATED_DST)", "append_branch()",
      "append_branch('sip:$rU@192.0.2.44')", "$du = ''"]
)toml");
  run();
  ASSERT_EQ(ctx_->branches().size(), 2u);
  EXPECT_EQ(ctx_->branches()[0].uri, "sip:bob@biloxi.example.com");
  EXPECT_EQ(ctx_->branches()[0].dst, "sip:10.0.0.9:5062");
  EXPECT_EQ(ctx_->branches()[0].flags, 1u);
  EXPECT_EQ(ctx_->branches()[1].uri, "sip:bob@192.0.2.44");
  EXPECT_EQ(ctx_->branches()[1].dst, "");
  EXPECT_EQ(ctx_->branches()[1].flags, 0u);
}

TEST_F(RouteInterpreter, TransactionReplyCodeIsANumber) {
  load(R"toml([[route.failure]]
if   = "$T_reply_code >= 400 and $T_reply_code < 500"
then = "t.one('client error $T_reply_code')"
)toml");
  message(kInvite, Hook::Failure);
  ctx_->setTransactionReplyCode(486);
  (void)route::run(*program_, Hook::Failure, *ctx_);
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(client error 486)"}));
}

TEST_F(RouteInterpreter, ExitStopsTheHookFromANamedRoute) {
  load(R"toml([[route.request]]
do = ["route(R)", "t.one('not reached')"]
[[route.named.R]]
do = ["t.one('in R')", "exit", "t.one('not reached')"]
)toml");
  EXPECT_EQ(run(), Outcome::Exit);
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(in R)"}));
}

TEST_F(RouteInterpreter, DropStopsAndReportsDrop) {
  load(R"toml([[route.reply]]
if   = "status == 180"
then = ["drop", "t.one('not reached')"]
)toml");
  EXPECT_EQ(run(Hook::Reply, kReply180), Outcome::Drop);
  EXPECT_TRUE(journal_.empty());
}

TEST_F(RouteInterpreter, FunctionOutcomesExitAndDropPropagate) {
  load(R"toml([[route.request]]
if   = "t.maybe() or t.yes()"
then = "t.one('not reached')"
[[route.request]]
do = "t.one('not reached')"
)toml");
  t_->setOutcome("maybe", Outcome::Exit);
  EXPECT_EQ(run(), Outcome::Exit);
  t_->setOutcome("maybe", Outcome::Drop);
  EXPECT_EQ(run(), Outcome::Drop);
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.maybe()", "t.maybe()"}));
  // `not` does not turn control flow into a truth value.
  load("[[route.request]]\nif = \"!t.maybe()\"\nthen = \"t.one('x')\"\n");
  EXPECT_EQ(run(), Outcome::Drop);
}

TEST_F(RouteInterpreter, FallingOffTheEndAndHookLevelReturn) {
  load(R"toml([[route.request]]
do = ["t.one('a')", "return", "t.one('not reached')"]
)toml");
  EXPECT_EQ(run(), Outcome::True);
  EXPECT_EQ(run(Hook::Reply, kReply180), Outcome::True);  // no reply rules at all
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(a)"}));
}

TEST_F(RouteInterpreter, AssignmentsVisibleThroughMsgContext) {
  load(R"toml([[route.request]]
do = ["$du = 'sip:10.0.0.9:5062;transport=udp'", "$rU = 'carol'"]
[[route.request]]
if   = "$rU == 'carol' and $rd == 'biloxi.example.com' and $ru == 'sip:carol@biloxi.example.com'"
then = ["$ru = 'sip:dave@example.net:5070;user=phone'", "t.one('$rU|$rd|$rp')"]
[[route.request]]
do = ["$rU = ''", "t.one('$ru')", "$rU = $fU", "t.one('$ru')", "$du = ''"]
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{
                          "t.one(dave|example.net|5070)", "t.one(sip:example.net:5070;user=phone)",
                          "t.one(sip:alice@example.net:5070;user=phone)"}));
  EXPECT_EQ(ctx_->requestUri(), "sip:alice@example.net:5070;user=phone");
  EXPECT_TRUE(ctx_->requestUriRewritten());
  EXPECT_EQ(ctx_->destinationUri(), "");
}

TEST_F(RouteInterpreter, DestinationUriAssignment) {
  load("[[route.request]]\ndo = \"$du = 'sip:$si:$sp'\"\n");
  run();
  EXPECT_EQ(ctx_->destinationUri(), "sip:203.0.113.7:40123");
  EXPECT_FALSE(ctx_->requestUriRewritten());
}

TEST_F(RouteInterpreter, LogTemplatesExpandPseudoVariables) {
  load(R"toml([[route.request]]
do = [
  "log('from $si:$sp to $ru [$hdr(X-Custom)] [$hdr(X-Missing)] costs $$5')",
  "log(warn, \"$rm $ci\")",
  "log(debug, $ua)",
]
)toml");
  core_.min_level = LogLevel::Info;  // the debug line is neither expanded nor logged
  run();
  EXPECT_EQ(core_.logs, (std::vector<std::string>{
                            "info|route|from 203.0.113.7:40123 to sip:bob@biloxi.example.com "
                            "[hello world] [] costs $5",
                            "warn|route|INVITE 3848276298220188511@atlanta.example.com"}));
}

TEST_F(RouteInterpreter, PseudoVariables) {
  load(R"toml([[route.request]]
do = [
  "log('$fu|$fU|$fd|$ft')",
  "log('$tu|$tU|$td|[$tt]')",
  "log('$cs|$Ri|$Rp|$pr|$proto|$ct|$hdr(cseq)|$hdr(v)')",
  "log('[$rs][$rr][$du]')",
]
)toml");
  run();
  EXPECT_EQ(core_.logs,
            (std::vector<std::string>{
                "info|route|sip:alice@atlanta.example.com|alice|atlanta.example.com|9fxced76sl",
                "info|route|sip:bob@biloxi.example.com|bob|biloxi.example.com|[]",
                "info|route|2|192.0.2.10|5060|udp|udp|<sip:alice@10.0.0.5:5060>|2 INVITE|"
                "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK74bf9;rport",
                "info|route|[][][]"}));
}

TEST_F(RouteInterpreter, ReplyValues) {
  load(R"toml([[route.reply]]
if   = "status == 180 and $rs >= 100 and $rs < 200 and $rr == 'Ringing' and method == 'INVITE'"
then = "log('$rs $rr $tt')"
[[route.reply]]
if   = "status =~ '^(183|2[0-9][0-9])$'"
then = "log('not reached')"
)toml");
  run(Hook::Reply, kReply180);
  EXPECT_EQ(core_.logs, (std::vector<std::string>{"info|route|180 Ringing 314159"}));
}

TEST_F(RouteInterpreter, StringArgumentsAreTemplatesOrStaticText) {
  load(R"toml([[route.request]]
do = ["t.one('$fU@$fd;tag=$ft')", "t.one($ci)", "t.one('plain')", "t.opt(7)"]
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{
                          "t.one(alice@atlanta.example.com;tag=9fxced76sl)",
                          "t.one(3848276298220188511@atlanta.example.com)", "t.one(plain)",
                          "t.opt(7,-)"}));
  ASSERT_EQ(t_->last_args.size(), 2u);
  EXPECT_TRUE(t_->last_args[0].present);
  EXPECT_FALSE(t_->last_args[1].present);
  EXPECT_EQ(t_->last_args[1].type, ArgType::String);

  // A pure literal is the program's own text: the same pointer every time, never copied.
  load("[[route.request]]\ndo = \"t.one('plain')\"\n");
  run();
  const char* first = t_->last_args[0].text.data();
  run();
  EXPECT_EQ(t_->last_args[0].text.data(), first);
}

TEST_F(RouteInterpreter, FlagsAndRouteArguments) {
  load(R"toml([[route.request]]
do = ["t.flags('ca')", "t.arm(LATER)"]
[[route.named.LATER]]
do = "t.one('armed')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.flags(ca)", "t.arm(LATER)"}));
  const Arg& route = t_->last_args[0];
  EXPECT_EQ(route.type, ArgType::Route);
  EXPECT_EQ(route.integer, *program_->routeIndex("LATER"));
  // The module runs the route later, by index.
  EXPECT_EQ(runNamed(*program_, static_cast<uint32_t>(route.integer), *ctx_), Outcome::True);
  EXPECT_EQ(journal_.back(), "t.one(armed)");
  EXPECT_TRUE(program_->routes[0].armed);
}

TEST_F(RouteInterpreter, RegexMatchIsCaseInsensitiveSearch) {
  load(R"toml([[route.request]]
if   = "method =~ '^inv' and $ua =~ 'SOFTPHONE' and not $ru =~ '^sips:'"
then = "t.one('matched')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(matched)"}));
}

TEST_F(RouteInterpreter, Comparisons) {
  load(R"toml([[route.request]]
if   = "$sp == 40123 and $sp == '40123' and $sp != 5060 and 5 == 5 and $Rp <= 5060"
then = "t.one('numbers')"
[[route.request]]
if   = "method == 'INVITE' and method != 'invite' and $hdr(X-Missing) == '' and $rs != 200"
then = "t.one('strings')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(numbers)", "t.one(strings)"}));
}

TEST_F(RouteInterpreter, UriEqualsMyself) {
  load(R"toml([[route.request]]
if   = "uri == myself"
then = "t.one('ruri is me')"
else = "t.one('ruri is not me')"
[[route.request]]
if   = "$du == myself"
then = "t.one('du is me')"
[[route.request]]
do = "$du = 'sip:192.0.2.10:5060'"
[[route.request]]
if   = "myself == $du and $si != myself and $Ri == myself"
then = "t.one('du is me now')"
)toml");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(ruri is not me)", "t.one(du is me now)"}));

  journal_.clear();
  std::string to_me = kInvite;
  to_me.replace(to_me.find("biloxi.example.com"), 18, "proxy.example.com");
  run(Hook::Request, to_me);
  EXPECT_EQ(journal_.front(), "t.one(ruri is me)");
}

TEST_F(RouteInterpreter, ForwardCallsTheCore) {
  load(R"toml([[route.request]]
do = ["$du = 'sip:10.1.1.1:5060'", "forward()", "force_rport()"]
)toml");
  run();
  EXPECT_EQ(core_.forwards, (std::vector<std::string>{"sip:10.1.1.1:5060"}));
  EXPECT_TRUE(ctx_->forceRport());
  EXPECT_TRUE(core_.logs.empty());

  core_.fail_forward = true;
  run();
  EXPECT_EQ(core_.logs,
            (std::vector<std::string>{"warn|route|forward() failed: no route to host"}));
}

TEST_F(RouteInterpreter, RepliesThroughTheSlModule) {
  load(R"toml([[route.request]]
if   = "method == 'OPTIONS' and uri == myself"
then = ["sl.send_reply(200, 'OK')", "exit"]
[[route.request]]
do = ["sl.send_reply(404, 'Not Found $rU')", "exit"]
)toml");
  EXPECT_EQ(run(), Outcome::Exit);
  EXPECT_EQ(journal_, (std::vector<std::string>{"sl.send_reply(404,Not Found bob)"}));
}

TEST_F(RouteInterpreter, HookProgramsAreSeparate) {
  load(R"toml([[route.request]]
do = "t.one('request')"
[[route.reply]]
do = "t.one('reply')"
[[route.branch]]
do = "t.one('branch')"
[[route.failure]]
do = "t.one('failure')"
)toml");
  run(Hook::Request);
  run(Hook::Reply, kReply180);
  run(Hook::Branch);
  run(Hook::Failure);
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(request)", "t.one(reply)",
                                                "t.one(branch)", "t.one(failure)"}));
}

TEST_F(RouteInterpreter, SingleTableRuleAndSingleStringActions) {
  load("[route.named.ONE]\ndo = \"t.one('single')\"\n[route.request]\ndo = \"route(ONE)\"\n");
  run();
  EXPECT_EQ(journal_, (std::vector<std::string>{"t.one(single)"}));
}

}  // namespace
}  // namespace pinhole::route::test
