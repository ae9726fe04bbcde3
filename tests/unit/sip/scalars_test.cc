#include "pinhole/sip/scalars.h"

#include <gtest/gtest.h>

#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

TEST(Scalars, Methods) {
  EXPECT_EQ(methodFromText("INVITE"), Method::Invite);
  EXPECT_EQ(methodFromText("invite"), Method::Other);  // methods are case-sensitive
  EXPECT_EQ(methodFromText("RE%47IST%45R"), Method::Other);
  EXPECT_EQ(methodText(Method::Register), "REGISTER");
}

TEST(Scalars, CSeq) {
  auto c = parseCSeq("0009\r\n  INVITE");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->number, 9u);
  EXPECT_EQ(c->method, "INVITE");
  EXPECT_EQ(parseCSeq("4294967295 ACK")->number, 4294967295u);
  EXPECT_EQ(errcOf(parseCSeq("4294967296 ACK").error()), Errc::BadCSeq);
  EXPECT_EQ(errcOf(parseCSeq("36893488147419103232 REGISTER").error()), Errc::BadCSeq);
  EXPECT_EQ(errcOf(parseCSeq("1INVITE").error()), Errc::BadCSeq);
  EXPECT_EQ(errcOf(parseCSeq("INVITE").error()), Errc::BadCSeq);
  EXPECT_EQ(errcOf(parseCSeq("1 ").error()), Errc::BadCSeq);
}

TEST(Scalars, MaxForwardsContentLengthExpires) {
  EXPECT_EQ(*parseMaxForwards("0068"), 68u);
  EXPECT_EQ(*parseMaxForwards("0"), 0u);
  EXPECT_EQ(errcOf(parseMaxForwards("300").error()), Errc::BadMaxForwards);
  EXPECT_EQ(errcOf(parseMaxForwards("-1").error()), Errc::BadMaxForwards);
  EXPECT_EQ(*parseContentLength(" 150 "), 150u);
  EXPECT_EQ(errcOf(parseContentLength("-999").error()), Errc::BadContentLength);
  EXPECT_EQ(errcOf(parseContentLength("99999999999").error()), Errc::BadContentLength);
  EXPECT_EQ(errcOf(parseContentLength("").error()), Errc::BadContentLength);
  EXPECT_EQ(*parseDeltaSeconds("4294967295"), 4294967295u);
  EXPECT_EQ(errcOf(parseDeltaSeconds("4294967296").error()), Errc::BadExpires);
}

TEST(Scalars, CallId) {
  EXPECT_EQ(*parseCallId(" a84b4c76e66710@pc33.atlanta.com "), "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_TRUE(parseCallId("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{").ok());
  EXPECT_EQ(errcOf(parseCallId("").error()), Errc::BadCallId);
  EXPECT_EQ(errcOf(parseCallId("a b").error()), Errc::BadCallId);
  EXPECT_EQ(errcOf(parseCallId("a@").error()), Errc::BadCallId);
  EXPECT_EQ(errcOf(parseCallId("a@b@c").error()), Errc::BadCallId);
}

TEST(Scalars, Date) {
  EXPECT_TRUE(checkDate("Sat, 13 Nov 2010 23:29:00 GMT").ok());
  EXPECT_EQ(errcOf(checkDate("Fri, 01 Jan 2010 16:00:00 EST").error()), Errc::BadDate);
  EXPECT_EQ(errcOf(checkDate("Sat, 13 Nov 2010").error()), Errc::BadDate);
}

TEST(Scalars, ContentTypeAndTokenLists) {
  Arena arena;
  auto ct = parseContentType("application / SDP ; charset=utf-8", arena);
  ASSERT_TRUE(ct.ok());
  EXPECT_TRUE(ct->is("application", "sdp"));
  EXPECT_EQ(ct->params.value("charset"), "utf-8");
  EXPECT_EQ(errcOf(parseContentType("application", arena).error()), Errc::BadContentType);
  EXPECT_EQ(errcOf(parseContentType("application/", arena).error()), Errc::BadContentType);

  ArenaVector<std::string_view> tags;
  ASSERT_TRUE(parseTokenList("100rel, timer ,path", arena, tags).ok());
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[1], "timer");
  ArenaVector<std::string_view> none;
  EXPECT_TRUE(parseTokenList("", arena, none).ok());
  EXPECT_EQ(errcOf(parseTokenList("a, b c", arena, none).error()), Errc::BadTokenList);
  EXPECT_FALSE(parseTokenList("a,,b", arena, none).ok());
}

}  // namespace
}  // namespace pinhole::sip
