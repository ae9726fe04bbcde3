#include "server/dispatcher.h"

#include <arpa/inet.h>

#include "pinhole/sip/errors.h"
#include "pinhole/sip/validate.h"
#include "proxy/reply.h"

namespace pinhole::server {
namespace {

thread_local Arena t_arena(64 * 1024);

// The address as text without brackets, in the arena (no std::string per message).
std::string_view ipText(const boost::asio::ip::address& a, Arena& arena) {
  char buf[INET6_ADDRSTRLEN];
  const char* s = nullptr;
  if (a.is_v4()) {
    auto bytes = a.to_v4().to_bytes();
    s = inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
  } else {
    auto bytes = a.to_v6().to_bytes();
    s = inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return s ? arena.copy(s) : std::string_view{};
}

Transport sdkTransport(net::Transport t) {
  return t == net::Transport::Tcp ? Transport::Tcp : Transport::Udp;
}

}  // namespace

Dispatcher::Dispatcher(CoreServices& core, proxy::StatelessProxy& proxy, HookRunner run,
                       bool has_reply_hook, sip::ParseLimits limits,
                       std::shared_ptr<spdlog::logger> log, PathCounters& counters)
    : core_(core),
      proxy_(proxy),
      run_(std::move(run)),
      has_reply_hook_(has_reply_hook),
      limits_(limits),
      log_(std::move(log)),
      counters_(counters) {}

Result<void> Dispatcher::sanity(sip::Message& msg) {
  // RFC 3261 8.1.1: these must be present, and the single-valued ones only once (RFC 4475
  // 3.3.8: duplicates are how CVE-2018-14767 / CVE-2020-27507 fooled Kamailio).
  struct Required {
    sip::HeaderType type;
    std::string_view missing;
    std::string_view duplicate;
  };
  static constexpr Required kRequired[] = {
      {sip::HeaderType::From, "no From header", "several From headers"},
      {sip::HeaderType::To, "no To header", "several To headers"},
      {sip::HeaderType::CallId, "no Call-ID header", "several Call-ID headers"},
      {sip::HeaderType::CSeq, "no CSeq header", "several CSeq headers"},
  };
  for (const Required& r : kRequired) {
    std::size_t n = msg.count(r.type);
    if (n == 0) return makeError(sip::Errc::MissingHeader, r.missing);
    if (n > 1) return makeError(sip::Errc::BadHeaderValue, r.duplicate);
  }
  if (msg.count(sip::HeaderType::MaxForwards) > 1)
    return makeError(sip::Errc::BadMaxForwards, "several Max-Forwards headers");
  PH_TRY(msg.contentLength());  // several different values: framing is ambiguous
  return sip::validate(msg);
}

void Dispatcher::onMessage(const net::Received& r) noexcept {
  t_arena.reset();
  Arena& arena = t_arena;
  sip::Message msg(arena);
  auto parsed = msg.parse(r.data, limits_);
  if (!parsed) {
    // Nothing can be answered without the headers a reply copies: drop and count.
    counters_.parse_errors.fetch_add(1, std::memory_order_relaxed);
    log_->debug("dropped unparseable message from {}: {} at offset {}", r.source.toString(),
                parsed.error().detail, parsed.error().offset);
    return;
  }
  // The proxy's view of the socket: its advertised address is filled in even for a wildcard bind.
  const net::LocalSocket& in = proxy_.socket(r.local->id);
  PeerInfo src{ipText(r.source.address, arena), r.source.port, sdkTransport(in.transport),
               r.source.address.is_v6()};
  LocalInfo local{in.id,
                  ipText(in.bound.address, arena),
                  in.bound.port,
                  sdkTransport(in.transport),
                  in.advertised_host,
                  in.advertised_port};
  Arrival arrival{&in, r.source, r.connection_id};
  CoreServices::setArrival(&arrival);
  sip::EditList edits(arena, msg.layout());
  MsgContext ctx(msg, edits, msg.isRequest() ? Hook::Request : Hook::Reply, src, local, core_);
  if (msg.isRequest()) {
    onRequest(msg, ctx);
  } else if (auto owner = txn_ ? txn_->ownerOf(msg) : std::nullopt;
             owner && pool_ && *owner != r.worker) {
    passTo(*owner, r);
  } else {
    onResponse(msg, ctx);
  }
  CoreServices::setArrival(nullptr);
}

void Dispatcher::onRequest(sip::Message& msg, MsgContext& ctx) {
  counters_.requests.fetch_add(1, std::memory_order_relaxed);
  if (auto ok = sanity(msg); !ok) {
    counters_.invalid_requests.fetch_add(1, std::memory_order_relaxed);
    log_->debug("bad request from {}:{}: {}", ctx.source().ip, ctx.source().port,
                ok.error().detail);
    // A reply needs a Via to go back on; without one the request is dropped.
    if (msg.topVia()) {
      int code = sip::suggestedStatus(sip::errcOf(ok.error()));
      std::string_view reason = proxy::reasonForError(ok.error(), ctx.arena());
      (void)core_.sendReply(ctx, code, reason);
    }
    return;
  }
  run_(Hook::Request, ctx);
}

void Dispatcher::passTo(unsigned worker, const net::Received& r) {
  counters_.passed_responses.fetch_add(1, std::memory_order_relaxed);
  pool_->post(worker, [this, data = std::string(r.data), source = r.source, local = r.local,
                       connection = r.connection_id, worker] {
    onMessage(net::Received{data, source, local, connection, worker});
  });
}

void Dispatcher::onResponse(sip::Message& msg, MsgContext& ctx) {
  counters_.replies.fetch_add(1, std::memory_order_relaxed);
  auto via = msg.vias();
  if (!via || via->size() < 2 || !msg.cseq() || !msg.callId()) {
    counters_.dropped_responses.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // A response to one of our transactions: the layer runs the reply hooks and relays it.
  if (txn_ && txn_->onResponse(ctx)) return;
  if (has_reply_hook_ && run_(Hook::Reply, ctx) == Outcome::Drop) return;
  proxy::ForwardResult r = proxy_.forwardResponse(msg, ctx.edits());
  if (!r.ok()) {
    counters_.dropped_responses.fetch_add(1, std::memory_order_relaxed);
    log_->debug("response dropped: {}", r.detail);
    return;
  }
  counters_.forwarded_responses.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace pinhole::server
