// RouteSet: Route values with their positions, and removal edits that touch only the removed
// values (with their comma) or whole lines.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "rr/route_set.h"
#include "support/fake_core.h"

namespace pinhole::modules::rr {
namespace {

using test::FakeCore;
using test::TestMessage;

std::string byeWith(std::string_view route_lines) {
  return "BYE sip:bob@192.0.2.20 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKnashds7\r\n" +
         std::string(route_lines) +
         "To: <sip:bob@example.com>;tag=8321234356\r\n"
         "From: <sip:alice@example.org>;tag=9fxced76sl\r\n"
         "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
         "CSeq: 2 BYE\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

// Renders the message after removing the values at `indexes`.
std::string removing(std::string_view route_lines, std::initializer_list<std::size_t> indexes) {
  FakeCore core;
  TestMessage m(byeWith(route_lines), core);
  EXPECT_TRUE(m.parsed());
  RouteSet set;
  EXPECT_TRUE(set.load(m.msg()).ok());
  for (std::size_t i : indexes) set.markRemoved(i);
  EXPECT_TRUE(set.commitRemovals(m.msg(), m.edits()).ok());
  return m.render();
}

constexpr std::string_view kThree =
    "Route: <sip:a.example;lr>, <sip:b.example;lr>,<sip:c.example;lr>\r\n";

TEST(RrRouteSet, LoadsEveryValueInOrderWithItsPosition) {
  FakeCore core;
  TestMessage m(byeWith("Route: <sip:a.example;lr>\r\n"
                        "Route:  <sip:b.example;lr> ,\t\"C\" <sip:c.example;lr>\r\n"),
                core);
  RouteSet set;
  ASSERT_TRUE(set.load(m.msg()).ok());
  ASSERT_EQ(set.size(), 3u);
  std::string_view buf = m.buffer();
  EXPECT_EQ(buf.substr(set[0].begin, set[0].end - set[0].begin), "<sip:a.example;lr>");
  EXPECT_EQ(buf.substr(set[1].begin, set[1].end - set[1].begin), "<sip:b.example;lr>");
  EXPECT_EQ(buf.substr(set[2].begin, set[2].end - set[2].begin), "\"C\" <sip:c.example;lr>");
  EXPECT_EQ(set[0].addr.uri().raw, "sip:a.example;lr");
  EXPECT_EQ(set[2].addr.uri().host.host, "c.example");
  EXPECT_NE(set[0].header, set[1].header);
  EXPECT_EQ(set[1].header, set[2].header);
}

TEST(RrRouteSet, RemovesTheFirstValueWithItsComma) {
  EXPECT_EQ(removing(kThree, {0}), byeWith("Route: <sip:b.example;lr>,<sip:c.example;lr>\r\n"));
}

TEST(RrRouteSet, RemovesAMiddleValueWithItsComma) {
  EXPECT_EQ(removing(kThree, {1}), byeWith("Route: <sip:a.example;lr>, <sip:c.example;lr>\r\n"));
}

TEST(RrRouteSet, RemovesTheLastValueWithTheCommaBeforeIt) {
  EXPECT_EQ(removing(kThree, {2}), byeWith("Route: <sip:a.example;lr>, <sip:b.example;lr>\r\n"));
  EXPECT_EQ(removing(kThree, {1, 2}), byeWith("Route: <sip:a.example;lr>\r\n"));
}

TEST(RrRouteSet, RemovesRunsAndSeparateValues) {
  EXPECT_EQ(removing(kThree, {0, 1}), byeWith("Route: <sip:c.example;lr>\r\n"));
  EXPECT_EQ(removing(kThree, {0, 2}), byeWith("Route: <sip:b.example;lr>\r\n"));
}

TEST(RrRouteSet, RemovesTheWholeLineWhenEveryValueGoes) {
  EXPECT_EQ(removing(kThree, {0, 1, 2}), byeWith(""));
  EXPECT_EQ(removing("Route: <sip:a.example;lr>\r\nRoute: <sip:b.example;lr>, <sip:c.example>\r\n",
                     {0, 1}),
            byeWith("Route: <sip:c.example>\r\n"));
}

TEST(RrRouteSet, NothingMarkedChangesNothing) {
  EXPECT_EQ(removing(kThree, {}), byeWith(kThree));
}

TEST(RrRouteSet, MalformedValueFailsTheSet) {
  FakeCore core;
  for (std::string_view bad : {"Route: <sip:a.example;lr>,,<sip:b.example>\r\n",
                               "Route: <sip:a.example;lr\r\n",
                               "Route: \"unterminated <sip:a>\r\n"}) {
    TestMessage m(byeWith(bad), core);
    ASSERT_TRUE(m.parsed()) << bad;
    RouteSet set;
    EXPECT_FALSE(set.load(m.msg()).ok()) << bad;
  }
}

}  // namespace
}  // namespace pinhole::modules::rr
