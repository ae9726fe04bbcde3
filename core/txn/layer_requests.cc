// The request side of the transaction layer: t_relay (new transactions, retransmissions, ACK
// and CANCEL), the branches (one client transaction each, the branch hook before sending).
#include <boost/asio/ip/address.hpp>

#include "pinhole/sip/serializer.h"
#include "pinhole/strings.h"
#include "txn/keys.h"
#include "txn/layer.h"
#include "txn/layer_state.h"

namespace pinhole::txn {
namespace {

std::string addressText(const boost::asio::ip::address& a) {
  return std::string(str::unbracket(net::hostString(a)));
}

}  // namespace

Outcome Layer::relay(MsgContext& ctx) noexcept {
  if (!enabled_ || !ctx.msg().isRequest()) return Outcome::False;
  try {
    const Origin* origin = currentOrigin(ctx);
    if (!origin) return Outcome::False;
    auto* t = static_cast<Transaction*>(ctx.transaction());
    if (t) {
      // The failure hook (serial forking) or a t_newtran'd request: new branches.
      if (t->final_sent) return Outcome::False;
      t->arms = ctx.arms();
      t->flags = ctx.flags();
      bool started = startBranches(*t, ctx);
      if (!started && ctx.hook() == Hook::Request) maybeComplete(*t);
      return started ? Outcome::True : Outcome::False;
    }
    return relayNew(ctx, *origin);
  } catch (const std::exception& e) {
    log_->error("t_relay: {}", e.what());
    return Outcome::False;
  }
}

Outcome Layer::relayNew(MsgContext& ctx, const Origin& origin) {
  WorkerState& w = here();
  sip::Message& msg = ctx.msg();
  if (msg.method() == sip::Method::Ack) {
    // A hop-by-hop ACK of our negative reply ends its transaction's retransmissions; any other
    // ACK (for a 2xx) is end-to-end and goes on statelessly (RFC 3261 16.7 step 5 / 17.2.1).
    if (Transaction* t = find(w, msg); t && t->final_sent && t->last_code >= 300) {
      if (!t->acked) {
        t->acked = true;
        // 17.2.1 Confirmed: timer I (T4 over UDP, 0 over TCP) absorbs ACK retransmissions.
        w.wheel->disarm(t->reply_retransmit);
        uint32_t keep = t->reliable() ? 10 : settings_.t4_ms;
        if (!pending(*t)) w.wheel->arm(t->lifetime, std::chrono::milliseconds(keep));
      }
      return Outcome::Exit;
    }
    return forwardStateless(ctx, origin);
  }
  if (msg.method() == sip::Method::Cancel) {
    if (Transaction* inv = find(w, msg, "INVITE")) {
      cancelFrom(*inv, ctx, origin);
      return Outcome::True;
    }
    return forwardStateless(ctx, origin);  // nothing to cancel here: let the next hop decide
  }
  if (Transaction* t = find(w, msg)) {
    absorbRetransmission(*t);
    return Outcome::Exit;
  }
  Transaction* t = createTransaction(w, ctx, origin);
  if (!t) return Outcome::False;
  bool started = startBranches(*t, ctx);
  if (!started) maybeComplete(*t);  // every branch failed at once: the best error goes back
  return started ? Outcome::True : Outcome::False;
}

Outcome Layer::forwardStateless(MsgContext& ctx, const Origin& origin) {
  proxy::ForwardResult r = proxy_.forwardRequest(ctx, *origin.socket);
  if (r.ok()) return Outcome::True;
  log_->debug("stateless relay of {} failed: {}", ctx.msg().methodText(), r.detail);
  return Outcome::False;
}

Transaction* Layer::createTransaction(WorkerState& w, MsgContext& ctx, const Origin& origin) {
  sip::Message& msg = ctx.msg();
  if (!serverKey(msg, w.key_buffer)) return nullptr;
  if (w.next_id > kMaxTransactionId) w.next_id = 1;
  auto t = std::make_unique<Transaction>();
  t->id = w.next_id++;
  t->worker = w.index;
  t->key = w.key_buffer;
  t->invite = msg.method() == sip::Method::Invite;
  // The request as the request hook left it: later branches (failure hook) start from it.
  if (ctx.edits().own().empty()) {
    t->request.assign(msg.buffer().substr(0, ctx.edits().messageEnd()));
  } else if (!sip::render(msg.layout(), ctx.edits(), t->request)) {
    t->request.assign(msg.buffer());
  }
  if (ctx.requestUriRewritten()) t->ruri.assign(ctx.requestUri());
  t->origin = origin;
  t->reply_to = origin.source;  // until a reply says otherwise (sendLocalReply, relays)
  t->source_ip.assign(ctx.source().ip);
  t->local_ip = addressText(origin.socket->bound.address);
  t->ipv6 = ctx.source().ipv6;
  t->force_rport = ctx.forceRport();
  t->record_route = ctx.recordRouteRequested();
  t->rr_params.assign(ctx.recordRouteParams());
  t->arms = ctx.arms();
  t->flags = ctx.flags();
  for (TxnTimer* timer : {&t->reply_retransmit, &t->lifetime}) timer->txn = t.get();
  t->reply_retransmit.kind = TxnTimer::Kind::ReplyRetransmit;
  t->lifetime.kind = TxnTimer::Kind::Lifetime;

  Transaction* raw = t.release();
  w.by_key.emplace(std::string_view(raw->key), raw);
  w.by_id.emplace(raw->id, raw);
  live_.fetch_add(1, std::memory_order_relaxed);
  ctx.setTransaction(raw);
  // RFC 3261 16.2: an INVITE is answered 100 at once, so the caller stops retransmitting.
  if (raw->invite) (void)sendLocalReply(raw, msg, origin, raw->force_rport, 100, "Trying", true);
  return raw;
}

bool Layer::startBranches(Transaction& t, MsgContext& ctx) {
  struct Target {
    std::string_view uri, dst;
    uint64_t flags;
  };
  // In the message arena: nothing on the heap per relay.
  ArenaVector<Target> targets;
  targets.reserve(ctx.arena(), 1 + ctx.branches().size());
  targets.push(ctx.arena(), {ctx.requestUri(), ctx.destinationUri(), ctx.branchFlags()});
  for (const BranchTarget& b : ctx.branches()) targets.push(ctx.arena(), {b.uri, b.dst, b.flags});
  ctx.clearBranches();

  bool any = false;
  for (const Target& target : targets) {
    if (t.branches.size() >= settings_.max_branches || t.branches.size() > 255) {
      log_->warn("transaction {}: branch limit ({}) reached, {} not tried", t.id,
                 settings_.max_branches, target.uri);
      break;
    }
    auto b = std::make_unique<Branch>();
    b->index = static_cast<unsigned>(t.branches.size());
    for (TxnTimer* timer : {&b->retransmit, &b->timeout}) {
      timer->txn = &t;
      timer->branch = b.get();
    }
    b->retransmit.kind = TxnTimer::Kind::BranchRetransmit;
    b->timeout.kind = TxnTimer::Kind::BranchTimeout;

    // The branch's own layer of edits and routing state (DESIGN 4: a branch hook changes only
    // its branch).
    sip::EditList layer(ctx.arena(), ctx.edits());
    MsgContext bctx(ctx.msg(), layer, Hook::Branch, ctx.source(), ctx.local(), core_);
    bctx.inheritRouting(ctx);
    bctx.clearBranches();
    if (target.uri != ctx.requestUri()) bctx.setRequestUri(target.uri);
    bctx.setDestinationUri(target.dst);
    bctx.setBranchFlags(target.flags);
    bctx.setTransaction(&t);
    if (runHooks(Hook::Branch, t.arms.on_branch, bctx, t.origin) == Outcome::Drop) continue;

    char id[kBranchIdLength];
    formatBranchId({t.worker, t.id, b->index}, id);
    proxy::NextHop hop;
    proxy::ForwardResult r = proxy_.prepareRequest(bctx, *t.origin.socket,
                                                   {id, kBranchIdLength}, hop, b->request);
    Branch& br = *b;
    t.branches.push_back(std::move(b));
    if (!r.ok()) {
      log_->debug("transaction {} branch {} to {}: {}", t.id, br.index, target.uri, r.detail);
      br.final = proxy::statusFor(r.error);
      br.local = true;
      continue;
    }
    br.out = hop.out;
    br.to = hop.to;
    if (auto sent = proxy_.sendTo(*br.out, br.to, br.request); !sent) {
      log_->debug("transaction {} branch {}: send failed: {}", t.id, br.index,
                  sent.error().detail);
      br.final = 503;  // RFC 3261 16.9: a transport error counts as a 503
      br.local = true;
      continue;
    }
    if (!br.reliable()) {
      br.interval_ms = settings_.t1_ms;
      here().wheel->arm(br.retransmit, std::chrono::milliseconds(br.interval_ms));
    }
    armBranchTimeout(t, br, t.arms.fr_ms ? t.arms.fr_ms : settings_.fr_ms);
    any = true;
  }
  return any;
}

void Layer::armBranchTimeout(Transaction&, Branch& b, uint32_t ms) {
  here().wheel->arm(b.timeout, std::chrono::milliseconds(ms));
}

void Layer::cancelFrom(Transaction& inv, MsgContext& cancel, const Origin& origin) {
  // RFC 3261 16.10: the CANCEL is answered here, and every pending branch is cancelled; the
  // INVITE's own answer (487 from the branches) comes through the INVITE transaction.
  (void)sendLocalReply(nullptr, cancel.msg(), origin, cancel.forceRport(), 200, "OK", false);
  cancel.markReplied();
  if (inv.final_sent) return;
  inv.canceled = true;
  cancelPending(inv, nullptr);
}

}  // namespace pinhole::txn
