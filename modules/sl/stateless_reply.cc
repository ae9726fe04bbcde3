#include "sl/stateless_reply.h"

#include "common/log_line.h"
#include "pinhole/sip/scalars.h"

namespace pinhole::modules::sl {

Outcome sendReply(MsgContext& ctx, int64_t code, std::string_view reason) noexcept {
  CoreApi& core = ctx.core();
  sip::Message& msg = ctx.msg();
  if (!msg.isRequest()) {
    log(core, LogLevel::Error, kLogger, "send_reply: the message is a reply, not a request");
    return Outcome::False;
  }
  // An ACK is never answered: the UAC would take the reply for a new transaction's.
  if (msg.method() == sip::Method::Ack) {
    log(core, LogLevel::Debug, kLogger, "send_reply: no reply is sent to an ACK");
    return Outcome::False;
  }
  if (code < 100 || code > 699) {
    log(core, LogLevel::Error, kLogger, "send_reply: status code ", code, " outside 100..699");
    return Outcome::False;
  }
  // The reason phrase comes from the configuration, often with $variables from the message:
  // a line break in it would let a sender write its own headers into our reply.
  if (reason.find_first_of("\r\n") != std::string_view::npos) {
    log(core, LogLevel::Error, kLogger, "send_reply: reason phrase holds a line break");
    return Outcome::False;
  }
  Result<void> sent = core.sendReply(ctx, static_cast<int>(code), reason);
  if (!sent) {
    log(core, LogLevel::Error, kLogger, "send_reply: sending ", code, " failed: ",
        sent.error().detail);
    return Outcome::False;
  }
  // A provisional reply does not answer the request; only a final one does.
  if (code >= 200) ctx.markReplied();
  return Outcome::True;
}

}  // namespace pinhole::modules::sl
