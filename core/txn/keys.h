// How messages find their transactions.
// - Server side (RFC 3261 17.2.3): a request with the magic cookie matches by its top Via branch,
//   sent-by and method (an ACK matches the INVITE); without the cookie (RFC 2543 peers) by
//   Request-URI, From tag, Call-ID, CSeq number, top Via and method.
// - Client side (17.1.3): our branches carry the owning worker, the transaction id and the
//   branch index, so a response finds its transaction, on whichever worker it arrives, without a
//   shared table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pinhole/sip/message.h"

namespace pinhole::txn {

// The server transaction key of `request` into `out` (reused buffer). `as_method` overrides the
// method (a CANCEL looks for the INVITE it cancels). False if the request lacks what a key needs.
bool serverKey(sip::Message& request, std::string& out, std::string_view as_method = {});

// Our branch ids: "z9hG4bKt" + worker (2 hex) + transaction (12 hex) + branch (2 hex); the
// proxy appends "." and its loop key.
struct BranchId {
  unsigned worker = 0;
  uint64_t transaction = 0;  // 48 bits
  unsigned branch = 0;       // 0..255
};
inline constexpr std::size_t kBranchIdLength = 8 + 2 + 12 + 2;
inline constexpr uint64_t kMaxTransactionId = (uint64_t{1} << 48) - 1;

// Writes the id into out[kBranchIdLength].
void formatBranchId(const BranchId& id, char* out) noexcept;
// Reads a Via branch written by formatBranchId (with or without the loop key after it).
std::optional<BranchId> parseBranchId(std::string_view branch) noexcept;

}  // namespace pinhole::txn
