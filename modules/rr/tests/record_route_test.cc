// record_route() and add_rr_param(): what they ask of the core, and the rr descriptor.
#include <gtest/gtest.h>

#include <string>

#include "rr/record_route.h"
#include "rr/rr_module.h"
#include "support/fake_core.h"

namespace pinhole::modules::rr {
namespace {

using test::FakeCore;
using test::TestMessage;
using test::stringArg;

std::string invite(std::string_view from_tag = "1928301774") {
  std::string from = "From: Alice <sip:alice@example.org>";
  if (!from_tag.empty()) from += ";tag=" + std::string(from_tag);
  return "INVITE sip:bob@example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
         "Max-Forwards: 70\r\n"
         "To: Bob <sip:bob@example.com>\r\n" +
         from + "\r\n" +
         "Call-ID: a84b4c76e66710@pc33.example.org\r\n"
         "CSeq: 314159 INVITE\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

class RrRecordRoute : public ::testing::Test {
 protected:
  void initModule(bool append_fromtag) {
    test::FakeInitContext init(module_.descriptor(), core_);
    init.setBool("append_fromtag", append_fromtag);
    ASSERT_TRUE(module_.init(init));
  }

  FakeCore core_;
  RrModule module_;
};

TEST_F(RrRecordRoute, AsksTheCoreWithTheFromTag) {
  initModule(true);
  TestMessage m(invite(), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "record_route"), Outcome::True);
  EXPECT_TRUE(m.ctx().recordRouteRequested());
  EXPECT_EQ(m.ctx().recordRouteParams(), ";ftag=1928301774");
  EXPECT_EQ(m.render(), invite());  // the core inserts the header when it sends
}

TEST_F(RrRecordRoute, DefaultParameterAppendsTheFromTag) {
  test::FakeInitContext init(module_.descriptor(), core_);
  ASSERT_TRUE(module_.init(init));
  EXPECT_TRUE(module_.options().append_fromtag);
}

TEST_F(RrRecordRoute, ParamsFollowTheFromTag) {
  initModule(true);
  TestMessage m(invite(), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "record_route", {stringArg(";nat=yes")}),
            Outcome::True);
  EXPECT_EQ(m.ctx().recordRouteParams(), ";ftag=1928301774;nat=yes");
}

TEST_F(RrRecordRoute, WithoutFromTagOption) {
  initModule(false);
  TestMessage plain(invite(), core_);
  EXPECT_EQ(test::invoke(module_, plain.ctx(), "record_route"), Outcome::True);
  EXPECT_TRUE(plain.ctx().recordRouteRequested());
  EXPECT_EQ(plain.ctx().recordRouteParams(), "");
  TestMessage with(invite(), core_);
  // The leading ';' may be left out.
  EXPECT_EQ(test::invoke(module_, with.ctx(), "record_route", {stringArg("nat=yes;x=%41b")}),
            Outcome::True);
  EXPECT_EQ(with.ctx().recordRouteParams(), ";nat=yes;x=%41b");
}

TEST_F(RrRecordRoute, NoFromTagMeansNoFtag) {
  initModule(true);
  TestMessage m(invite(""), core_);
  EXPECT_EQ(recordRoute(m.ctx(), "", module_.options()), Outcome::True);
  EXPECT_EQ(m.ctx().recordRouteParams(), "");
}

TEST_F(RrRecordRoute, FromTagCharactersOutsideUriParamsAreEscaped) {
  initModule(true);
  TestMessage m(invite("a`b%c"), core_);
  ASSERT_TRUE(m.parsed());
  EXPECT_EQ(recordRoute(m.ctx(), "", module_.options()), Outcome::True);
  EXPECT_EQ(m.ctx().recordRouteParams(), ";ftag=a%60b%25c");
}

TEST_F(RrRecordRoute, DoubleAttemptIsFalse) {
  initModule(true);
  TestMessage m(invite(), core_);
  EXPECT_EQ(recordRoute(m.ctx(), ";a=1", module_.options()), Outcome::True);
  EXPECT_EQ(recordRoute(m.ctx(), ";b=2", module_.options()), Outcome::False);
  EXPECT_EQ(m.ctx().recordRouteParams(), ";ftag=1928301774;a=1");
  EXPECT_TRUE(core_.logged("double attempt", LogLevel::Error));
}

TEST_F(RrRecordRoute, InvalidParamsAreRefused) {
  initModule(true);
  for (std::string_view bad : {";nat=yes>", ";a b", ";nat=yes\r\nX-Evil: 1", ";", ";=x",
                               ";a=", ";a=%4", ";a,b", ";a=\"q\""}) {
    TestMessage m(invite(), core_);
    EXPECT_EQ(recordRoute(m.ctx(), bad, module_.options()), Outcome::False) << bad;
    EXPECT_FALSE(m.ctx().recordRouteRequested()) << bad;
  }
  EXPECT_TRUE(core_.logged("not URI parameters", LogLevel::Error));
}

TEST_F(RrRecordRoute, AddRrParamAppendsAfterRecordRoute) {
  initModule(true);
  TestMessage m(invite(), core_);
  ASSERT_EQ(test::invoke(module_, m.ctx(), "record_route", {stringArg(";a=1")}), Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "add_rr_param", {stringArg(";nat=yes")}),
            Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "add_rr_param", {stringArg("lr2")}), Outcome::True);
  EXPECT_EQ(m.ctx().recordRouteParams(), ";ftag=1928301774;a=1;nat=yes;lr2");
}

