// MsgContext: everything a hook and the functions it calls know about one message: the parsed
// message, the edits recorded for what will be sent, where it came from, the routing state
// ($ru, $du, flags) and the core's services. It lives on the worker's stack for one message;
// views into it are valid only while the hook runs.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/core_api.h"
#include "pinhole/hooks.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"

namespace pinhole {

enum class Transport : uint8_t { Udp, Tcp, Tls, Sctp, Ws, Wss };

constexpr std::string_view transportName(Transport t) {
  switch (t) {
    case Transport::Udp: return "udp";
    case Transport::Tcp: return "tcp";
    case Transport::Tls: return "tls";
    case Transport::Sctp: return "sctp";
    case Transport::Ws: return "ws";
    case Transport::Wss: return "wss";
  }
  return "?";
}

// The far end of the message as received ($si, $sp, $pr).
struct PeerInfo {
  std::string_view ip;  // textual, no brackets ("192.0.2.1", "2001:db8::1")
  uint16_t port = 0;
  Transport transport = Transport::Udp;
  bool ipv6 = false;
};

// One more target of a request (Kamailio's destination set): added by append_branch() or a
// location lookup; the transaction layer relays to $ru/$du and to each of these (forking).
struct BranchTarget {
  std::string_view uri;  // the branch's Request-URI
  std::string_view dst;  // its $du ("" = the Request-URI's host)
  uint64_t flags = 0;    // its branch flags
};

// What tm's functions arm for the transaction this request creates (or has, in a failure
// hook): named routes (kNoRoute = none) and per-transaction timers (0 = the module's default).
struct TransactionArms {
  static constexpr uint32_t kNoRoute = UINT32_MAX;
  uint32_t on_reply = kNoRoute;
  uint32_t on_branch = kNoRoute;
  uint32_t on_failure = kNoRoute;
  uint32_t fr_inv_ms = 0;
  uint32_t fr_ms = 0;
};

// The local socket the message came in on ($Ri, $Rp); replies and NATed requests leave from it.
struct LocalInfo {
  uint16_t socket_id = 0;
  std::string_view ip;               // bound address, no brackets
  uint16_t port = 0;
  Transport transport = Transport::Udp;
  std::string_view advertised_host;  // what goes into Via / Record-Route (advertise or bound)
  uint16_t advertised_port = 0;
};

class MsgContext {
 public:
  MsgContext(sip::Message& msg, sip::EditList& edits, Hook hook, const PeerInfo& source,
             const LocalInfo& local, CoreApi& core) noexcept
      : msg_(msg), edits_(edits), hook_(hook), source_(source), local_(local), core_(core) {}
  MsgContext(const MsgContext&) = delete;
  MsgContext& operator=(const MsgContext&) = delete;

  sip::Message& msg() noexcept { return msg_; }
  // The changes to what will be sent; in a branch hook, that branch's own layer.
  sip::EditList& edits() noexcept { return edits_; }
  Arena& arena() noexcept { return msg_.arena(); }
  Hook hook() const noexcept { return hook_; }
  const PeerInfo& source() const noexcept { return source_; }
  const LocalInfo& local() const noexcept { return local_; }
  CoreApi& core() noexcept { return core_; }

  // $ru: the Request-URI the request will be sent with (the received one until rewritten).
  std::string_view requestUri() const noexcept {
    return ruri_rewritten_ ? new_ruri_ : msg_.requestUriText();
  }
  bool requestUriRewritten() const noexcept { return ruri_rewritten_; }
  // Copies `uri` into the arena; the core turns it into an edit when the request is sent.
  void setRequestUri(std::string_view uri) {
    new_ruri_ = arena().copy(uri);
    ruri_rewritten_ = true;
  }

  // $du: where the request goes instead of the Request-URI's host (outbound proxy, NAT address).
  std::string_view destinationUri() const noexcept { return dst_uri_; }
  void setDestinationUri(std::string_view uri) { dst_uri_ = uri.empty() ? uri : arena().copy(uri); }

  // Message flags, named in the configuration and compiled to bit numbers.
  bool flag(unsigned bit) const noexcept { return bit < 64 && (flags_ >> bit) & 1u; }
  void setFlag(unsigned bit) noexcept { if (bit < 64) flags_ |= uint64_t{1} << bit; }
  void resetFlag(unsigned bit) noexcept { if (bit < 64) flags_ &= ~(uint64_t{1} << bit); }
  // All 64 at once (the transaction layer keeps them with the transaction).
  uint64_t flags() const noexcept { return flags_; }
  void setFlags(uint64_t flags) noexcept { flags_ = flags; }

