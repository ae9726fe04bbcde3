// sl: send_reply / sl_send_reply through FakeCore, and the descriptor.
#include <gtest/gtest.h>

#include <string>

#include "sl/sl_module.h"
#include "sl/stateless_reply.h"
#include "support/fake_core.h"

namespace pinhole::modules::sl {
namespace {

using test::FakeCore;
using test::TestMessage;
using test::intArg;
using test::stringArg;

const std::string kInvite = test::crlf(R"(INVITE sip:bob@example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds
Max-Forwards: 70
To: Bob <sip:bob@example.com>
From: Alice <sip:alice@example.org>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 INVITE
Contact: <sip:alice@192.0.2.10>
Content-Length: 0

)");

const std::string kAck = test::crlf(R"(ACK sip:bob@example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds
Max-Forwards: 70
To: Bob <sip:bob@example.com>;tag=a6c85cf
From: Alice <sip:alice@example.org>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 ACK
Content-Length: 0

)");

const std::string kReply = test::crlf(R"(SIP/2.0 180 Ringing
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds
To: Bob <sip:bob@example.com>;tag=a6c85cf
From: Alice <sip:alice@example.org>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 INVITE
Content-Length: 0

)");

class SlSendReply : public ::testing::Test {
 protected:
  FakeCore core_;
  SlModule module_;
};

TEST_F(SlSendReply, FinalReplyGoesThroughCoreAndMarksReplied) {
  TestMessage m(kInvite, core_);
  ASSERT_TRUE(m.parsed());
  EXPECT_EQ(test::invoke(module_, m.ctx(), "send_reply", {intArg(486), stringArg("Busy Here")}),
            Outcome::True);
  ASSERT_EQ(core_.replies().size(), 1u);
  EXPECT_EQ(core_.replies()[0].code, 486);
  EXPECT_EQ(core_.replies()[0].reason, "Busy Here");
  EXPECT_TRUE(m.ctx().replied());
  EXPECT_EQ(m.render(), kInvite);  // the request itself is not changed
}

TEST_F(SlSendReply, KamailioSpellingDoesTheSame) {
  TestMessage m(kInvite, core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "sl_send_reply",
                         {intArg(483), stringArg("Too Many Hops")}),
            Outcome::True);
  ASSERT_EQ(core_.replies().size(), 1u);
  EXPECT_EQ(core_.replies()[0].code, 483);
  EXPECT_EQ(core_.replies()[0].reason, "Too Many Hops");
}

TEST_F(SlSendReply, ProvisionalReplyDoesNotMarkReplied) {
  TestMessage m(kInvite, core_);
  EXPECT_EQ(sendReply(m.ctx(), 100, "Trying"), Outcome::True);
  EXPECT_EQ(core_.replies().size(), 1u);
  EXPECT_FALSE(m.ctx().replied());
}

TEST_F(SlSendReply, EmptyReasonIsAllowed) {
  TestMessage m(kInvite, core_);
  EXPECT_EQ(sendReply(m.ctx(), 404, ""), Outcome::True);
  ASSERT_EQ(core_.replies().size(), 1u);
  EXPECT_EQ(core_.replies()[0].reason, "");
}

TEST_F(SlSendReply, AckIsNeverAnswered) {
  TestMessage m(kAck, core_);
  ASSERT_TRUE(m.parsed());
  EXPECT_EQ(sendReply(m.ctx(), 200, "OK"), Outcome::False);
  EXPECT_TRUE(core_.replies().empty());
  EXPECT_FALSE(m.ctx().replied());
}

TEST_F(SlSendReply, ReplyMessageIsRefused) {
  TestMessage m(kReply, core_, Hook::Reply);
  ASSERT_TRUE(m.parsed());
  EXPECT_EQ(sendReply(m.ctx(), 500, "Oops"), Outcome::False);
  EXPECT_TRUE(core_.replies().empty());
  EXPECT_TRUE(core_.logged("not a request", LogLevel::Error));
}

TEST_F(SlSendReply, LineBreakInReasonIsRefused) {
  TestMessage m(kInvite, core_);
  EXPECT_EQ(sendReply(m.ctx(), 403, "Forbidden\r\nX-Injected: yes"), Outcome::False);
  EXPECT_EQ(sendReply(m.ctx(), 403, "Forbidden\nX: y"), Outcome::False);
  EXPECT_TRUE(core_.replies().empty());
  EXPECT_TRUE(core_.logged("line break", LogLevel::Error));
}

TEST_F(SlSendReply, CodeOutsideRangeIsRefused) {
  TestMessage m(kInvite, core_);
  // The configuration compiler refuses literal codes outside the declared range ...
  EXPECT_EQ(test::invoke(module_, m.ctx(), "send_reply", {intArg(99), stringArg("x")}),
            std::nullopt);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "send_reply", {intArg(700), stringArg("x")}),
            std::nullopt);
  // ... and the function refuses values that got there anyway.
  EXPECT_EQ(sendReply(m.ctx(), 700, "x"), Outcome::False);
  EXPECT_EQ(sendReply(m.ctx(), 0, "x"), Outcome::False);
  EXPECT_TRUE(core_.replies().empty());
}

TEST_F(SlSendReply, SendFailureIsFalseAndLogged) {
  core_.failSends(true);
  TestMessage m(kInvite, core_);
  EXPECT_EQ(sendReply(m.ctx(), 503, "Service Unavailable"), Outcome::False);
  EXPECT_EQ(core_.replies().size(), 1u);  // attempted
  EXPECT_FALSE(m.ctx().replied());
  EXPECT_TRUE(core_.logged("sending 503 failed", LogLevel::Error));
}

TEST_F(SlSendReply, AllowedInFailureHookOnlyUnderNewName) {
  TestMessage m(kInvite, core_, Hook::Failure);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "send_reply", {intArg(480), stringArg("Later")}),
            Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "sl_send_reply", {intArg(480), stringArg("Later")}),
            std::nullopt);
  TestMessage b(kInvite, core_, Hook::Branch);
  EXPECT_EQ(test::invoke(module_, b.ctx(), "send_reply", {intArg(480), stringArg("Later")}),
            std::nullopt);
}

TEST(SlDescriptor, IsWellFormed) {
  SlModule module;
  const ModuleDescriptor& d = module.descriptor();
  EXPECT_EQ(d.name, "sl");
  EXPECT_TRUE(test::descriptorProblems(d).empty())
      << ::testing::PrintToString(test::descriptorProblems(d));
  EXPECT_TRUE(d.params.empty());
  ASSERT_EQ(d.functions.size(), 2u);

  const FunctionSpec* f = test::findFunction(d, "send_reply");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->hooks, kInRequest | kInFailure);
  ASSERT_EQ(f->args.size(), 2u);
  EXPECT_EQ(f->args[0].type, ArgType::Int);
  EXPECT_EQ(f->args[0].min, 100);
  EXPECT_EQ(f->args[0].max, 699);
  EXPECT_FALSE(f->args[0].optional);
  EXPECT_EQ(f->args[1].type, ArgType::String);
  EXPECT_FALSE(f->args[1].optional);

  const FunctionSpec* old = test::findFunction(d, "sl_send_reply");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->hooks, kInRequest);
}

}  // namespace
}  // namespace pinhole::modules::sl
