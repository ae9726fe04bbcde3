// The response side of the transaction layer: responses from branches (RFC 3261 16.7), the
// choice of the best final response, the failure hook, local replies, CANCEL/ACK to branches,
// and the timers.
#include <algorithm>

#include "pinhole/sip/serializer.h"
#include "proxy/reply.h"
#include "txn/keys.h"
#include "txn/layer.h"
#include "txn/layer_state.h"
#include "txn/messages.h"
#include "txn/select.h"

namespace pinhole::txn {
namespace {

// Rare paths (local replies from a timer, CANCEL/ACK, the failure hook) parse what they need
// into these per-worker arenas; they never nest with each other.
thread_local Arena t_build_arena(8 * 1024);
thread_local Arena t_failure_arena(16 * 1024);
thread_local std::string t_text;

std::string_view localReason(int code) {
  switch (code) {
    case 408: return "Request Timeout";
    case 416: return "Unsupported URI Scheme";
    case 478: return "Unresolvable Destination";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 487: return "Request Terminated";
    case 503: return "Service Unavailable";
    default: return "Server Internal Error";
  }
}

Transport sdkTransport(const net::LocalSocket* s) {
  return s && s->transport == net::Transport::Tcp ? Transport::Tcp : Transport::Udp;
}

}  // namespace

std::optional<unsigned> Layer::ownerOf(sip::Message& response) const {
  if (!enabled_) return std::nullopt;
  auto via = response.topVia();
  if (!via) return std::nullopt;
  auto id = parseBranchId((*via)->branch);
  if (!id || id->worker >= workers_.size()) return std::nullopt;
  return id->worker;
}

Result<void> Layer::sendLocalReply(Transaction* t, sip::Message& request, const Origin& origin,
                                   bool force_rport, int code, std::string_view reason,
                                   bool store) {
  std::string_view ip = t ? std::string_view(t->source_ip) : std::string_view{};
  std::string ip_text;
  if (!t) {
    ip_text = std::string(str::unbracket(net::hostString(origin.source.address)));
    ip = ip_text;
  }
  proxy::Source src{ip, origin.source.port,
                    origin.socket && origin.socket->transport != net::Transport::Udp};
  std::string_view tag = code > 100 ? proxy::statelessToTag(request, proxy_.secret()) : "";
  PH_TRY(proxy::buildReply(request, code, reason, src, force_rport, tag, t_text));
  auto via = request.topVia();
  if (!via) return via.error();
  proxy::Destination d = proxy::replyDestination(**via, src, force_rport);
  net::Endpoint to = origin.source;
  to.port = d.port;
  auto sent = proxy_.sendTo(*origin.socket, to, t_text, origin.connection_id);
  if (store && t) {
    t->reply_to = to;
    t->last_reply = t_text;
    t->last_code = code;
  }
  return sent;
}

// A reply made here goes upstream as the transaction's final answer (408, 487, 503, 500...).
void Layer::localFinal(Transaction& t, int code, std::string_view reason) {
  t_build_arena.reset();
  sip::Message req(t_build_arena);
  if (auto parsed = req.parse(t.request); !parsed) {
    log_->error("transaction {}: stored request unreadable: {}", t.id, parsed.error().detail);
    return;
  }
  if (auto sent = sendLocalReply(&t, req, t.origin, t.force_rport, code, reason, true); !sent)
    log_->debug("transaction {}: {} not sent: {}", t.id, code, sent.error().detail);
}

void Layer::relayUpstream(Transaction& t, MsgContext& reply) {
  proxy::ForwardResult r = proxy_.forwardResponse(reply.msg(), reply.edits(), &t.last_reply);
  if (!r.ok()) {
    log_->debug("transaction {}: reply {} not relayed: {}", t.id, reply.msg().statusCode(),
                r.detail);
    return;
  }
  t.last_code = reply.msg().statusCode();
}

bool Layer::onResponse(MsgContext& ctx) noexcept {
  try {
    sip::Message& msg = ctx.msg();
    auto via = msg.topVia();
    if (!via) return false;
    auto id = parseBranchId((*via)->branch);
    if (!id) return false;
    WorkerState& w = here();
    auto it = w.by_id.find(id->transaction);
    if (it == w.by_id.end()) return false;  // gone: relayed statelessly (late 2xx, ...)
    Transaction& t = *it->second;
    if (id->branch >= t.branches.size()) return false;
    Branch& b = *t.branches[id->branch];
    auto cseq = msg.cseq();
    if (!cseq) return true;
    if (cseq->method == "CANCEL") {  // our CANCEL was answered: stop resending it
      b.cancel_answered = true;
      if (b.final == 0 && !b.reliable()) w.wheel->disarm(b.retransmit);
      return true;
    }
    int code = msg.statusCode();
    if (b.final >= 200) {
      // A retransmitted final: a 2xx to an INVITE goes on (the caller's ACK depends on it), a
      // negative one is ACKed again.
      if (t.invite && code < 300 && code >= 200) relayUpstream(t, ctx);
      else if (t.invite && code >= 300) ackBranch(t, b, msg);
      return true;
    }
    ctx.setTransaction(&t);
    ctx.setTransactionReplyCode(code);
    ctx.arms() = t.arms;
    ctx.setFlags(t.flags);  // the reply hook sees the request's flags (as OpenSER)
    Outcome hooked = runHooks(Hook::Reply, t.arms.on_reply, ctx, t.origin);
    if (code < 200) {
      b.provisional = std::max(b.provisional, code);
      if (t.invite) {
        // Timer A stops with the first provisional; fr_inv_timer replaces fr_timer.
        w.wheel->disarm(b.retransmit);
        armBranchTimeout(t, b, t.arms.fr_inv_ms ? t.arms.fr_inv_ms : settings_.fr_inv_ms);
        if (b.cancel_pending) cancelBranch(t, b);
      } else if (!b.reliable()) {
        b.interval_ms = settings_.t2_ms;  // 17.1.2.2: Proceeding retransmits at T2
      }
      // 100 is hop-by-hop (RFC 3261 16.7 step 5); a dropped provisional is not relayed.
      if (code > 100 && !t.final_sent && hooked != Outcome::Drop) relayUpstream(t, ctx);
      return true;
    }
    b.final = code;
    w.wheel->disarm(b.retransmit);
    w.wheel->disarm(b.timeout);
    if (code < 300) {
      // A 2xx goes upstream at once, every one of them for an INVITE (16.7 step 5).
      if (!t.final_sent || t.invite) relayUpstream(t, ctx);
      bool first = !t.final_sent;
      t.final_sent = true;
      if (first) {
        if (t.invite) cancelPending(t, &b);
        finish(t);
      }
      return true;
    }
    if (t.invite) ackBranch(t, b, msg);
    if (!sip::render(msg.layout(), ctx.edits(), b.final_reply)) b.final_reply.assign(msg.buffer());
    if (code >= 600 && t.invite) cancelPending(t, &b);  // 16.7 step 6: a 6xx ends the search
    maybeComplete(t);
    return true;
  } catch (const std::exception& e) {
    log_->error("response handling: {}", e.what());
    return true;
  }
}

void Layer::maybeComplete(Transaction& t) {
  if (t.final_sent || t.in_failure || pending(t)) return;
  auto best = [&] {
    std::vector<BranchOutcome> outcomes;
    outcomes.reserve(t.branches.size());
    for (const auto& b : t.branches) outcomes.push_back({b->final, b->local});
    return selectBest(outcomes);
  };
  std::optional<std::size_t> chosen = best();
  if (!chosen) {
    if (t.branches.empty()) {  // nothing could be tried at all
      t.final_sent = true;
      localFinal(t, 500, "No Destination");
      finish(t);
    }
    return;
  }
  bool failure_hook =
      global_hooks_[static_cast<std::size_t>(Hook::Failure)] ||
      t.arms.on_failure != TransactionArms::kNoRoute;
  // A 6xx ends the transaction (16.7 step 6); otherwise the failure hook may try elsewhere.
  if (failure_hook && t.branches[*chosen]->final < 600) {
    std::size_t before = t.branches.size();
    runFailure(t, t.branches[*chosen]->final);
    if (t.final_sent || pending(t)) return;
    if (t.branches.size() > before) {
      maybeComplete(t);  // the new branches failed at once: choose again (bounded: max_branches)
      return;
    }
    chosen = best();
    if (!chosen) return;
  }
  Branch& b = *t.branches[*chosen];
  t.final_sent = true;
  int code = b.final;
  if (b.local || code == 503 || b.final_reply.empty()) {
    // 16.7 step 6: a 503 must not go upstream as it is (it would say *we* are unavailable).
    if (code == 503 && !b.local) code = 500;
    localFinal(t, code, localReason(code));
  } else {
    t_build_arena.reset();
    sip::Message reply(t_build_arena);
    if (reply.parse(b.final_reply)) {
      sip::EditList edits(t_build_arena, reply.layout());
      (void)proxy_.forwardResponse(reply, edits, &t.last_reply);
      t.last_code = code;
    }
  }
  finish(t);
}

void Layer::runFailure(Transaction& t, int code) {
  uint32_t armed = t.arms.on_failure;
  t.arms.on_failure = TransactionArms::kNoRoute;  // re-armed explicitly for another round
  t_failure_arena.reset();
  sip::Message req(t_failure_arena);
  if (!req.parse(t.request)) return;
  sip::EditList edits(t_failure_arena, req.layout());
  PeerInfo peer{t.source_ip, t.origin.source.port, sdkTransport(t.origin.socket), t.ipv6};
  const net::LocalSocket& in = *t.origin.socket;
  LocalInfo local{in.id, t.local_ip, in.bound.port, sdkTransport(&in),
                  proxy_.socket(in.id).advertised_host, proxy_.socket(in.id).advertised_port};
  MsgContext fctx(req, edits, Hook::Failure, peer, local, core_);
  fctx.setTransaction(&t);
  fctx.setTransactionReplyCode(code);
  fctx.arms() = t.arms;
  fctx.setFlags(t.flags);
  if (!t.ruri.empty()) fctx.setRequestUri(t.ruri);
  if (t.force_rport) fctx.setForceRport();
  if (t.record_route) fctx.requestRecordRoute(t.rr_params);
  t.in_failure = true;
  (void)runHooks(Hook::Failure, armed, fctx, t.origin);
  t.in_failure = false;
}

void Layer::finish(Transaction& t) {
  TimerWheel& wheel = *here().wheel;
  uint32_t keep = settings_.wait_ms;
  // 17.2.1: a negative final to an INVITE over UDP is resent (timer G) until the ACK comes,
  // for at most 64*T1 (timer H).
  if (t.invite && t.last_code >= 300 && !t.reliable() && !t.acked) {
    t.reply_interval_ms = settings_.t1_ms;
    wheel.arm(t.reply_retransmit, std::chrono::milliseconds(t.reply_interval_ms));
    keep = std::max(keep, 64 * settings_.t1_ms);
  }
  wheel.arm(t.lifetime, std::chrono::milliseconds(keep));
}

void Layer::cancelPending(Transaction& t, const Branch* except) {
  for (auto& b : t.branches)
    if (b.get() != except && b->final == 0) cancelBranch(t, *b);
}

void Layer::cancelBranch(Transaction& t, Branch& b) {
  if (!t.invite || b.final != 0 || !b.cancel.empty()) return;
  if (b.provisional == 0) {  // RFC 3261 9.1: not before a provisional response
    b.cancel_pending = true;
    return;
  }
  t_build_arena.reset();
  sip::Message req(t_build_arena);
  if (!req.parse(b.request) || !buildCancel(req, b.cancel)) return;
  (void)proxy_.sendTo(*b.out, b.to, b.cancel);
  TimerWheel& wheel = *here().wheel;
  if (!b.reliable()) {
    b.interval_ms = settings_.t1_ms;
    wheel.arm(b.retransmit, std::chrono::milliseconds(b.interval_ms));
  }
  // The branch now has fr_timer to answer the INVITE (487) before a 487 is made here.
  armBranchTimeout(t, b, t.arms.fr_ms ? t.arms.fr_ms : settings_.fr_ms);
}

void Layer::ackBranch(Transaction& t, Branch& b, sip::Message& response) {
  t_build_arena.reset();
  sip::Message req(t_build_arena);
  if (!req.parse(b.request) || !buildAck(req, response, t_text)) {
    log_->debug("transaction {} branch {}: ACK not built", t.id, b.index);
    return;
  }
  (void)proxy_.sendTo(*b.out, b.to, t_text);
}

void Layer::fire(TxnTimer& timer) {
  Transaction& t = *timer.txn;
  TimerWheel& wheel = *here().wheel;
  switch (timer.kind) {
    case TxnTimer::Kind::BranchRetransmit: {
      Branch& b = *timer.branch;
      if (b.final != 0) return;
      if (!b.cancel.empty()) {
        if (b.cancel_answered) return;
        (void)proxy_.sendTo(*b.out, b.to, b.cancel);
        b.interval_ms = std::min(2 * b.interval_ms, settings_.t2_ms);
      } else {
        if (t.invite && b.provisional) return;
        (void)proxy_.sendTo(*b.out, b.to, b.request);
        // Timer A doubles without bound; timer E up to T2 (and stays at T2 once proceeding).
        b.interval_ms = t.invite ? 2 * b.interval_ms
                                 : (b.provisional ? settings_.t2_ms
                                                  : std::min(2 * b.interval_ms, settings_.t2_ms));
      }
      wheel.arm(b.retransmit, std::chrono::milliseconds(b.interval_ms));
      return;
    }
    case TxnTimer::Kind::BranchTimeout: {
      Branch& b = *timer.branch;
      if (b.final != 0) return;
      wheel.disarm(b.retransmit);
      // A ringing branch that timed out is cancelled, so that the callee stops ringing.
      if (t.invite && b.provisional && b.cancel.empty() && !t.canceled) cancelBranch(t, b);
      b.final = t.canceled ? 487 : 408;
      b.local = true;
      wheel.disarm(b.timeout);
      maybeComplete(t);
      return;
    }
    case TxnTimer::Kind::ReplyRetransmit:
      if (t.acked || t.last_reply.empty()) return;
      (void)proxy_.sendTo(*t.origin.socket, t.reply_to, t.last_reply, t.origin.connection_id);
      t.reply_interval_ms = std::min(2 * t.reply_interval_ms, settings_.t2_ms);
      wheel.arm(t.reply_retransmit, std::chrono::milliseconds(t.reply_interval_ms));
      return;
    case TxnTimer::Kind::Lifetime:
      // Branches still waiting for their answer to a CANCEL keep the transaction a while.
      if (pending(t)) {
        wheel.arm(t.lifetime, std::chrono::milliseconds(settings_.wait_ms));
        return;
      }
      destroy(&t);
      return;
  }
}

}  // namespace pinhole::txn
