// maxfwd: process_maxfwd and is_maxfwd_lt over literal requests, checked on the rendered output.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "maxfwd/max_forwards.h"
#include "maxfwd/maxfwd_module.h"
#include "support/fake_core.h"

namespace pinhole::modules::maxfwd {
namespace {

using test::FakeCore;
using test::TestMessage;
using test::intArg;

// An OPTIONS request whose Max-Forwards line is `mf_line` (no line at all when empty).
std::string request(std::string_view mf_line) {
  std::string text = "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
                     "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKhjhs8ass877\r\n";
  if (!mf_line.empty()) text += std::string(mf_line) + "\r\n";
  text += "To: <sip:carol@chicago.example.com>\r\n"
          "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
          "Call-ID: a84b4c76e66710\r\n"
          "CSeq: 63104 OPTIONS\r\n"
          "Content-Length: 0\r\n"
          "\r\n";
  return text;
}

class MaxfwdProcess : public ::testing::Test {
 protected:
  // A module initialised with max_limit (0 = the default, off).
  void initModule(int64_t max_limit) {
    test::FakeInitContext init(module_.descriptor(), core_);
    if (max_limit) init.setInt("max_limit", max_limit);
    ASSERT_TRUE(module_.init(init));
  }

  FakeCore core_;
  MaxfwdModule module_;
};

TEST_F(MaxfwdProcess, AddsTheHeaderWhenAbsent) {
  initModule(0);
  TestMessage m(request(""), core_);
  ASSERT_TRUE(m.parsed());
  EXPECT_EQ(test::invoke(module_, m.ctx(), "process_maxfwd", {intArg(10)}), Outcome::True);
  // Added above the first header, as Kamailio does.
  EXPECT_EQ(m.render(),
            "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
            "Max-Forwards: 10\r\n"
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKhjhs8ass877\r\n"
            "To: <sip:carol@chicago.example.com>\r\n"
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            "Call-ID: a84b4c76e66710\r\n"
            "CSeq: 63104 OPTIONS\r\n"
            "Content-Length: 0\r\n"
            "\r\n");
  EXPECT_EQ(outgoingMaxForwards(m.ctx()), 10u);
}

TEST_F(MaxfwdProcess, ZeroIsFalseAndLeavesTheMessageAlone) {
  initModule(0);
  TestMessage m(request("Max-Forwards: 0"), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "process_maxfwd", {intArg(70)}), Outcome::False);
  EXPECT_EQ(m.render(), request("Max-Forwards: 0"));
  EXPECT_TRUE(core_.logs().empty());  // an expected condition, not an error
}

TEST_F(MaxfwdProcess, DecrementsByOne) {
  initModule(0);
  TestMessage m(request("Max-Forwards: 70"), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "process_maxfwd", {intArg(10)}), Outcome::True);
  EXPECT_EQ(m.render(), request("Max-Forwards: 69"));
}

TEST_F(MaxfwdProcess, DecrementEditsOnlyTheValueText) {
  initModule(0);
  // Compact spacing, leading zeros, trailing white space: only the digits change.
  TestMessage m(request("max-forwards:007  "), core_);
  EXPECT_EQ(processMaxfwd(m.ctx(), 10, 0), Outcome::True);
  EXPECT_EQ(m.render(), request("max-forwards:6  "));
  TestMessage one(request("Max-Forwards: 1"), core_);
  EXPECT_EQ(processMaxfwd(one.ctx(), 10, 0), Outcome::True);
  EXPECT_EQ(one.render(), request("Max-Forwards: 0"));
}

TEST_F(MaxfwdProcess, MaxLimitCapsTheValueSentOn) {
  initModule(16);
  EXPECT_EQ(module_.maxLimit(), 16u);
  struct Case {
    std::string_view received, sent;
  } cases[] = {
      {"Max-Forwards: 70", "Max-Forwards: 16"},
      {"Max-Forwards: 17", "Max-Forwards: 16"},
      {"Max-Forwards: 16", "Max-Forwards: 15"},
      {"Max-Forwards: 10", "Max-Forwards: 9"},
  };
  for (const Case& c : cases) {
    TestMessage m(request(c.received), core_);
    EXPECT_EQ(test::invoke(module_, m.ctx(), "process_maxfwd", {intArg(70)}), Outcome::True);
    EXPECT_EQ(m.render(), request(c.sent)) << c.received;
  }
  // The limit does not apply to a header added by us: that value is the configuration's.
  TestMessage absent(request(""), core_);
  EXPECT_EQ(test::invoke(module_, absent.ctx(), "process_maxfwd", {intArg(70)}), Outcome::True);
  EXPECT_EQ(test::headerValues(absent.render(), "Max-Forwards"),
            std::vector<std::string>{"70"});
}

TEST_F(MaxfwdProcess, MalformedValueIsFalseWithALogLine) {
  initModule(0);
  for (std::string_view line : {"Max-Forwards: abc", "Max-Forwards: 256", "Max-Forwards: -1",
                                "Max-Forwards: 1 2"}) {
    core_.clear();
    TestMessage m(request(line), core_);
    ASSERT_TRUE(m.parsed()) << line;
    EXPECT_EQ(test::invoke(module_, m.ctx(), "process_maxfwd", {intArg(70)}), Outcome::False)
        << line;
    EXPECT_EQ(m.render(), request(line));
    EXPECT_TRUE(core_.logged("malformed Max-Forwards", LogLevel::Warn)) << line;
  }
}

