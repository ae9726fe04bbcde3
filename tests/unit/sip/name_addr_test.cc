#include "pinhole/sip/name_addr.h"

#include <gtest/gtest.h>

#include <string>

#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

class NameAddrTest : public ::testing::Test {
 protected:
  Result<NameAddr> one(std::string_view s) { return parseNameAddr(s, arena_); }
  Arena arena_;
};

TEST_F(NameAddrTest, QuotedDisplayNameWithEscapedQuotes) {
  auto na = one(R"("J Rosenberg \\\""  <sip:jdrosen@example.com> ; tag = 98asjd8)");
  ASSERT_TRUE(na.ok()) << na.error().detail;
  EXPECT_EQ(na->display, R"("J Rosenberg \\\"")");
  EXPECT_TRUE(na->angle);
  EXPECT_EQ(na->uri.user, "jdrosen");
  EXPECT_EQ(na->tag(), "98asjd8");
}

TEST_F(NameAddrTest, TokenDisplayNameAndNoSpaceBeforeAngle) {
  auto na = one("Bob Smith<sip:bob@example.com>;tag=1");
  ASSERT_TRUE(na.ok());
  EXPECT_EQ(na->display, "Bob Smith");
  auto quoted = one("\"caller\"<sip:caller@example.com>");
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->display, "\"caller\"");
}

TEST_F(NameAddrTest, AddrSpecParamsAreHeaderParams) {
  auto na = one("sip:user@example.com;tag=abc;unknownparam");
  ASSERT_TRUE(na.ok());
  EXPECT_FALSE(na->angle);
  EXPECT_TRUE(na->uri.params.empty());
  EXPECT_EQ(na->tag(), "abc");
  EXPECT_TRUE(na->params.has("unknownparam"));

  auto inside = one("<sip:user@example.com;unknownparam>;tag=x");
  ASSERT_TRUE(inside.ok());
  EXPECT_TRUE(inside->uri.hasParam("unknownparam"));
  EXPECT_FALSE(inside->params.has("unknownparam"));
}

TEST_F(NameAddrTest, ContactParamsExpiresAndQ) {
  auto na = one("<sip:a@[2001:db8::1]:5060;transport=udp> ; expires=3600 ; q=0.7 ; +sip.instance="
                "\"<urn:uuid:1>\"");
  ASSERT_TRUE(na.ok()) << na.error().detail;
  EXPECT_EQ(na->uri.host.address(), "2001:db8::1");
  EXPECT_EQ(na->params.value("expires"), "3600");
  EXPECT_EQ(na->params.value("q"), "0.7");
  EXPECT_EQ(na->params.value("+sip.instance"), "\"<urn:uuid:1>\"");
}

TEST_F(NameAddrTest, QuotedDisplayNameMayContainAngleAndComma) {
  ArenaVector<NameAddr> list;
  auto r = parseNameAddrList("\"a <b>, c\" <sip:x@y>, <sip:z@w>;q=0.1", arena_, list);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].display, "\"a <b>, c\"");
  EXPECT_EQ(list[1].uri.user, "z");
}

TEST_F(NameAddrTest, ListOfRoutesWithCommaInsideUser) {
  ArenaVector<NameAddr> list;
  auto r = parseNameAddrList("<sip:a,b@p1;lr>,<sip:p2;lr>", arena_, list);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].uri.user, "a,b");
  EXPECT_TRUE(list[1].uri.hasParam("lr"));
}

TEST_F(NameAddrTest, LongValues) {
  std::string display(2000, 'x');
  std::string value = "\"" + display + "\" <sip:" + std::string(500, 'u') + "@h>;tag=" +
                      std::string(300, 't');
  auto na = one(value);
  ASSERT_TRUE(na.ok());
  EXPECT_EQ(na->display.size(), 2002u);
  EXPECT_EQ(na->tag().size(), 300u);
}

TEST_F(NameAddrTest, Errors) {
  EXPECT_EQ(errcOf(one("\"unterminated <sip:a@b>").error()), Errc::BadQuotedString);
  EXPECT_EQ(errcOf(one("Bell, Alexander <sip:a@b>").error()), Errc::BadNameAddr);
  EXPECT_EQ(errcOf(one("< sip:a@b >").error()), Errc::BadNameAddr);
  EXPECT_EQ(errcOf(one("<sip:a@b").error()), Errc::BadNameAddr);
  EXPECT_EQ(errcOf(one("sip:user@example.com?Route=%3Csip:x%3E").error()), Errc::BadNameAddr);
  EXPECT_EQ(errcOf(one("\"Joe\" sip:joe@example.org").error()), Errc::BadNameAddr);
  EXPECT_EQ(errcOf(one("\"Joe\" <sip:joe@example.org>;;;;").error()), Errc::BadParam);
  EXPECT_EQ(errcOf(one("").error()), Errc::BadNameAddr);
  auto bad_uri = one("<sip:joe@exa mple.org>");
  ASSERT_FALSE(bad_uri.ok());
  EXPECT_TRUE(bad_uri.error().hasOffset());
}

}  // namespace
}  // namespace pinhole::sip
