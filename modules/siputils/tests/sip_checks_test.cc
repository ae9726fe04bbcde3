// siputils: has_totag, is_method, is_myself over literal messages, and the descriptor.
#include <gtest/gtest.h>

#include <string>

#include "siputils/sip_checks.h"
#include "siputils/siputils_module.h"
#include "support/fake_core.h"

namespace pinhole::modules::siputils {
namespace {

using test::FakeCore;
using test::TestMessage;
using test::stringArg;

std::string request(std::string_view method, std::string_view to_tag) {
  std::string to = "To: Bob <sip:bob@example.com>";
  if (!to_tag.empty()) to += ";tag=" + std::string(to_tag);
  return std::string(method) + " sip:bob@example.com SIP/2.0\r\n" +
         "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
         "Max-Forwards: 70\r\n" +
         to + "\r\n" +
         "From: Alice <sip:alice@example.org>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@pc33.example.org\r\n"
         "CSeq: 314159 " + std::string(method) + "\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

const std::string kReply = test::crlf(R"(SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds
To: Bob <sip:bob@example.com>;tag=a6c85cf
From: Alice <sip:alice@example.org>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 INVITE
Content-Length: 0

)");

class SiputilsTest : public ::testing::Test {
 protected:
  FakeCore core_;
  SiputilsModule module_;
};

using SiputilsHasTotag = SiputilsTest;

TEST_F(SiputilsHasTotag, TrueOnlyWithATag) {
  TestMessage initial(request("INVITE", ""), core_);
  EXPECT_EQ(test::invoke(module_, initial.ctx(), "has_totag"), Outcome::False);
  TestMessage in_dialog(request("BYE", "a6c85cf"), core_);
  EXPECT_EQ(test::invoke(module_, in_dialog.ctx(), "has_totag"), Outcome::True);
  TestMessage reply(kReply, core_, Hook::Reply);
  EXPECT_EQ(test::invoke(module_, reply.ctx(), "has_totag"), Outcome::True);
}

TEST_F(SiputilsHasTotag, EmptyTagOrMissingToIsFalse) {
  std::string empty_tag = request("BYE", "");
  empty_tag.replace(empty_tag.find("<sip:bob@example.com>\r\n"), 23,
                    "<sip:bob@example.com>;tag=\r\n");
  TestMessage m(empty_tag, core_);
  ASSERT_TRUE(m.parsed());
  EXPECT_EQ(hasTotag(m.ctx()), Outcome::False);
  std::string no_to = request("BYE", "x");
  no_to.erase(no_to.find("To: "), no_to.find("From: ") - no_to.find("To: "));
  TestMessage n(no_to, core_);
  ASSERT_TRUE(n.parsed());
  EXPECT_EQ(hasTotag(n.ctx()), Outcome::False);
}

using SiputilsIsMethod = SiputilsTest;

TEST_F(SiputilsIsMethod, MatchesAnyMethodOfTheList) {
  TestMessage m(request("REGISTER", ""), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_method", {stringArg("REGISTER")}), Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_method", {stringArg("INVITE|REGISTER")}),
            Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_method", {stringArg("INVITE | REGISTER ")}),
            Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_method", {stringArg("INVITE|BYE")}),
            Outcome::False);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_method", {stringArg("")}), Outcome::False);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_method", {stringArg("||")}), Outcome::False);
}

TEST_F(SiputilsIsMethod, IsCaseSensitive) {
  TestMessage m(request("INVITE", ""), core_);
  EXPECT_EQ(isMethod(m.ctx(), "invite"), Outcome::False);
  EXPECT_EQ(isMethod(m.ctx(), "INVITE"), Outcome::True);
  EXPECT_EQ(isMethod(m.ctx(), "INVITES|INVIT"), Outcome::False);
}

TEST_F(SiputilsIsMethod, ExtensionMethods) {
  TestMessage m(request("PUBLISH", ""), core_);
  EXPECT_EQ(isMethod(m.ctx(), "SUBSCRIBE|PUBLISH"), Outcome::True);
  TestMessage x(request("FOOBAR", ""), core_);
  ASSERT_TRUE(x.parsed());
  EXPECT_EQ(isMethod(x.ctx(), "FOOBAR"), Outcome::True);
  EXPECT_EQ(isMethod(x.ctx(), "FOO"), Outcome::False);
}

