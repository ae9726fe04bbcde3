// The complete example of docs/config.md (the classic OpenSER NAT-traversal proxy) compiles
// against stand-ins declaring the functions it calls, with Kamailio's names and signatures, and
// routes the seed's cases the way its comments say.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "route_test_support.h"

namespace pinhole::route::test {
namespace {

constexpr HookMask kReqSide = kInRequest | kInBranch | kInFailure;

std::string readExample() {
  const char* root = std::getenv("PINHOLE_SOURCE_DIR");
  std::ifstream in(std::string(root ? root : PINHOLE_SOURCE_ROOT) + "/docs/config.md");
  std::stringstream all;
  all << in.rdbuf();
  std::string doc = all.str();
  std::size_t begin = doc.find("<!-- BEGIN example: nat-in-proxy -->");
  if (begin == std::string::npos) return {};
  begin = doc.find("```toml\n", begin);
  std::size_t end = doc.find("```\n<!-- END example -->", begin);
  if (begin == std::string::npos || end == std::string::npos) return {};
  begin += 8;
  return doc.substr(begin, end - begin);
}

class RouteDocExample : public RouteFixture {
 protected:
  RouteDocExample() {
    static const ArgSpec kReply[] = {
        {.name = "code", .type = ArgType::Int, .min = 100, .max = 699},
        {.name = "reason", .type = ArgType::String}};
    static const ArgSpec kMax[] = {{.name = "max", .type = ArgType::Int, .min = 0, .max = 255}};
    static const ArgSpec kText[] = {{.name = "text", .type = ArgType::String}};
    static const ArgSpec kOptText[] = {
        {.name = "params", .type = ArgType::String, .optional = true}};
    static const ArgSpec kTable[] = {{.name = "table", .type = ArgType::String},
                                     {.name = "flags", .type = ArgType::Int, .optional = true}};
    static const ArgSpec kNatFlags[] = {{.name = "flags", .type = ArgType::Int, .min = 0,
                                         .max = 127}};
    static const ArgSpec kSdpFlags[] = {{.name = "flags", .type = ArgType::Int, .min = 0,
                                         .max = 63}};
    static const ArgSpec kRtpFlags[] = {{.name = "flags", .type = ArgType::Flags, .optional = true,
                                         .letters = "1234aiewlrfocxs"}};
    static const ArgSpec kRoute[] = {{.name = "route", .type = ArgType::Route}};
    auto one = [](const ArgSpec* a, std::size_t n) { return std::vector<ArgSpec>(a, a + n); };
    add("sl", {{"send_reply", one(kReply, 2), kInRequest | kInFailure}});
    add("maxfwd", {{"process_maxfwd", one(kMax, 1), kInRequest}});
    add("siputils", {{"has_totag", {}, kInAnyHook}});
    add("textops", {{"is_present_hf", one(kText, 1), kInAnyHook},
                    {"append_hf", one(kText, 1), kInAnyHook}});
    add("rr", {{"loose_route", {}, kInRequest},
               {"record_route", one(kOptText, 1), kReqSide},
               {"add_rr_param", one(kText, 1), kReqSide},
               {"check_route_param", one(kText, 1), kInRequest}});
    add("usrloc", {});
    add("registrar", {{"save", one(kTable, 2), kInRequest | kInFailure},
                      {"lookup", one(kTable, 2), kInRequest | kInFailure}});
    add("nathelper", {{"nat_uac_test", one(kNatFlags, 1), kInAnyHook},
                      {"fix_nated_contact", {}, kInAnyHook},
                      {"fix_nated_register", {}, kInRequest},
                      {"fix_nated_sdp", one(kSdpFlags, 1), kInAnyHook}});
    add("rtpproxy", {{"rtpproxy_manage", one(kRtpFlags, 1), kInAnyHook},
                     {"rtpproxy_destroy", one(kRtpFlags, 1), kInAnyHook}});
    add("tm", {{"t_relay", {}, kInRequest | kInFailure},
               {"t_on_reply", one(kRoute, 1), kReqSide}});
    mod("siputils").setOutcome("has_totag", Outcome::False);
    mod("nathelper").setOutcome("nat_uac_test", Outcome::False);
    mod("textops").setOutcome("is_present_hf", Outcome::False);
  }

  void add(const std::string& name, std::vector<FakeFunction> functions) {
    modules_[name] = std::make_unique<FakeModule>(name, std::move(functions), journal_);
    lookup_.add(modules_[name]->descriptor().name, *modules_[name]);
  }
  FakeModule& mod(const std::string& name) { return *modules_.at(name); }
  void loadExample() {
    std::string text = readExample();
    ASSERT_FALSE(text.empty()) << "no example between the markers in docs/config.md";
    example_ = text;
    load(example_);
  }
  uint8_t flag(std::string_view name) { return *program_->flagBit(FlagKind::Message, name); }