  // Branch flags of the branch being built ($ru's), named in [flags] branch = [...]. In a
  // branch hook they are that branch's; appended branches keep their own.
  bool branchFlag(unsigned bit) const noexcept { return bit < 64 && (bflags_ >> bit) & 1u; }
  void setBranchFlag(unsigned bit) noexcept { if (bit < 64) bflags_ |= uint64_t{1} << bit; }
  void resetBranchFlag(unsigned bit) noexcept { if (bit < 64) bflags_ &= ~(uint64_t{1} << bit); }
  uint64_t branchFlags() const noexcept { return bflags_; }
  void setBranchFlags(uint64_t flags) noexcept { bflags_ = flags; }

  // The destination set: more targets besides $ru/$du (append_branch(), registrar lookups).
  // Texts are copied into the arena.
  void appendBranch(std::string_view uri, std::string_view dst, uint64_t flags) {
    branches_.push(arena(), BranchTarget{arena().copy(uri), dst.empty() ? dst : arena().copy(dst),
                                         flags});
  }
  std::span<const BranchTarget> branches() const noexcept {
    return {branches_.data(), branches_.size()};
  }
  void clearBranches() noexcept { branches_ = {}; }

  // tm's per-transaction settings (tm.on_reply/on_branch/on_failure, t_set_fr).
  TransactionArms& arms() noexcept { return arms_; }
  const TransactionArms& arms() const noexcept { return arms_; }

  // $T_reply_code: the winning reply's code in a failure hook, the reply's in a reply hook.
  int transactionReplyCode() const noexcept { return t_reply_code_; }
  void setTransactionReplyCode(int code) noexcept { t_reply_code_ = code; }

  // The core's handle of the transaction this message belongs to (opaque to modules).
  void* transaction() const noexcept { return transaction_; }
  void setTransaction(void* t) noexcept { transaction_ = t; }

  // Copies the routing state ($ru, $du, flags, branch flags, force_rport, record_route, arms,
  // transaction) from another context of the same request: how a branch hook starts.
  void inheritRouting(const MsgContext& o) noexcept {
    new_ruri_ = o.new_ruri_;
    ruri_rewritten_ = o.ruri_rewritten_;
    dst_uri_ = o.dst_uri_;
    rr_params_ = o.rr_params_;
    record_route_ = o.record_route_;
    flags_ = o.flags_;
    bflags_ = o.bflags_;
    force_rport_ = o.force_rport_;
    arms_ = o.arms_;
    transaction_ = o.transaction_;
    t_reply_code_ = o.t_reply_code_;
  }

  // force_rport(): answer to the source port as if the client had asked with rport (RFC 3581).
  bool forceRport() const noexcept { return force_rport_; }
  void setForceRport() noexcept { force_rport_ = true; }

  // record_route(): the core adds Record-Route when it sends the request, because only then is
  // the outgoing socket known; two of them (r2=on) when it differs from the incoming one.
  // `params` (";a=b;c") are copied into the arena and appended after ";lr".
  void requestRecordRoute(std::string_view params) {
    rr_params_ = arena().copy(params);
    record_route_ = true;
  }
  bool recordRouteRequested() const noexcept { return record_route_; }
  std::string_view recordRouteParams() const noexcept { return rr_params_; }

  // Set by whoever sent a reply for this request (sl, a sanity check), so the core knows the
  // request has been answered.
  bool replied() const noexcept { return replied_; }
  void markReplied() noexcept { replied_ = true; }

 private:
  sip::Message& msg_;
  sip::EditList& edits_;
  Hook hook_;
  const PeerInfo& source_;
  const LocalInfo& local_;
  CoreApi& core_;
  std::string_view new_ruri_;
  std::string_view dst_uri_;
  std::string_view rr_params_;
  uint64_t flags_ = 0;
  uint64_t bflags_ = 0;
  ArenaVector<BranchTarget> branches_;
  TransactionArms arms_;
  void* transaction_ = nullptr;
  int t_reply_code_ = 0;
  bool record_route_ = false;
  bool ruri_rewritten_ = false;
  bool force_rport_ = false;
  bool replied_ = false;
};

}  // namespace pinhole
