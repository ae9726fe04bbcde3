#include "server/core_services.h"

#include <string>

namespace pinhole::server {
namespace {

thread_local const Arrival* t_arrival = nullptr;
thread_local std::string t_reply;  // per worker: no allocation once grown

spdlog::level::level_enum toSpd(LogLevel l) {
  switch (l) {
    case LogLevel::Trace:
      return spdlog::level::trace;
    case LogLevel::Debug:
      return spdlog::level::debug;
    case LogLevel::Info:
      return spdlog::level::info;
    case LogLevel::Warn:
      return spdlog::level::warn;
    case LogLevel::Error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

CoreServices::CoreServices(net::WorkerPool& pool, proxy::StatelessProxy& proxy,
                           std::shared_ptr<spdlog::logger> log, PathCounters& counters)
    : pool_(pool), proxy_(proxy), log_(std::move(log)), counters_(counters) {}

void CoreServices::setArrival(const Arrival* arrival) noexcept { t_arrival = arrival; }
const Arrival* CoreServices::arrival() noexcept { return t_arrival; }

Result<void> CoreServices::sendReply(MsgContext& ctx, int code, std::string_view reason) {
  if (!t_arrival || !ctx.msg().isRequest())
    return makeError(sip::Errc::BadStartLine, "a reply needs a received request");
  sip::Message& req = ctx.msg();
  // RFC 3261 17: an ACK is never answered.
  if (req.method() == sip::Method::Ack) return {};
  proxy::Source src{ctx.source().ip, ctx.source().port, ctx.source().transport != Transport::Udp};
  std::string_view tag = proxy::statelessToTag(req, proxy_.secret());
  PH_TRY(proxy::buildReply(req, code, reason, src, ctx.forceRport(), tag, t_reply));
  auto via = req.topVia();
  if (!via) return via.error();
  proxy::Destination d = proxy::replyDestination(**via, src, ctx.forceRport());
  net::Endpoint to = t_arrival->source;
  to.port = d.port;  // the address is always the source's (received); the port per 18.2.2
  auto sent = pool_.send(*t_arrival->socket, to, t_reply, t_arrival->connection_id);
  if (!sent) return sent.error();
  ctx.markReplied();
  counters_.local_replies.fetch_add(1, std::memory_order_relaxed);
  return {};
}

Result<void> CoreServices::forwardStateless(MsgContext& ctx) {
  if (!t_arrival) return makeError(sip::Errc::BadStartLine, "nothing to forward");
  proxy::ForwardResult r = proxy_.forwardRequest(ctx, *t_arrival->socket);
  if (r.ok()) {
    counters_.forwarded_requests.fetch_add(1, std::memory_order_relaxed);
    return {};
  }
  counters_.forward_failures.fetch_add(1, std::memory_order_relaxed);
  // The answers RFC 3261 16.3 gives for a request that cannot go on (a send error is only
  // logged: the stateless proxy has no transaction to answer from).
  int code = proxy::statusFor(r.error);
  if (code == 483 || code == 482 || code == 416 || code == 478)
    (void)sendReply(ctx, code, proxy::reasonFor(r.error));
  log_->debug("forward failed: {}", r.detail);
  return makeError(sip::Errc::BadRequestUri, r.detail.empty() ? "forwarding failed" : r.detail);
}

bool CoreServices::isMyself(std::string_view host, uint16_t port) const noexcept {
  return proxy_.isMyself(host, port);
}

bool CoreServices::logEnabled(LogLevel level, std::string_view) const noexcept {
  return log_->should_log(toSpd(level));
}

void CoreServices::log(LogLevel level, std::string_view logger, std::string_view text) noexcept {
  try {
    log_->log(toSpd(level), "[{}] {}", logger, text);
  } catch (...) {
    // Logging must never take the message path down.
  }
}

}  // namespace pinhole::server