  std::map<std::string, std::unique_ptr<FakeModule>> modules_;
  std::string example_;
};

const std::string kRegister =
    "REGISTER sip:proxy.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bKreg1;rport\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@proxy.example.com>;tag=r1\r\n"
    "To: <sip:alice@proxy.example.com>\r\n"
    "Call-ID: reg-1@192.168.1.10\r\n"
    "CSeq: 1 REGISTER\r\n"
    "Contact: <sip:alice@192.168.1.10:5060>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

std::string inviteTo(std::string_view ruri) {
  std::string m = kInvite;
  m.replace(m.find("sip:bob@biloxi.example.com"), 26, ruri);
  return m;
}

TEST_F(RouteDocExample, CompilesWithoutWarnings) {
  loadExample();
  EXPECT_TRUE(warnings_.empty()) << (warnings_.empty() ? "" : warnings_[0].text());
  EXPECT_EQ(program_->hook(Hook::Request).size(), 11u);
  EXPECT_EQ(program_->hook(Hook::Failure).size(), 1u);
  EXPECT_TRUE(program_->routes[*program_->routeIndex("NAT_REPLY")].armed);
  EXPECT_EQ(program_->routes[*program_->routeIndex("MEDIA")].reached_from, kInRequest);
}

TEST_F(RouteDocExample, RegisterFromBehindNat) {
  loadExample();
  mod("nathelper").setOutcome("nat_uac_test", Outcome::True);
  EXPECT_EQ(run(Hook::Request, kRegister), Outcome::Exit);
  EXPECT_EQ(journal_, (std::vector<std::string>{
                          "maxfwd.process_maxfwd(10)", "siputils.has_totag()",
                          "nathelper.nat_uac_test(19)", "nathelper.fix_nated_register()",
                          "registrar.save(location,-)"}));
  EXPECT_TRUE(ctx_->flag(flag("NATED")));
  EXPECT_TRUE(ctx_->forceRport());
  EXPECT_EQ(core_.logs, (std::vector<std::string>{
                            "info|route|NAT detected for sip:alice@proxy.example.com from "
                            "203.0.113.7:40123"}));
}

TEST_F(RouteDocExample, InviteToANatedCalleeEngagesTheRelay) {
  loadExample();
  // lookup() finds a NATed contact: the published contact in $ru, its source address in $du.
  mod("registrar").setEffect("lookup", [this](MsgContext& ctx) {
    ctx.setRequestUri("sip:bob@10.0.0.8:5060");
    ctx.setDestinationUri("sip:198.51.100.20:6000");
    ctx.setFlag(flag("NATED"));
  });
  EXPECT_EQ(run(Hook::Request, inviteTo("sip:bob@proxy.example.com")), Outcome::True);
  EXPECT_EQ(journal_, (std::vector<std::string>{
                          "maxfwd.process_maxfwd(10)", "siputils.has_totag()",
                          "nathelper.nat_uac_test(19)", "rr.record_route(-)",
                          "registrar.lookup(location,-)",
                          "textops.append_hf(P-hint: usrloc applied)",
                          "nathelper.nat_uac_test(8)", "rtpproxy.rtpproxy_manage(cor)",
                          "tm.t_on_reply(NAT_REPLY)", "tm.t_relay()"}));
  EXPECT_FALSE(ctx_->flag(flag("SAME_NAT")));
}

TEST_F(RouteDocExample, BothEndsBehindTheSameNatSkipTheRelay) {
  loadExample();
  mod("registrar").setEffect("lookup", [this](MsgContext& ctx) {
    ctx.setDestinationUri("sip:203.0.113.7:6000");  // the caller's own public address
    ctx.setFlag(flag("NATED"));
  });
  run(Hook::Request, inviteTo("sip:bob@proxy.example.com"));
  EXPECT_TRUE(ctx_->flag(flag("SAME_NAT")));
  EXPECT_EQ(std::count(journal_.begin(), journal_.end(), "rtpproxy.rtpproxy_manage(cor)"), 0);
  EXPECT_EQ(journal_.back(), "tm.t_relay()");
}

TEST_F(RouteDocExample, PrivateRequestUriIsRefused) {
  loadExample();
  EXPECT_EQ(run(Hook::Request, inviteTo("sip:bob@192.168.1.20")), Outcome::Exit);
  EXPECT_EQ(journal_.back(), "sl.send_reply(479,We don't forward to private IP addresses)");
}

TEST_F(RouteDocExample, InDialogRequestUsesTheMarker) {
  loadExample();
  mod("siputils").setOutcome("has_totag", Outcome::True);
  // The callee's Contact was fixed to its public address when the dialog was set up.
  EXPECT_EQ(run(Hook::Request, inviteTo("sip:bob@198.51.100.20:6000")), Outcome::Exit);
  EXPECT_EQ(journal_, (std::vector<std::string>{
                          "maxfwd.process_maxfwd(10)", "siputils.has_totag()",
                          "rr.loose_route()", "rr.check_route_param(nat=yes)",
                          "nathelper.nat_uac_test(8)", "rtpproxy.rtpproxy_manage(cor)",
                          "tm.t_on_reply(NAT_REPLY)", "tm.t_relay()"}));
}

TEST_F(RouteDocExample, ArmedReplyRouteFixesNatedReplies) {
  loadExample();
  std::string ok200 = kReply180;
  ok200.replace(ok200.find("180 Ringing"), 11, "200 OK");
  MsgContext& ctx = message(ok200, Hook::Reply);
  ctx.setFlag(flag("NATED"));  // carried over from the request by the transaction
  EXPECT_EQ(runNamed(*program_, *program_->routeIndex("NAT_REPLY"), ctx), Outcome::True);
  EXPECT_EQ(journal_, (std::vector<std::string>{"nathelper.fix_nated_contact()",
                                                "rtpproxy.rtpproxy_manage(co)"}));
}

TEST_F(RouteDocExample, FailureReleasesTheRelay) {
  loadExample();
  MsgContext& ctx = message(kInvite, Hook::Failure);
  ctx.setFlag(flag("NATED"));
  EXPECT_EQ(route::run(*program_, Hook::Failure, ctx), Outcome::True);
  EXPECT_EQ(journal_, (std::vector<std::string>{"rtpproxy.rtpproxy_destroy(-)"}));
}

}  // namespace
}  // namespace pinhole::route::test
