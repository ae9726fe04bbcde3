// Best-response selection (RFC 3261 16.7 step 6).
#include "txn/select.h"

#include <gtest/gtest.h>

#include <vector>

namespace pinhole::txn {
namespace {

std::optional<std::size_t> best(std::vector<BranchOutcome> b) { return selectBest(b); }

TEST(SelectBest, WaitsForEveryBranch) {
  EXPECT_FALSE(best({{486, false}, {0, false}}));
  EXPECT_FALSE(best({{486, false}, {180, false}}));
  EXPECT_FALSE(best({}));
}

TEST(SelectBest, LowestClassWinsSixHundredsFirst) {
  EXPECT_EQ(best({{503, false}, {486, false}}), 1u);
  EXPECT_EQ(best({{486, false}, {302, false}}), 1u);
  EXPECT_EQ(best({{486, false}, {603, false}}), 1u);
  EXPECT_EQ(best({{404, false}, {486, false}}), 0u);  // same class: the first
}

TEST(SelectBest, ReceivedBeforeLocalAndChallengesPreferred) {
  EXPECT_EQ(best({{408, true}, {480, false}}), 1u);
  EXPECT_EQ(best({{404, false}, {407, false}}), 1u);
}

TEST(SelectBest, A2xxIsAlwaysChosen) { EXPECT_EQ(best({{486, false}, {200, false}}), 1u); }

}  // namespace
}  // namespace pinhole::txn