TEST_F(MaxfwdProcess, SecondCallCountsTheHopOnce) {
  initModule(0);
  TestMessage m(request("Max-Forwards: 5"), core_);
  EXPECT_EQ(processMaxfwd(m.ctx(), 70, 0), Outcome::True);
  EXPECT_EQ(processMaxfwd(m.ctx(), 70, 0), Outcome::True);
  EXPECT_EQ(m.render(), request("Max-Forwards: 4"));
  TestMessage absent(request(""), core_);
  EXPECT_EQ(processMaxfwd(absent.ctx(), 70, 0), Outcome::True);
  EXPECT_EQ(processMaxfwd(absent.ctx(), 70, 0), Outcome::True);
  EXPECT_EQ(test::headerValues(absent.render(), "Max-Forwards").size(), 1u);
}

TEST_F(MaxfwdProcess, KamailioAliasesAndRequestHookOnly) {
  initModule(0);
  for (std::string_view name : {"mf_process_maxfwd_header", "maxfwd_process"}) {
    TestMessage m(request("Max-Forwards: 3"), core_);
    EXPECT_EQ(test::invoke(module_, m.ctx(), name, {intArg(10)}), Outcome::True) << name;
    EXPECT_EQ(m.render(), request("Max-Forwards: 2")) << name;
  }
  TestMessage b(request("Max-Forwards: 3"), core_, Hook::Branch);
  EXPECT_EQ(test::invoke(module_, b.ctx(), "process_maxfwd", {intArg(10)}), std::nullopt);
  TestMessage m(request("Max-Forwards: 3"), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "process_maxfwd", {intArg(0)}), std::nullopt);
}

class MaxfwdIsLt : public MaxfwdProcess {};

TEST_F(MaxfwdIsLt, ComparesTheReceivedValue) {
  initModule(0);
  TestMessage m(request("Max-Forwards: 5"), core_);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_maxfwd_lt", {intArg(6)}), Outcome::True);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_maxfwd_lt", {intArg(5)}), Outcome::False);
  EXPECT_EQ(test::invoke(module_, m.ctx(), "is_maxfwd_lt", {intArg(0)}), Outcome::False);
}

TEST_F(MaxfwdIsLt, SeesTheDecrementedValue) {
  initModule(0);
  TestMessage m(request("Max-Forwards: 5"), core_);
  ASSERT_EQ(processMaxfwd(m.ctx(), 70, 0), Outcome::True);
  EXPECT_EQ(isMaxfwdLt(m.ctx(), 5), Outcome::True);  // 4 < 5
  EXPECT_EQ(isMaxfwdLt(m.ctx(), 4), Outcome::False);
  // A branch layer sees what the request hook recorded.
  MsgContext& branch = m.branch();
  EXPECT_EQ(test::invoke(module_, branch, "is_maxfwd_lt", {intArg(5)}), Outcome::True);
}

TEST_F(MaxfwdIsLt, AbsentIsFalseUnlessAddedHere) {
  initModule(0);
  TestMessage m(request(""), core_);
  EXPECT_EQ(isMaxfwdLt(m.ctx(), 255), Outcome::False);
  ASSERT_EQ(processMaxfwd(m.ctx(), 10, 0), Outcome::True);
  EXPECT_EQ(isMaxfwdLt(m.ctx(), 11), Outcome::True);
  EXPECT_EQ(isMaxfwdLt(m.ctx(), 10), Outcome::False);
}

TEST_F(MaxfwdIsLt, MalformedIsFalseWithALogLine) {
  initModule(0);
  TestMessage m(request("Max-Forwards: many"), core_);
  EXPECT_EQ(isMaxfwdLt(m.ctx(), 70), Outcome::False);
  EXPECT_TRUE(core_.logged("malformed Max-Forwards", LogLevel::Warn));
}

TEST(MaxfwdDescriptor, IsWellFormed) {
  MaxfwdModule module;
  const ModuleDescriptor& d = module.descriptor();
  EXPECT_EQ(d.name, "maxfwd");
  EXPECT_TRUE(test::descriptorProblems(d).empty())
      << ::testing::PrintToString(test::descriptorProblems(d));

  ASSERT_EQ(d.params.size(), 1u);
  EXPECT_EQ(d.params[0].name, "max_limit");
  EXPECT_EQ(d.params[0].type, ParamType::Int);
  EXPECT_EQ(d.params[0].default_int, 0);
  EXPECT_EQ(d.params[0].max, 255);

  for (std::string_view name : {"process_maxfwd", "mf_process_maxfwd_header", "maxfwd_process"}) {
    const FunctionSpec* f = test::findFunction(d, name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->hooks, kInRequest) << name;
    ASSERT_EQ(f->args.size(), 1u);
    EXPECT_EQ(f->args[0].type, ArgType::Int);
    EXPECT_EQ(f->args[0].min, 1);
    EXPECT_EQ(f->args[0].max, 255);
  }
  const FunctionSpec* lt = test::findFunction(d, "is_maxfwd_lt");
  ASSERT_NE(lt, nullptr);
  EXPECT_EQ(lt->hooks, kInRequest | kInBranch | kInFailure);
  ASSERT_EQ(lt->args.size(), 1u);
  EXPECT_EQ(lt->args[0].type, ArgType::Int);
}

}  // namespace
}  // namespace pinhole::modules::maxfwd
