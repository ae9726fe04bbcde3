// The services the core offers to modules: replies, stateless forwarding, "is this me",
// logging. Implemented by the core; a module reaches it through its MsgContext or
// InitContext. Every call is made on the worker thread handling the message.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/hooks.h"
#include "pinhole/result.h"
#include "pinhole/sip/uri.h"

namespace pinhole {

class MsgContext;

// The transaction layer's settings (tm's parameters), in milliseconds.
struct TransactionSettings {
  uint32_t t1_ms = 500;
  uint32_t t2_ms = 4000;
  uint32_t t4_ms = 5000;
  uint32_t fr_ms = 5000;        // final response timer (non-INVITE; INVITE before a 1xx)
  uint32_t fr_inv_ms = 30000;   // INVITE after a provisional reply (no answer)
  uint32_t wait_ms = 5000;      // a completed transaction is kept this long
  uint32_t max_branches = 12;
};

// RFC 3261 transactions (core/txn), switched on and used by the tm module. Every call is made
// on the worker thread handling the message in ctx.
class TransactionApi {
 public:
  virtual ~TransactionApi() = default;
  // At init: switches stateful processing on with these settings.
  virtual void configure(const TransactionSettings& settings) = 0;
  // t_relay: creates (or finds) the server transaction and relays to every branch. True when
  // relayed; Exit when the request was a retransmission or an absorbed ACK; False after the
  // request was answered with an error.
  virtual Outcome relay(MsgContext& ctx) noexcept = 0;
  // t_reply: a stateful reply (creates the server transaction if there is none).
  virtual Outcome reply(MsgContext& ctx, int code, std::string_view reason) noexcept = 0;
  // t_check_trans: see modules/tm/README.md.
  virtual Outcome check(MsgContext& ctx) noexcept = 0;
  // t_newtran: creates the server transaction without relaying.
  virtual Outcome create(MsgContext& ctx) noexcept = 0;
  // t_is_canceled: the transaction of ctx was cancelled by the caller.
  virtual bool canceled(const MsgContext& ctx) const noexcept = 0;
};

enum class LogLevel : uint8_t { Trace, Debug, Info, Warn, Error };

class CoreApi {
 public:
  virtual ~CoreApi() = default;

  // Sends a stateless reply to the request in ctx, per RFC 3261 18.2.2 / RFC 3581 (to the
  // source address and port when rport or force_rport asks for it), from the socket the request
  // came in on. Adds a To-tag when the request has none and the code is above 100.
  virtual Result<void> sendReply(MsgContext& ctx, int code, std::string_view reason) = 0;

  // Forwards the request in ctx statelessly (RFC 3261 16.11): to the destination URI if one
  // is set, else to the Request-URI (after Route handling), with the edits recorded so far.
  virtual Result<void> forwardStateless(MsgContext& ctx) = 0;

  // True when host[:port] names this proxy: a listen or advertised address, or a configured
  // domain (port 0 = any of our ports).
  virtual bool isMyself(std::string_view host, uint16_t port) const noexcept = 0;
  bool isMyself(const sip::Uri& uri) const noexcept {
    return uri.isSip() && isMyself(uri.host.address(), uri.host.has_port ? uri.host.port : 0);
  }

  // The transaction layer; nullptr in a core without one (test stand-ins).
  virtual TransactionApi* transactions() noexcept { return nullptr; }

  virtual bool logEnabled(LogLevel level, std::string_view logger) const noexcept = 0;
  virtual void log(LogLevel level, std::string_view logger, std::string_view text) noexcept = 0;
};

}  // namespace pinhole
