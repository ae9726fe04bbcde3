// tm: its functions reach the core's transaction layer with the right arguments, arm routes and
// timers on the message, refuse inconsistent settings, and fail cleanly without a layer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/fake_core.h"
#include "tm/tm.h"
#include "tm/tm_module.h"

namespace pinhole::modules::tm {
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
Content-Length: 0

)");

// Records what tm asked of the layer.
class RecordingLayer final : public TransactionApi {
 public:
  void configure(const TransactionSettings& s) override { settings = s, configured = true; }
  Outcome relay(MsgContext& ctx) noexcept override {
    calls.push_back("relay");
    arms_seen = ctx.arms();
    return answer;
  }
  Outcome reply(MsgContext&, int code, std::string_view reason) noexcept override {
    calls.push_back("reply " + std::to_string(code) + " " + std::string(reason));
    return answer;
  }
  Outcome check(MsgContext&) noexcept override {
    calls.push_back("check");
    return answer;
  }
  Outcome create(MsgContext&) noexcept override {
    calls.push_back("create");
    return answer;
  }
  bool canceled(const MsgContext&) const noexcept override { return cancelled; }

  TransactionSettings settings;
  bool configured = false;
  bool cancelled = false;
  Outcome answer = Outcome::True;
  TransactionArms arms_seen;
  std::vector<std::string> calls;
};

Arg routeArg(uint32_t index) {
  Arg a;
  a.type = ArgType::Route;
  a.present = true;
  a.integer = index;
  a.text = "R";
  return a;
}

class TmTest : public ::testing::Test {
 protected:
  TmTest() { core.setTransactions(&layer); }
  FakeCore core;
  RecordingLayer layer;
  TmModule module;
};

TEST_F(TmTest, DescriptorIsWellFormed) {
  EXPECT_TRUE(test::descriptorProblems(module.descriptor()).empty());
}

TEST_F(TmTest, InitConfiguresTheLayerWithTheParameters) {
  test::FakeInitContext init(module.descriptor(), core);
  init.setInt("fr_timer", 2000);
  init.setInt("fr_inv_timer", 9000);
  init.setInt("t1", 100);
  init.setInt("max_branches", 3);
  ASSERT_TRUE(module.init(init)) << (init.failures().empty() ? "" : init.failures()[0]);
  ASSERT_TRUE(layer.configured);
  EXPECT_EQ(layer.settings.fr_ms, 2000u);
  EXPECT_EQ(layer.settings.fr_inv_ms, 9000u);
  EXPECT_EQ(layer.settings.t1_ms, 100u);
  EXPECT_EQ(layer.settings.t2_ms, 4000u);
  EXPECT_EQ(layer.settings.wait_ms, 5000u);
  EXPECT_EQ(layer.settings.max_branches, 3u);
}

TEST_F(TmTest, InconsistentTimersAreRefused) {
  test::FakeInitContext init(module.descriptor(), core);
  init.setInt("t1", 5000);
  init.setInt("t2", 1000);
  EXPECT_FALSE(module.init(init));
  ASSERT_EQ(init.failures().size(), 1u);
  EXPECT_EQ(init.failures()[0], "t2 must not be smaller than t1");
  test::FakeInitContext init2(module.descriptor(), core);
  init2.setInt("fr_inv_timer", 1000);
  init2.setInt("fr_timer", 2000);
  EXPECT_FALSE(module.init(init2));
  EXPECT_FALSE(layer.configured);
}

TEST_F(TmTest, WithoutALayerInitFailsAndFunctionsAreFalse) {
  FakeCore bare;
  test::FakeInitContext init(module.descriptor(), bare);
  EXPECT_FALSE(module.init(init));
  EXPECT_EQ(init.failures().at(0), "this core has no transaction layer");
  TestMessage m(kInvite, bare);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_relay"), Outcome::False);
  EXPECT_TRUE(bare.logged("no transaction layer", LogLevel::Error));
}

TEST_F(TmTest, FunctionsReachTheLayer) {
  TestMessage m(kInvite, core);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_relay"), Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_reply", {intArg(486), stringArg("Busy Here")}),
            Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_check_trans"), Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_newtran"), Outcome::True);
  EXPECT_EQ(layer.calls,
            (std::vector<std::string>{"relay", "reply 486 Busy Here", "check", "create"}));
  layer.answer = Outcome::Exit;  // a retransmission: the hook stops
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_check_trans"), Outcome::Exit);
}

TEST_F(TmTest, RoutesAndTimersAreArmedOnTheMessageBeforeRelaying) {
  TestMessage m(kInvite, core);
  EXPECT_EQ(test::invoke(module, m.ctx(), "on_reply", {routeArg(1)}), Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_on_branch", {routeArg(2)}), Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "on_failure", {routeArg(3)}), Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_set_fr", {intArg(60000), intArg(2000)}),
            Outcome::True);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_relay"), Outcome::True);
  EXPECT_EQ(layer.arms_seen.on_reply, 1u);
  EXPECT_EQ(layer.arms_seen.on_branch, 2u);
  EXPECT_EQ(layer.arms_seen.on_failure, 3u);
  EXPECT_EQ(layer.arms_seen.fr_inv_ms, 60000u);
  EXPECT_EQ(layer.arms_seen.fr_ms, 2000u);
  // 0 keeps what was set (the module's default when nothing was).
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_set_fr", {intArg(0)}), Outcome::True);
  EXPECT_EQ(m.ctx().arms().fr_inv_ms, 60000u);
}

TEST_F(TmTest, IsCanceledAsksTheLayer) {
  TestMessage m(kInvite, core, Hook::Failure);
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_is_canceled"), Outcome::False);
  layer.cancelled = true;
  EXPECT_EQ(test::invoke(module, m.ctx(), "t_is_canceled"), Outcome::True);
}

TEST_F(TmTest, HookMasksMatchKamailio) {
  // t_relay in request and failure; on_failure not in a reply hook; t_is_canceled not in request.
  EXPECT_EQ(test::findFunction(module.descriptor(), "t_relay")->hooks, kInRequest | kInFailure);
  EXPECT_FALSE(test::findFunction(module.descriptor(), "on_failure")->hooks & kInReply);
  EXPECT_FALSE(test::findFunction(module.descriptor(), "t_is_canceled")->hooks & kInRequest);
}

}  // namespace
}  // namespace pinhole::modules::tm
