// The state of one proxied request: its server transaction (towards the caller) and one client
// transaction per branch (RFC 3261 17 + 16). Owned by the worker that created it; only that
// worker's thread touches it (responses arriving elsewhere are passed to it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/endpoint.h"
#include "pinhole/context.h"
#include "txn/origin.h"
#include "txn/timer_wheel.h"

namespace pinhole::txn {

struct Transaction;
struct Branch;

// A timer of a transaction or branch; the wheel hands it back when it fires.
struct TxnTimer : TimerNode {
  enum class Kind : uint8_t { BranchRetransmit, BranchTimeout, ReplyRetransmit, Lifetime };
  Kind kind = Kind::Lifetime;
  Transaction* txn = nullptr;
  Branch* branch = nullptr;
};

// One client transaction: the request sent to one target.
struct Branch {
  unsigned index = 0;
  std::string request;        // as sent: resent over UDP, CANCEL and ACK are built from it
  std::string cancel;         // the CANCEL once sent (resent over UDP until answered)
  std::string final_reply;    // a negative final reply, as it would be relayed
  const net::LocalSocket* out = nullptr;
  net::Endpoint to;
  TxnTimer retransmit;        // A / E, then the CANCEL's
  TxnTimer timeout;           // fr_timer / fr_inv_timer (B / F)
  uint32_t interval_ms = 0;
  int provisional = 0;        // highest 1xx received
  int final = 0;              // final status (received or local)
  bool local = false;         // the final status was made here (timeout, send error, ...)
  bool cancel_pending = false;  // cancel once a provisional arrives (RFC 3261 9.1)
  bool cancel_answered = false;
  bool reliable() const noexcept;
};

struct Transaction {
  uint64_t id = 0;
  unsigned worker = 0;
  std::string key;            // server matching key (keys.h)
  bool invite = false;
  std::string request;        // as received, with the request hook's edits applied
  std::string ruri;           // $ru when relayed (the failure hook starts from it)
  Origin origin;
  net::Endpoint reply_to;     // where responses go (RFC 3261 18.2.2 / RFC 3581)
  std::string source_ip;      // origin as text for hooks run later ($si)
  std::string local_ip;
  bool ipv6 = false;
  bool force_rport = false;
  bool record_route = false;
  std::string rr_params;
  uint64_t flags = 0;
  TransactionArms arms;
  std::vector<std::unique_ptr<Branch>> branches;
  std::string last_reply;     // the last response sent upstream (resent to retransmissions)
  int last_code = 0;
  TxnTimer reply_retransmit;  // G: a negative final to an INVITE over UDP, until the ACK
  TxnTimer lifetime;          // wait timer / H: then the transaction is forgotten
  uint32_t reply_interval_ms = 0;
  bool final_sent = false;
  bool canceled = false;
  bool acked = false;
  bool in_failure = false;
  bool reliable() const noexcept;
};

}  // namespace pinhole::txn
