// check_route_param(): our Record-Route parameters read back from in-dialog requests.
#include <gtest/gtest.h>

#include <string>

#include "rr/route_param.h"
#include "rr/rr_module.h"
#include "support/fake_core.h"

namespace pinhole::modules::rr {
namespace {

using test::FakeCore;
using test::TestMessage;
using test::stringArg;

std::string bye(std::string_view route_lines, std::string_view ruri = "sip:bob@192.0.2.20",
                std::string_view to_tag = "8321234356") {
  std::string to = "To: <sip:bob@example.com>";
  if (!to_tag.empty()) to += ";tag=" + std::string(to_tag);
  return "BYE " + std::string(ruri) + " SIP/2.0\r\n" +
         "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKnashds7\r\n" + std::string(route_lines) +
         to + "\r\n" +
         "From: <sip:alice@example.org>;tag=9fxced76sl\r\n"
         "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
         "CSeq: 2 BYE\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

constexpr std::string_view kNatRoute =
    "Route: <sip:proxy.example.com;lr;ftag=9fxced76sl;nat=yes>, <sip:p2.example.net;lr>\r\n";

class RrCheckRouteParam : public ::testing::Test {
 protected:
  RrCheckRouteParam() { core_.addMyself("proxy.example.com"); }

  std::optional<Outcome> check(TestMessage& m, std::string_view re) {
    return test::invoke(module_, m.ctx(), "check_route_param", {stringArg(re)});
  }

  FakeCore core_;
  RrModule module_;
};

TEST_F(RrCheckRouteParam, MatchesOurTopRouteParameters) {
  TestMessage m(bye(kNatRoute), core_);
  EXPECT_EQ(ownRouteParams(m.ctx()), ";lr;ftag=9fxced76sl;nat=yes");
  EXPECT_EQ(check(m, "nat=yes"), Outcome::True);
  EXPECT_EQ(check(m, "NAT=YES"), Outcome::True);
  EXPECT_EQ(check(m, ";nat=(yes|1)(;|$)"), Outcome::True);
  EXPECT_EQ(check(m, "nat=no"), Outcome::False);
}

TEST_F(RrCheckRouteParam, SameAnswerAfterLooseRoute) {
  TestMessage m(bye(kNatRoute), core_);
  ASSERT_EQ(test::invoke(module_, m.ctx(), "loose_route"), Outcome::True);
  EXPECT_EQ(check(m, "nat=yes"), Outcome::True);
}

TEST_F(RrCheckRouteParam, StrictPreviousHopLeftOurEntryInTheRequestUri) {
  TestMessage m(bye("Route: <sip:p2.example.net;lr>, <sip:bob@192.0.2.20>\r\n",
                    "sip:proxy.example.com;lr;nat=yes"),
                core_);
  EXPECT_EQ(check(m, "nat=yes"), Outcome::True);
}

TEST_F(RrCheckRouteParam, NoEntryOfOursIsFalse) {
  TestMessage other(bye("Route: <sip:p2.example.net;lr;nat=yes>\r\n"), core_);
  EXPECT_EQ(check(other, "nat=yes"), Outcome::False);
  TestMessage none(bye(""), core_);
  EXPECT_EQ(check(none, "nat=yes"), Outcome::False);
  // An initial request addressed to us is not a strict router's doing.
  TestMessage initial(bye("", "sip:proxy.example.com;nat=yes", ""), core_);
  EXPECT_EQ(check(initial, "nat=yes"), Outcome::False);
}

TEST_F(RrCheckRouteParam, InvalidPatternIsFalseWithALogLine) {
  TestMessage m(bye(kNatRoute), core_);
  EXPECT_EQ(check(m, "nat=(yes"), Outcome::False);
  EXPECT_TRUE(core_.logged("invalid regular expression", LogLevel::Error));
}

TEST_F(RrCheckRouteParam, RequestHookOnly) {
  TestMessage m(bye(kNatRoute), core_, Hook::Failure);
  EXPECT_EQ(check(m, "nat=yes"), std::nullopt);
}

}  // namespace
}  // namespace pinhole::modules::rr