TEST_F(SiputilsIsMethod, RepliesUseTheCSeqMethod) {
  TestMessage r(kReply, core_, Hook::Reply);
  EXPECT_EQ(test::invoke(module_, r.ctx(), "is_method", {stringArg("INVITE")}), Outcome::True);
  EXPECT_EQ(test::invoke(module_, r.ctx(), "is_method", {stringArg("BYE")}), Outcome::False);
}

TEST(SiputilsMethodInList, Edges) {
  EXPECT_TRUE(methodInList("ACK", "ACK"));
  EXPECT_TRUE(methodInList("ACK", "BYE|ACK"));
  EXPECT_FALSE(methodInList("ACK", "BYE|ACKS"));
  EXPECT_FALSE(methodInList("", "|"));
  EXPECT_FALSE(methodInList("ACK", ""));
}

class SiputilsIsMyself : public SiputilsTest {
 protected:
  SiputilsIsMyself() {
    core_.addMyself("proxy.example.com");
    core_.addMyself("198.51.100.1:5060");
    core_.addMyself("[2001:db8::1]:5060");
  }
};

TEST_F(SiputilsIsMyself, NamesOfThisProxy) {
  TestMessage m(request("INVITE", ""), core_);
  auto is_me = [&](std::string_view uri) {
    return test::invoke(module_, m.ctx(), "is_myself", {stringArg(uri)});
  };
  EXPECT_EQ(is_me("sip:proxy.example.com"), Outcome::True);
  EXPECT_EQ(is_me("sip:alice@PROXY.example.com:5080;transport=tcp"), Outcome::True);
  EXPECT_EQ(is_me("sips:198.51.100.1"), Outcome::True);
  EXPECT_EQ(is_me("sip:198.51.100.1:5060;lr"), Outcome::True);
  EXPECT_EQ(is_me("sip:198.51.100.1:5070"), Outcome::False);
  EXPECT_EQ(is_me("sip:[2001:db8::1]:5060"), Outcome::True);
  EXPECT_EQ(is_me("<sip:proxy.example.com;lr>"), Outcome::True);
  EXPECT_EQ(is_me("sip:bob@example.com"), Outcome::False);
}

TEST_F(SiputilsIsMyself, OtherSchemesAndGarbageAreFalse) {
  TestMessage m(request("INVITE", ""), core_);
  EXPECT_EQ(isMyself(m.ctx(), "tel:+15551234567"), Outcome::False);
  EXPECT_EQ(isMyself(m.ctx(), ""), Outcome::False);
  EXPECT_EQ(isMyself(m.ctx(), "proxy.example.com"), Outcome::False);
  EXPECT_EQ(isMyself(m.ctx(), "sip:"), Outcome::False);
  EXPECT_TRUE(core_.logged("not a URI", LogLevel::Debug));
}

TEST_F(SiputilsIsMyself, WorksOnTheCurrentRequestUriText) {
  TestMessage m(request("INVITE", ""), core_);
  m.ctx().setRequestUri("sip:proxy.example.com;transport=udp");
  EXPECT_EQ(isMyself(m.ctx(), m.ctx().requestUri()), Outcome::True);
}

TEST(SiputilsDescriptor, IsWellFormed) {
  SiputilsModule module;
  const ModuleDescriptor& d = module.descriptor();
  EXPECT_EQ(d.name, "siputils");
  EXPECT_TRUE(test::descriptorProblems(d).empty())
      << ::testing::PrintToString(test::descriptorProblems(d));
  EXPECT_TRUE(d.params.empty());
  ASSERT_EQ(d.functions.size(), 3u);
  const FunctionSpec* totag = test::findFunction(d, "has_totag");
  ASSERT_NE(totag, nullptr);
  EXPECT_TRUE(totag->args.empty());
  EXPECT_EQ(totag->hooks, kInAnyHook);
  for (std::string_view name : {"is_method", "is_myself"}) {
    const FunctionSpec* f = test::findFunction(d, name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->hooks, kInAnyHook);
    ASSERT_EQ(f->args.size(), 1u);
    EXPECT_EQ(f->args[0].type, ArgType::String);
    EXPECT_FALSE(f->args[0].optional);
  }
}

}  // namespace
}  // namespace pinhole::modules::siputils
