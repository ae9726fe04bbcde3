// MsgContext: everything a hook and the functions it calls know about one message: the parsed
// message, the edits recorded for what will be sent, where it came from, the routing state
// ($ru, $du, flags) and the core's services. It lives on the worker's stack for one message;
// views into it are valid only while the hook runs.
#pragma once

#include <cstdint>
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
  bool record_route_ = false;
  bool ruri_rewritten_ = false;
  bool force_rport_ = false;
  bool replied_ = false;
};

}  // namespace pinhole
