// The transaction layer: per-worker state, timers, and tm's functions that are not about
// relaying (t_check_trans, t_newtran, t_reply, t_is_canceled).
#include "txn/layer.h"

#include "txn/keys.h"
#include "txn/layer_state.h"

namespace pinhole::txn {

bool Branch::reliable() const noexcept {
  return out && out->transport != net::Transport::Udp;
}

bool Transaction::reliable() const noexcept {
  return origin.socket && origin.socket->transport != net::Transport::Udp;
}

Layer::Layer(net::WorkerPool& pool, proxy::StatelessProxy& proxy, CoreApi& core,
             std::shared_ptr<spdlog::logger> log)
    : pool_(pool), proxy_(proxy), core_(core), log_(std::move(log)) {}

Layer::~Layer() {
  // The workers have stopped: nothing runs on the wheels any more.
  for (auto& w : workers_) {
    while (!w->by_id.empty()) destroy(w->by_id.begin()->second);
  }
}

void Layer::setHooks(HookRunner run, std::array<bool, 4> global_hooks) {
  run_ = std::move(run);
  global_hooks_ = global_hooks;
}

void Layer::start() {
  workers_.clear();
  for (unsigned i = 0; i < pool_.workerCount(); ++i)
    workers_.push_back(std::make_unique<WorkerState>(i));
}

void Layer::stop() {
  for (unsigned i = 0; i < workers_.size(); ++i) {
    WorkerState* w = workers_[i].get();
    pool_.post(i, [w] {
      if (w->wheel) w->wheel->stop();
    });
  }
}

void Layer::configure(const TransactionSettings& settings) {
  settings_ = settings;
  enabled_ = true;
}

Layer::WorkerState& Layer::here() {
  static thread_local Layer* cached_for = nullptr;
  static thread_local WorkerState* cached = nullptr;
  if (cached_for != this) {
    cached = workers_.at(pool_.currentWorker().value()).get();
    cached_for = this;
  }
  if (!cached->wheel)  // made on the worker's own thread, on its event loop
    cached->wheel = std::make_unique<TimerWheel>(pool_.ioContext(cached->index), &Layer::onTimer,
                                                 this);
  return *cached;
}

void Layer::onTimer(void* self, TimerNode* node) {
  static_cast<Layer*>(self)->fire(*static_cast<TxnTimer*>(node));
}

const Origin* Layer::currentOrigin(const MsgContext& ctx) const {
  const Origin* o = arrival_ ? arrival_() : nullptr;
  if (o && o->socket) return o;
  auto* t = static_cast<const Transaction*>(ctx.transaction());
  return t ? &t->origin : nullptr;
}

Transaction* Layer::find(WorkerState& w, sip::Message& msg, std::string_view as_method) {
  if (!serverKey(msg, w.key_buffer, as_method)) return nullptr;
  auto it = w.by_key.find(w.key_buffer);
  return it == w.by_key.end() ? nullptr : it->second;
}

void Layer::absorbRetransmission(Transaction& t) {
  // RFC 3261 17.2.1/17.2.2: the last response is sent again; nothing goes downstream.
  if (t.last_reply.empty()) return;
  (void)proxy_.sendTo(*t.origin.socket, t.reply_to, t.last_reply, t.origin.connection_id);
}

Outcome Layer::check(MsgContext& ctx) noexcept {
  if (!enabled_ || !ctx.msg().isRequest()) return Outcome::False;
  WorkerState& w = here();
  sip::Message& msg = ctx.msg();
  if (msg.method() == sip::Method::Cancel)
    return find(w, msg, "INVITE") ? Outcome::True : Outcome::False;
  Transaction* t = find(w, msg);
  if (msg.method() == sip::Method::Ack) return t ? Outcome::True : Outcome::False;
  if (!t) return Outcome::False;
  absorbRetransmission(*t);
  return Outcome::Exit;
}

Outcome Layer::create(MsgContext& ctx) noexcept {
  if (!enabled_ || !ctx.msg().isRequest() || ctx.msg().method() == sip::Method::Ack)
    return Outcome::False;
  if (ctx.transaction()) return Outcome::True;
  const Origin* origin = currentOrigin(ctx);
  if (!origin) return Outcome::False;
  WorkerState& w = here();
  if (Transaction* t = find(w, ctx.msg())) {
    absorbRetransmission(*t);
    return Outcome::Exit;
  }
  try {
    return createTransaction(w, ctx, *origin) ? Outcome::True : Outcome::False;
  } catch (const std::exception& e) {
    log_->error("t_newtran: {}", e.what());
    return Outcome::False;
  }
}

Outcome Layer::reply(MsgContext& ctx, int code, std::string_view reason) noexcept {
  if (!enabled_ || !ctx.msg().isRequest() || ctx.msg().method() == sip::Method::Ack)
    return Outcome::False;
  try {
    auto* t = static_cast<Transaction*>(ctx.transaction());
    const Origin* origin = currentOrigin(ctx);
    if (!origin) return Outcome::False;
    if (!t) {
      WorkerState& w = here();
      t = find(w, ctx.msg());
      if (!t) t = createTransaction(w, ctx, *origin);
      if (!t) return Outcome::False;
    }
    if (t->final_sent) return Outcome::False;  // one final response per transaction
    auto sent = sendLocalReply(t, ctx.msg(), t->origin, t->force_rport, code, reason, true);
    if (!sent) {
      log_->warn("t_reply {}: {}", code, sent.error().detail);
      return Outcome::False;
    }
    ctx.markReplied();
    if (code >= 200) {
      t->final_sent = true;
      if (t->invite) cancelPending(*t, nullptr);
      finish(*t);
    }
    return Outcome::True;
  } catch (const std::exception& e) {
    log_->error("t_reply: {}", e.what());
    return Outcome::False;
  }
}

bool Layer::canceled(const MsgContext& ctx) const noexcept {
  auto* t = static_cast<const Transaction*>(ctx.transaction());
  return t && t->canceled;
}

void Layer::destroy(Transaction* t) {
  WorkerState& w = *workers_[t->worker];
  auto disarm = [&](TxnTimer& timer) {
    if (w.wheel) w.wheel->disarm(timer);
  };
  disarm(t->reply_retransmit);
  disarm(t->lifetime);
  for (auto& b : t->branches) {
    disarm(b->retransmit);
    disarm(b->timeout);
  }
  w.by_key.erase(std::string_view(t->key));
  w.by_id.erase(t->id);
  live_.fetch_sub(1, std::memory_order_relaxed);
  delete t;
}

bool Layer::pending(const Transaction& t) const noexcept {
  for (const auto& b : t.branches)
    if (b->final == 0) return true;
  return false;
}

Outcome Layer::runHooks(Hook hook, uint32_t armed, MsgContext& ctx, const Origin& origin) {
  Outcome result = Outcome::True;
  if (!run_) return result;
  if (global_hooks_[static_cast<std::size_t>(hook)]) {
    result = run_(hook, TransactionArms::kNoRoute, ctx, origin);
    if (result == Outcome::Drop || result == Outcome::Exit) return result;
  }
  if (armed != TransactionArms::kNoRoute) result = run_(hook, armed, ctx, origin);
  return result;
}

}  // namespace pinhole::txn
