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
  EXPECT_EQ(na->uri().user, "jdrosen");
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
  EXPECT_TRUE(na->uri().params.empty());
  EXPECT_EQ(na->tag(), "abc");
  EXPECT_TRUE(na->params.has("unknownparam"));

  auto inside = one("<sip:user@example.com;unknownparam>;tag=x");
  ASSERT_TRUE(inside.ok());
  EXPECT_TRUE(inside->uri().hasParam("unknownparam"));
  EXPECT_FALSE(inside->params.has("unknownparam"));
}

TEST_F(NameAddrTest, ContactParamsExpiresAndQ) {
  auto na = one("<sip:a@[2001:db8::1]:5060;transport=udp> ; expires=3600 ; q=0.7 ; +sip.instance="
                "\"<urn:uuid:1>\"");
  ASSERT_TRUE(na.ok()) << na.error().detail;
  EXPECT_EQ(na->uri().host.address(), "2001:db8::1");
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
  EXPECT_EQ(list[1].uri().user, "z");
}

TEST_F(NameAddrTest, ListOfRoutesWithCommaInsideUser) {
  ArenaVector<NameAddr> list;
  auto r = parseNameAddrList("<sip:a,b@p1;lr>,<sip:p2;lr>", arena_, list);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].uri().user, "a,b");
  EXPECT_TRUE(list[1].uri().hasParam("lr"));
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

TEST_F(NameAddrTest, UriOnDemandIsParsedOnFirstUseAndCached) {
  NameAddr na;
  ASSERT_TRUE(parseNameAddrInto("\"A\" <sip:a@atlanta.com:5070;lr>;tag=1", arena_, na,
                                UriParsing::OnDemand)
                  .ok());
  EXPECT_EQ(na.uri_text, "sip:a@atlanta.com:5070;lr");
  EXPECT_EQ(na.tag(), "1");
  const Uri& u = na.uri();
  EXPECT_EQ(u.host.host, "atlanta.com");
  EXPECT_EQ(u.host.port, 5070);
  EXPECT_TRUE(u.hasParam("lr"));
  EXPECT_EQ(&na.uri(), &u);  // cached, not parsed again
  EXPECT_TRUE(na.checkUri().ok());
  // A copy made after the parse shares the cached URI.
  NameAddr copy = na;
  EXPECT_EQ(&copy.uri(), &u);
}

TEST_F(NameAddrTest, UriOnDemandErrorsComeFromCheckUri) {
  const std::string value = "Joe <sip:joe@exa mple.org>;tag=7";
  NameAddr na;
  ASSERT_TRUE(parseNameAddrInto(value, arena_, na, UriParsing::OnDemand).ok());
  EXPECT_EQ(na.tag(), "7");
  auto r = na.checkUri();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(errcOf(r.error()), Errc::BadHost);
  // Offsets are relative to raw, as parseNameAddr's own errors are.
  EXPECT_EQ(r.error().offset, value.find(" mple"));
  auto eager = one(value);
  ASSERT_FALSE(eager.ok());
  EXPECT_EQ(errcOf(eager.error()), Errc::BadHost);
  EXPECT_EQ(eager.error().offset, r.error().offset);
  // The malformed URI names nothing: only its text is there.
  EXPECT_EQ(na.uri().raw, "sip:joe@exa mple.org");
  EXPECT_EQ(na.uri().kind, Scheme::Other);
  EXPECT_TRUE(na.uri().host.host.empty());
  EXPECT_FALSE(na.checkUri().ok());  // the failure is cached too
}

TEST_F(NameAddrTest, UriOnDemandAddrSpecAndLists) {
  ArenaVector<NameAddr> list;
  ASSERT_TRUE(parseNameAddrList("sip:x@h1;tag=a, <sip:y@h2;lr>", arena_, list,
                                UriParsing::OnDemand)
                  .ok());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].uri_text, "sip:x@h1");
  EXPECT_EQ(list[0].uri().host.host, "h1");
  EXPECT_EQ(list[1].uri().host.host, "h2");
  // Eagerly, a bad URI fails the list; on demand only its own check does.
  list = {};
  EXPECT_FALSE(parseNameAddrList("<sip:a@h>, <sip:b@h:99999>", arena_, list).ok());
  list = {};
  ASSERT_TRUE(parseNameAddrList("<sip:a@h>, <sip:b@h:99999>", arena_, list,
                                UriParsing::OnDemand)
                  .ok());
  EXPECT_TRUE(list[0].checkUri().ok());
  EXPECT_EQ(errcOf(list[1].checkUri().error()), Errc::BadPort);
}

TEST_F(NameAddrTest, DefaultConstructedHasNoUri) {
  NameAddr na;
  EXPECT_TRUE(na.uri().raw.empty());
  EXPECT_EQ(errcOf(na.checkUri().error()), Errc::BadUri);
}

}  // namespace
}  // namespace pinhole::sip
