// The stateless proxy core (RFC 3261 16.11): forwards requests with a new Via whose branch is a
// function of the request (so retransmissions take the same branch), stamps the sender's Via
// with received/rport, renders Record-Route for the outgoing socket, and routes responses back
// by the Via stack.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/endpoint.h"
#include "net/local_socket.h"
#include "pinhole/context.h"
#include "pinhole/result.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "proxy/reply.h"

namespace pinhole::proxy {

// Why forwarding did not happen, so the caller can answer (483, 482, 416, 478...).
enum class ForwardError : uint8_t {
  None,
  TooManyHops,
  LoopDetected,
  BadTarget,
  UnresolvableTarget,
  NoSocket,
  SendFailed,
  Render,
};
struct ForwardResult {
  ForwardError error = ForwardError::None;
  std::string_view detail;
  bool ok() const noexcept { return error == ForwardError::None; }
};

// Where a URI sends us: transport and address (IP literal, or a host name resolved with the
// system resolver; port 5060 by default).
struct Target {
  net::Transport transport = net::Transport::Udp;
  net::Endpoint endpoint;
};
Result<Target> resolveUri(std::string_view uri_text, Arena& arena);

// Where a prepared request goes.
struct NextHop {
  const net::LocalSocket* out = nullptr;
  net::Endpoint to;
};

// Why a request could not be forwarded, as the status RFC 3261 16 gives for it (0 = none).
int statusFor(ForwardError e) noexcept;
std::string_view reasonFor(ForwardError e) noexcept;

using SendFn = std::function<Result<void>(const net::LocalSocket& from, const net::Endpoint& to,
                                          std::string_view data, uint64_t connection_id)>;

class StatelessProxy {
 public:
  // `sockets` as bound (advertised host filled in); `domains` also count as myself.
  StatelessProxy(std::vector<net::LocalSocket> sockets, std::vector<std::string> domains,
                 uint64_t secret, SendFn send);

  // Forwards the request in ctx to $du, else $ru, with the edits recorded so far.
  ForwardResult forwardRequest(MsgContext& ctx, const net::LocalSocket& in);
  // What forwardRequest does except sending: resolves $du/$ru, records the proxy's edits
  // (sender's Via stamped, Max-Forwards, Request-URI, Record-Route, our Via) in ctx.edits()
  // and renders the request into `out`. `branch_id` (without the loop key) is the
  // transaction layer's branch; empty = the stateless RFC 3261 16.11 branch.
  ForwardResult prepareRequest(MsgContext& ctx, const net::LocalSocket& in,
                               std::string_view branch_id, NextHop& hop, std::string& out);
  // Routes a response back: checks the top Via is ours, removes it, sends to the next one.
  // `rendered`, when given, receives a copy of what was sent.
  ForwardResult forwardResponse(sip::Message& msg, sip::EditList& edits,
                                std::string* rendered = nullptr);
  // Sends prepared bytes.
  Result<void> sendTo(const net::LocalSocket& out, const net::Endpoint& to,
                      std::string_view data, uint64_t connection_id = 0) {
    return send_(out, to, data, connection_id);
  }

  bool isMyself(std::string_view host, uint16_t port) const noexcept;
  // Our view of a bound socket (advertised address filled in), by its id.
  const net::LocalSocket& socket(uint16_t id) const noexcept { return sockets_[id]; }
  bool isOurVia(const sip::Via& via) const noexcept;
  const net::LocalSocket* socketFor(net::Transport t, const net::Endpoint& to,
                                    const net::LocalSocket* preferred) const noexcept;
  uint64_t secret() const noexcept { return secret_; }

 private:
  static constexpr std::size_t kBranchLength = 7 + 16 + 1 + 8;  // z9hG4bK<txn>.<loop key>
  uint32_t loopKey(sip::Message& msg) const;
  bool looped(sip::Message& msg) const;
  std::string_view withLoopKey(sip::Message& msg, std::string_view id) const;
  std::string_view branchFor(sip::Message& msg, std::string_view target) const;
  ForwardResult send(const net::LocalSocket& out, const net::Endpoint& to,
                     const sip::MessageLayout& layout, const sip::EditList& edits,
                     std::string* rendered);

  std::vector<net::LocalSocket> sockets_;
  std::vector<std::string> bound_ips_;  // sockets_[i]'s bound address as text, no brackets
  std::vector<std::string> domains_;
  uint64_t secret_;
  SendFn send_;
};

}  // namespace pinhole::proxy
