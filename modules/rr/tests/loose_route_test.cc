// loose_route(): every routing case of RFC 3261 16.4 / 16.6 / 16.12, checked on the rendered
// message, $ru and $du.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "rr/loose_route.h"
#include "rr/rr_module.h"
#include "support/fake_core.h"

namespace pinhole::modules::rr {
namespace {

using test::FakeCore;
using test::TestMessage;

// A request with the given Request-URI, To tag (none when empty) and Route lines.
std::string request(std::string_view method, std::string_view ruri, std::string_view to_tag,
                    std::string_view route_lines) {
  std::string to = "To: <sip:bob@example.com>";
  if (!to_tag.empty()) to += ";tag=" + std::string(to_tag);
  return std::string(method) + " " + std::string(ruri) + " SIP/2.0\r\n" +
         "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKnashds7\r\n" + "Max-Forwards: 70\r\n" +
         std::string(route_lines) + to + "\r\n" +
         "From: <sip:alice@example.org>;tag=9fxced76sl\r\n"
         "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
         "CSeq: 2 " + std::string(method) + "\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

constexpr std::string_view kRemoteTarget = "sip:bob@192.0.2.20";

std::string bye(std::string_view route_lines, std::string_view ruri = kRemoteTarget) {
  return request("BYE", ruri, "8321234356", route_lines);
}

class RrLooseRoute : public ::testing::Test {
 protected:
  RrLooseRoute() {
    // This proxy: its name, and its address on the local socket (TestMessage's default).
    core_.addMyself("proxy.example.com");
    core_.addMyself("198.51.100.1:5060");
    core_.addMyself("198.51.100.1:5061");
  }

  Outcome run(TestMessage& m) {
    EXPECT_TRUE(m.parsed());
    std::optional<Outcome> out = test::invoke(module_, m.ctx(), "loose_route");
    EXPECT_TRUE(out.has_value());
    return out.value_or(Outcome::Drop);
  }

  FakeCore core_;
  RrModule module_;
};

TEST_F(RrLooseRoute, NoRouteHeaderIsFalseAndChangesNothing) {
  TestMessage m(bye(""), core_);
  EXPECT_EQ(run(m), Outcome::False);
  EXPECT_EQ(m.render(), bye(""));
  EXPECT_EQ(m.ctx().requestUri(), kRemoteTarget);
  EXPECT_FALSE(m.ctx().requestUriRewritten());
  EXPECT_EQ(m.ctx().destinationUri(), "");
}

TEST_F(RrLooseRoute, OwnRouteOnlyIsRemovedAndTheRequestUriIsTheTarget) {
  TestMessage m(bye("Route: <sip:proxy.example.com;lr;ftag=9fxced76sl>\r\n"), core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye(""));
  EXPECT_EQ(m.ctx().requestUri(), kRemoteTarget);
  EXPECT_FALSE(m.ctx().requestUriRewritten());
  EXPECT_EQ(m.ctx().destinationUri(), "");
}

TEST_F(RrLooseRoute, OwnRouteThenNextLooseHopInTheSameHeader) {
  TestMessage m(bye("Route: <sip:proxy.example.com;lr>, <sip:p2.example.net;lr>\r\n"), core_);
  EXPECT_EQ(run(m), Outcome::True);
  // Only our value and its comma go; the next hop's value stays, untouched.
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
  EXPECT_EQ(m.ctx().requestUri(), kRemoteTarget);
}

TEST_F(RrLooseRoute, RouteHeaderWithSeveralValuesKeepsTheOthersAsWritten) {
  std::string routes =
      "Route: <sip:proxy.example.com;lr>,  <sip:p2.example.net;lr>,<sip:p3.example.net;lr>\r\n"
      "Route: <sip:p4.example.net;lr>\r\n";
  TestMessage m(bye(routes), core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>,<sip:p3.example.net;lr>\r\n"
                            "Route: <sip:p4.example.net;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
}

TEST_F(RrLooseRoute, DoubleRecordRouteRemovesBothOwnValues) {
  std::string routes =
      "Route: <sip:198.51.100.1;r2=on;lr;ftag=9fxced76sl>\r\n"
      "Route: <sip:proxy.example.com;transport=tcp;r2=on;lr;ftag=9fxced76sl>\r\n"
      "Route: <sip:p2.example.net;lr>\r\n";
  TestMessage m(bye(routes), core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
}

TEST_F(RrLooseRoute, DoubleRecordRouteInOneHeader) {
  TestMessage m(bye("Route: <sip:198.51.100.1:5061;transport=tcp;r2=on;lr>, "
                    "<sip:198.51.100.1;r2=on;lr>, <sip:p2.example.net;lr>\r\n"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
}

TEST_F(RrLooseRoute, DoubleRecordRouteAloneRoutesByTheRequestUri) {
  TestMessage m(bye("Route: <sip:198.51.100.1;r2=on;lr>\r\n"
                    "Route: <sip:proxy.example.com;r2=on;lr>\r\n"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye(""));
  EXPECT_EQ(m.ctx().destinationUri(), "");
  EXPECT_EQ(m.ctx().requestUri(), kRemoteTarget);
}

TEST_F(RrLooseRoute, TwoOwnValuesWithoutR2AreTwoVisits) {
  // A spiral through this proxy: the second value is a later visit, routed on its own pass.
  TestMessage m(bye("Route: <sip:proxy.example.com;lr>, <sip:198.51.100.1;lr>\r\n"), core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye("Route: <sip:198.51.100.1;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:198.51.100.1;lr");
}

TEST_F(RrLooseRoute, TopRouteOfAnotherHopIsKept) {
  TestMessage m(bye("Route: <sip:p2.example.net;lr>\r\n"), core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
}

TEST_F(RrLooseRoute, StrictPreviousHop) {
  // RFC 3261 16.4: a strict router put our Record-Route URI into the Request-URI and appended
  // the remote target as the last Route value.
  TestMessage m(bye("Route: <sip:p2.example.net;lr>, <sip:bob@192.0.2.20>\r\n",
                    "sip:proxy.example.com;lr"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().requestUri(), kRemoteTarget);
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>\r\n", "sip:proxy.example.com;lr"));
}

TEST_F(RrLooseRoute, StrictPreviousHopWithDoubleRecordRoute) {
  TestMessage m(bye("Route: <sip:proxy.example.com;transport=tcp;r2=on;lr>\r\n"
                    "Route: <sip:p2.example.net;lr>\r\n"
                    "Route: <sip:bob@192.0.2.20>\r\n",
                    "sip:198.51.100.1;r2=on;lr"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().requestUri(), kRemoteTarget);
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
  EXPECT_EQ(m.render(), bye("Route: <sip:p2.example.net;lr>\r\n", "sip:198.51.100.1;r2=on;lr"));
}

TEST_F(RrLooseRoute, StrictPreviousAndStrictNextHop) {
  // Between two strict routers we act as one: the next hop's URI becomes the Request-URI and
  // the remote target stays last in Route for it.
  TestMessage m(bye("Route: <sip:strict.example.net>, <sip:bob@192.0.2.20>\r\n",
                    "sip:proxy.example.com;lr"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().requestUri(), "sip:strict.example.net");
  EXPECT_EQ(m.ctx().destinationUri(), "");
  EXPECT_EQ(m.render(), bye("Route: <sip:bob@192.0.2.20>\r\n", "sip:proxy.example.com;lr"));
}

TEST_F(RrLooseRoute, StrictNextHop) {
  // RFC 3261 16.6 step 6: the Request-URI goes last into Route, the strict router's URI into
  // the Request-URI.
  TestMessage m(bye("Route: <sip:proxy.example.com;lr>, <sip:strict.example.net>, "
                    "<sip:p3.example.net;lr>\r\n"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().requestUri(), "sip:strict.example.net");
  EXPECT_EQ(m.ctx().destinationUri(), "");
  std::string expected = bye("Route: <sip:p3.example.net;lr>\r\n");
  expected.insert(expected.find("\r\n\r\n") + 2, "Route: <sip:bob@192.0.2.20>\r\n");
  EXPECT_EQ(m.render(), expected);
  EXPECT_EQ(test::headerValues(m.render(), "Route"),
            (std::vector<std::string>{"<sip:p3.example.net;lr>", "<sip:bob@192.0.2.20>"}));
}

TEST_F(RrLooseRoute, StrictNextHopUsesTheCurrentRequestUri) {
  TestMessage m(bye("Route: <sip:strict.example.net>\r\n"), core_);
  m.ctx().setRequestUri("sip:bob@203.0.113.7:5090");
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().requestUri(), "sip:strict.example.net");
  EXPECT_EQ(test::headerValues(m.render(), "Route"),
            std::vector<std::string>{"<sip:bob@203.0.113.7:5090>"});
}

TEST_F(RrLooseRoute, PreloadedOwnRouteOnlyIsFalse) {
  // An initial request (no To-tag) whose only Route is us: the Route is removed and the request
  // is routed like any initial one.
  std::string invite = request("INVITE", "sip:bob@example.com", "",
                               "Route: <sip:proxy.example.com;lr>\r\n");
  TestMessage m(invite, core_);
  EXPECT_EQ(run(m), Outcome::False);
  EXPECT_EQ(m.render(), request("INVITE", "sip:bob@example.com", "", ""));
  EXPECT_EQ(m.ctx().destinationUri(), "");
}

TEST_F(RrLooseRoute, PreloadedRouteToAnotherHopIsTrue) {
  std::string invite =
      request("INVITE", "sip:bob@example.com", "",
              "Route: <sip:proxy.example.com;lr>, <sip:edge.example.net;lr>\r\n");
  TestMessage m(invite, core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.render(), request("INVITE", "sip:bob@example.com", "",
                                "Route: <sip:edge.example.net;lr>\r\n"));
  EXPECT_EQ(m.ctx().destinationUri(), "sip:edge.example.net;lr");
}

TEST_F(RrLooseRoute, InitialRequestForUsIsNotTakenForAStrictRouter) {
  // Request-URI names us but there is no To-tag: not a strict router's doing.
  std::string options = request("OPTIONS", "sip:proxy.example.com", "",
                                "Route: <sip:p2.example.net;lr>\r\n");
  TestMessage m(options, core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().requestUri(), "sip:proxy.example.com");
  EXPECT_EQ(m.ctx().destinationUri(), "sip:p2.example.net;lr");
  EXPECT_EQ(m.render(), options);
}

TEST_F(RrLooseRoute, NextHopUriGoesToDuWhole) {
  // maddr, transport and port stay in $du: the core resolves the URI (RFC 3261 19.1.1).
  TestMessage m(bye("Route: <sip:proxy.example.com;lr>, "
                    "<sip:p2.example.net:5070;transport=tcp;maddr=203.0.113.5;lr>\r\n"),
                core_);
  EXPECT_EQ(run(m), Outcome::True);
  EXPECT_EQ(m.ctx().destinationUri(),
            "sip:p2.example.net:5070;transport=tcp;maddr=203.0.113.5;lr");
}

TEST_F(RrLooseRoute, TheCoreForwardsWhatLooseRouteDecided) {
  TestMessage m(bye("Route: <sip:proxy.example.com;lr>, <sip:p2.example.net;lr>\r\n"), core_);
  ASSERT_EQ(run(m), Outcome::True);
  ASSERT_TRUE(core_.forwardStateless(m.ctx()).ok());
  ASSERT_EQ(core_.forwards().size(), 1u);
  EXPECT_EQ(core_.forwards()[0].request_uri, kRemoteTarget);
  EXPECT_EQ(core_.forwards()[0].destination_uri, "sip:p2.example.net;lr");
  EXPECT_EQ(core_.forwards()[0].rendered, bye("Route: <sip:p2.example.net;lr>\r\n"));
}

TEST_F(RrLooseRoute, MalformedRouteSetIsFalseWithALogLine) {
  TestMessage m(bye("Route: <sip:proxy.example.com;lr>,,<sip:p2.example.net;lr>\r\n"), core_);
  EXPECT_EQ(run(m), Outcome::False);
  EXPECT_EQ(m.render(), bye("Route: <sip:proxy.example.com;lr>,,<sip:p2.example.net;lr>\r\n"));
  EXPECT_TRUE(core_.logged("malformed Route", LogLevel::Warn));
}

TEST_F(RrLooseRoute, MissingToIsFalseWithALogLine) {
  std::string text = bye("Route: <sip:p2.example.net;lr>\r\n");
  text.erase(text.find("To: "), text.find("From: ") - text.find("To: "));
  TestMessage m(text, core_);
  EXPECT_EQ(run(m), Outcome::False);
  EXPECT_TRUE(core_.logged("To", LogLevel::Warn));
}

TEST_F(RrLooseRoute, ConflictingEditIsFalseWithALogLine) {
  std::string text = bye("Route: <sip:proxy.example.com;lr>\r\n");
  TestMessage m(text, core_);
  // Something earlier in the route already rewrote that Route line.
  uint32_t at = static_cast<uint32_t>(text.find("Route:"));
  ASSERT_TRUE(m.edits().replace(at, 5, "ROUTE").ok());
  EXPECT_EQ(run(m), Outcome::False);
  EXPECT_TRUE(core_.logged("cannot remove Route values", LogLevel::Error));
}

TEST_F(RrLooseRoute, RequestHookOnly) {
  std::string text = bye("Route: <sip:p2.example.net;lr>\r\n");
  for (Hook hook : {Hook::Branch, Hook::Failure, Hook::Reply}) {
    TestMessage m(text, core_, hook);
    EXPECT_EQ(test::invoke(module_, m.ctx(), "loose_route"), std::nullopt);
  }
}

}  // namespace
}  // namespace pinhole::modules::rr