TEST_F(RrRecordRoute, AddRrParamBeforeRecordRouteIsFalse) {
  initModule(true);
  TestMessage m(invite(), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "add_rr_param", {stringArg(";nat=yes")}),
            Outcome::False);
  EXPECT_FALSE(m.ctx().recordRouteRequested());
  EXPECT_TRUE(core_.logged("record_route() first", LogLevel::Error));
}

TEST_F(RrRecordRoute, AddRrParamRefusesInvalidText) {
  initModule(true);
  TestMessage m(invite(), core_);
  ASSERT_EQ(recordRoute(m.ctx(), "", module_.options()), Outcome::True);
  EXPECT_EQ(addRrParam(m.ctx(), ""), Outcome::False);
  EXPECT_EQ(addRrParam(m.ctx(), ";x=<y>"), Outcome::False);
  EXPECT_EQ(m.ctx().recordRouteParams(), ";ftag=1928301774");
}

TEST_F(RrRecordRoute, AllowedInBranchAndFailureHooks) {
  initModule(true);
  for (Hook hook : {Hook::Request, Hook::Branch, Hook::Failure}) {
    TestMessage m(invite(), core_, hook);
    EXPECT_EQ(test::invoke(module_, m.ctx(), "record_route"), Outcome::True);
    EXPECT_EQ(test::invoke(module_, m.ctx(), "add_rr_param", {stringArg(";x=1")}),
              Outcome::True);
  }
  TestMessage reply_hook(invite(), core_, Hook::Reply);
  EXPECT_EQ(test::invoke(module_, reply_hook.ctx(), "record_route"), std::nullopt);
}

TEST(RrValidUriParams, Grammar) {
  EXPECT_TRUE(validUriParams(""));
  EXPECT_TRUE(validUriParams(";lr"));
  EXPECT_TRUE(validUriParams(";a=b;c;d=[::1]:5060;e=x/y&z+$"));
  EXPECT_TRUE(validUriParams(";a=%20"));
  EXPECT_FALSE(validUriParams("a=b"));
  EXPECT_FALSE(validUriParams(";a=b;"));
  EXPECT_FALSE(validUriParams(";a=b c"));
  EXPECT_FALSE(validUriParams(";a=%zz"));
  EXPECT_FALSE(validUriParams(std::string_view(";a\0b", 4)));
}

TEST(RrDescriptor, IsWellFormed) {
  RrModule module;
  const ModuleDescriptor& d = module.descriptor();
  EXPECT_EQ(d.name, "rr");
  EXPECT_TRUE(test::descriptorProblems(d).empty())
      << ::testing::PrintToString(test::descriptorProblems(d));
  ASSERT_EQ(d.params.size(), 1u);
  EXPECT_EQ(d.params[0].name, "append_fromtag");
  EXPECT_EQ(d.params[0].type, ParamType::Bool);
  EXPECT_TRUE(d.params[0].default_bool);

  const FunctionSpec* lr = test::findFunction(d, "loose_route");
  ASSERT_NE(lr, nullptr);
  EXPECT_EQ(lr->hooks, kInRequest);
  EXPECT_TRUE(lr->args.empty());

  const FunctionSpec* rr = test::findFunction(d, "record_route");
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(rr->hooks, kInRequest | kInBranch | kInFailure);
  ASSERT_EQ(rr->args.size(), 1u);
  EXPECT_EQ(rr->args[0].type, ArgType::String);
  EXPECT_TRUE(rr->args[0].optional);

  const FunctionSpec* check = test::findFunction(d, "check_route_param");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->hooks, kInRequest);
  ASSERT_EQ(check->args.size(), 1u);
  EXPECT_EQ(check->args[0].type, ArgType::String);

  const FunctionSpec* add = test::findFunction(d, "add_rr_param");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->hooks, kInRequest | kInBranch | kInFailure);
  ASSERT_EQ(add->args.size(), 1u);
  EXPECT_FALSE(add->args[0].optional);
}

}  // namespace
}  // namespace pinhole::modules::rr
