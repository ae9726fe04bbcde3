#include "txn/select.h"

namespace pinhole::txn {
namespace {

// Lower is better. 6xx first (16.7: it ends the search), then 3xx, 4xx, 5xx; a few 4xx that
// say "try again with credentials/other parameters" are preferred inside their class as RFC
// 3261 16.7 asks for 401/407 (their challenges are what the caller needs).
int rank(const BranchOutcome& b) noexcept {
  int cls = b.code / 100;
  int r = cls == 6 ? 0 : cls * 1000;
  if (b.code == 401 || b.code == 407) r -= 500;
  if (b.local) r += 100;
  return r;
}

}  // namespace

std::optional<std::size_t> selectBest(std::span<const BranchOutcome> branches) noexcept {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const BranchOutcome& b = branches[i];
    if (b.code < 200) return std::nullopt;
    if (b.code < 300) return i;  // a 2xx is always what goes upstream
    if (!best || rank(b) < rank(branches[*best])) best = i;
  }
  return best;
}

}  // namespace pinhole::txn
