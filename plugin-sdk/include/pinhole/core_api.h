// The services the core offers to modules: replies, stateless forwarding, "is this me",
// logging. Implemented by the core; a module reaches it through its MsgContext or
// InitContext. Every call is made on the worker thread handling the message.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/result.h"
#include "pinhole/sip/uri.h"

namespace pinhole {

class MsgContext;

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

  virtual bool logEnabled(LogLevel level, std::string_view logger) const noexcept = 0;
  virtual void log(LogLevel level, std::string_view logger, std::string_view text) noexcept = 0;
};

}  // namespace pinhole
