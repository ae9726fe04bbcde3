// textops: subst_hf and its expression compiler and per-thread cache.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_core.h"
#include "textops/subst.h"
#include "textops/textops_module.h"

namespace pinhole::modules::textops {
namespace {

using test::FakeCore;
using test::TestMessage;
using test::flagsArg;
using test::stringArg;

std::string request(std::string_view from_line, std::string_view extra = "") {
  return "MESSAGE sip:bob@example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
         "To: Bob <sip:bob@example.com>\r\n" +
         std::string(from_line) + "\r\n" + std::string(extra) +
         "Call-ID: a84b4c76e66710@pc33.example.org\r\n"
         "CSeq: 1 MESSAGE\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

constexpr std::string_view kFrom = "From: <sip:test@example.org>;tag=1928301774";
constexpr std::string_view kIds = "X-Id: one-1\r\nX-Id: two-2\r\nX-Id: three-3\r\n";

class TextopsSubstHf : public ::testing::Test {
 protected:
  std::optional<Outcome> subst(TestMessage& m, std::string_view name, std::string_view expr,
                               std::string_view flags = "a") {
    return test::invoke(module_, m.ctx(), "subst_hf",
                        {stringArg(name), stringArg(expr), flagsArg(flags)});
  }

  FakeCore core_;
  TextopsModule module_;
};

TEST_F(TextopsSubstHf, ReplacesInTheValue) {
  TestMessage m(request(kFrom), core_);
  EXPECT_EQ(subst(m, "From", "/:test@/:best@/"), Outcome::True);
  EXPECT_EQ(m.render(), request("From: <sip:best@example.org>;tag=1928301774"));
}

TEST_F(TextopsSubstHf, CompactNameMatchesToo) {
  TestMessage m(request("f: <sip:test@example.org>;tag=1"), core_);
  EXPECT_EQ(subst(m, "From", "/test/best/"), Outcome::True);
  EXPECT_EQ(m.render(), request("f: <sip:best@example.org>;tag=1"));
}

TEST_F(TextopsSubstHf, AllFirstOrLastHeader) {
  TestMessage all(request(kFrom, kIds), core_);
  EXPECT_EQ(subst(all, "X-Id", "/-[0-9]/-n/", "a"), Outcome::True);
  EXPECT_EQ(all.render(), request(kFrom, "X-Id: one-n\r\nX-Id: two-n\r\nX-Id: three-n\r\n"));
  TestMessage dflt(request(kFrom, kIds), core_);
  EXPECT_EQ(subst(dflt, "X-Id", "/-[0-9]/-n/", ""), Outcome::True);
  EXPECT_EQ(dflt.render(), all.render());
  TestMessage first(request(kFrom, kIds), core_);
  EXPECT_EQ(subst(first, "X-Id", "/-[0-9]/-n/", "f"), Outcome::True);
  EXPECT_EQ(first.render(), request(kFrom, "X-Id: one-n\r\nX-Id: two-2\r\nX-Id: three-3\r\n"));
  TestMessage last(request(kFrom, kIds), core_);
  EXPECT_EQ(subst(last, "X-Id", "/-[0-9]/-n/", "l"), Outcome::True);
  EXPECT_EQ(last.render(), request(kFrom, "X-Id: one-1\r\nX-Id: two-2\r\nX-Id: three-n\r\n"));
}

TEST_F(TextopsSubstHf, FirstOnlyIsFalseWhenTheFirstDoesNotMatch) {
  TestMessage m(request(kFrom, kIds), core_);
  EXPECT_EQ(subst(m, "X-Id", "/two/2/", "f"), Outcome::False);
  EXPECT_EQ(m.render(), request(kFrom, kIds));
  EXPECT_EQ(subst(m, "X-Id", "/two/2/", "a"), Outcome::True);
}

TEST_F(TextopsSubstHf, GlobalAndIgnoreCaseFlags) {
  TestMessage once(request(kFrom, "X-L: aAaA\r\n"), core_);
  EXPECT_EQ(subst(once, "X-L", "/a/b/"), Outcome::True);
  EXPECT_EQ(once.render(), request(kFrom, "X-L: bAaA\r\n"));
  TestMessage global(request(kFrom, "X-L: aAaA\r\n"), core_);
  EXPECT_EQ(subst(global, "X-L", "/a/b/g"), Outcome::True);
  EXPECT_EQ(global.render(), request(kFrom, "X-L: bAbA\r\n"));
  TestMessage both(request(kFrom, "X-L: aAaA\r\n"), core_);
  EXPECT_EQ(subst(both, "X-L", "/a/b/gi"), Outcome::True);
  EXPECT_EQ(both.render(), request(kFrom, "X-L: bbbb\r\n"));
}

TEST_F(TextopsSubstHf, GroupsInTheReplacement) {
  TestMessage m(request(kFrom), core_);
  EXPECT_EQ(subst(m, "From", "/sip:([a-z]+)@([a-z.]+)/sip:\\2.\\1@gw.\\2/"), Outcome::True);
  EXPECT_EQ(m.render(),
            request("From: <sip:example.org.test@gw.example.org>;tag=1928301774"));
}

TEST_F(TextopsSubstHf, AnchorsAreTheValueBounds) {
  TestMessage m(request(kFrom, "X-P: value\r\n"), core_);
  EXPECT_EQ(subst(m, "X-P", "/^/pre-/"), Outcome::True);
  EXPECT_EQ(subst(m, "X-P", "/$/-post/"), Outcome::True);
  EXPECT_EQ(m.render(), request(kFrom, "X-P: pre-value-post\r\n"));
}

TEST_F(TextopsSubstHf, EmptyMatchesFollowPerlRules) {
  TestMessage m(request(kFrom, "X-T: xxa\r\n"), core_);
  EXPECT_EQ(subst(m, "X-T", "/x*/-/g"), Outcome::True);
  EXPECT_EQ(m.render(), request(kFrom, "X-T: --a-\r\n"));
}

TEST_F(TextopsSubstHf, OtherSeparatorsAndEscapes) {
  TestMessage m(request(kFrom, "X-Path: /a/b\r\n"), core_);
  EXPECT_EQ(subst(m, "X-Path", "#/a/#/c\\#\\t/#"), Outcome::True);
  EXPECT_EQ(m.render(), request(kFrom, "X-Path: /c#\t/b\r\n"));
  TestMessage s(request(kFrom, "X-Path: /a/b\r\n"), core_);
  EXPECT_EQ(subst(s, "X-Path", "/\\/b/\\/z\\\\/"), Outcome::True);
  EXPECT_EQ(s.render(), request(kFrom, "X-Path: /a/z\\\r\n"));
}

TEST_F(TextopsSubstHf, NoMatchOrNoHeaderIsFalse) {
  TestMessage m(request(kFrom), core_);
  EXPECT_EQ(subst(m, "From", "/nothing/x/"), Outcome::False);
  EXPECT_EQ(subst(m, "X-Absent", "/a/b/"), Outcome::False);
  EXPECT_EQ(m.render(), request(kFrom));
}

TEST_F(TextopsSubstHf, LineBreakInTheReplacementIsRefused) {
  TestMessage m(request(kFrom), core_);
  EXPECT_EQ(subst(m, "From", "/tag=.*/tag=1\r\nX-Injected: 1/"), Outcome::False);
  EXPECT_EQ(subst(m, "From", "/tag=.*/tag=1\nX-Injected: 1/"), Outcome::False);
  EXPECT_EQ(m.render(), request(kFrom));
  EXPECT_TRUE(core_.logged("line break", LogLevel::Error));
}

TEST_F(TextopsSubstHf, BadExpressionsAreFalseWithALogLine) {
  TestMessage m(request(kFrom), core_);
  for (std::string_view bad : {"", "ab", "abc/", "/a/b", "/(/x/", "/a/b/z", "/a/\\q/",
                               "/a/\\2/", "/(a)/\\2/", "\\a\\b\\", " a b "}) {
    core_.clear();
    EXPECT_EQ(subst(m, "From", bad), Outcome::False) << bad;
    EXPECT_TRUE(core_.logged("bad expression", LogLevel::Error)) << bad;
  }
  EXPECT_EQ(m.render(), request(kFrom));
}

TEST_F(TextopsSubstHf, ConflictWithAnEarlierEditIsFalse) {
  std::string text = request(kFrom);
  TestMessage m(text, core_);
  ASSERT_TRUE(m.edits().replace(static_cast<uint32_t>(text.find("test@")), 4, "west").ok());
  EXPECT_EQ(subst(m, "From", "/test/best/"), Outcome::False);
  EXPECT_TRUE(core_.logged("subst_hf:", LogLevel::Error));
}

TEST_F(TextopsSubstHf, FlagLettersAreChecked) {
  TestMessage m(request(kFrom), core_);
  EXPECT_EQ(subst(m, "From", "/test/best/", "x"), std::nullopt);
}

TEST(TextopsCompileSubst, SplitsPartsAndFlags) {
  std::string_view error;
  auto expr = compileSubst("/a\\/b/c\\/d\\1/gi", error);
  EXPECT_EQ(expr, nullptr);  // \1 without a group
  expr = compileSubst("/(a)\\/b/c\\/d\\1/gis", error);
  ASSERT_NE(expr, nullptr) << error;
  EXPECT_TRUE(expr->global);
  EXPECT_TRUE(expr->ignore_case);
  ASSERT_EQ(expr->replacement.size(), 2u);
  EXPECT_EQ(expr->replacement[0].group, -1);
  EXPECT_EQ(expr->replacement[0].text, "c/d");
  EXPECT_EQ(expr->replacement[1].group, 1);
  expr = compileSubst("/x//", error);
  ASSERT_NE(expr, nullptr) << error;
  EXPECT_TRUE(expr->replacement.empty());
  EXPECT_FALSE(expr->global);
}

TEST(TextopsSubstCache, CompilesEachTextOnce) {
  SubstCache cache;
  std::unique_ptr<SubstExpr> overflow;
  std::string_view error;
  const SubstExpr* a = cache.get("/a/b/", overflow, error);
  const SubstExpr* b = cache.get("/a/b/", overflow, error);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a, b);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.get("/(/b/", overflow, error), nullptr);
  EXPECT_FALSE(error.empty());
  error = {};
  EXPECT_EQ(cache.get("/(/b/", overflow, error), nullptr);  // the failure is cached too
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(overflow, nullptr);
}

TEST(TextopsSubstCache, BeyondItsSizeCompilesPerCall) {
  SubstCache cache;
  std::unique_ptr<SubstExpr> overflow;
  std::string_view error;
  for (std::size_t i = 0; i < SubstCache::kMaxCached; ++i) {
    std::string text = "/a" + std::to_string(i) + "/b/";
    ASSERT_NE(cache.get(text, overflow, error), nullptr);
    EXPECT_EQ(overflow, nullptr);
  }
  EXPECT_EQ(cache.size(), SubstCache::kMaxCached);
  const SubstExpr* extra = cache.get("/extra/b/", overflow, error);
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra, overflow.get());
  EXPECT_EQ(cache.size(), SubstCache::kMaxCached);
}

TEST(TextopsSubstHfThreads, WorkersSubstituteConcurrently) {
  // Each worker has its own cache; the compiled expressions are never shared or locked.
  std::atomic<int> good{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&good, t] {
      FakeCore core;
      for (int i = 0; i < 50; ++i) {
        TestMessage m(request(kFrom), core);
        std::string expr = "/test/w" + std::to_string(t) + "/";
        if (substHf(m.ctx(), "From", expr, "a") == Outcome::True &&
            m.render() == request("From: <sip:w" + std::to_string(t) +
                                  "@example.org>;tag=1928301774"))
          ++good;
      }
    });
  }
  for (std::thread& w : workers) w.join();
  EXPECT_EQ(good.load(), 200);
}

}  // namespace
}  // namespace pinhole::modules::textops
