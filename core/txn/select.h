// Choosing the response a proxy sends upstream when every branch has a final one
// (RFC 3261 16.7 step 6): a 6xx wins, else the lowest class (4xx before 5xx), within a class a
// received reply before a locally made one, and the first one in branch order. 503 is turned
// into 500 by the caller (the upstream must not think the proxy itself is unavailable).
#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace pinhole::txn {

struct BranchOutcome {
  int code = 0;          // the branch's final status (0 = none yet)
  bool local = false;    // made by the proxy (408 timeout, 503 send error, 487 cancelled)
};

// The index of the branch whose reply goes upstream; nullopt if a branch is still pending or
// there are none.
std::optional<std::size_t> selectBest(std::span<const BranchOutcome> branches) noexcept;

}  // namespace pinhole::txn
