// The transaction layer (RFC 3261 16 + 17): what tm's functions call. Each worker keeps its own
// table of transactions and its own timer wheel; a response finds its transaction through the
// worker and id in our branch, and is passed to the owning worker when another one received it
// (the dispatcher re-delivers it there). No lock on the message path.
#pragma once

#include <spdlog/logger.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "net/worker_pool.h"
#include "pinhole/core_api.h"
#include "pinhole/sip/message.h"
#include "proxy/stateless.h"
#include "txn/origin.h"
#include "txn/timer_wheel.h"
#include "txn/transaction.h"

namespace pinhole::txn {

class Layer final : public TransactionApi {
 public:
  // Runs the global hook (route == TransactionArms::kNoRoute) or a named route for ctx, with
  // `origin` as the message's arrival for the functions it calls.
  using HookRunner = std::function<Outcome(Hook, uint32_t route, MsgContext&, const Origin&)>;
  // The arrival of the message the calling worker is handling (nullptr outside a hook).
  using ArrivalFn = std::function<const Origin*()>;

  Layer(net::WorkerPool& pool, proxy::StatelessProxy& proxy, CoreApi& core,
        std::shared_ptr<spdlog::logger> log);
  ~Layer() override;

  // Start-up, before the workers run: hooks and which global hooks have rules.
  void setHooks(HookRunner run, std::array<bool, 4> global_hooks);
  void setArrival(ArrivalFn arrival) { arrival_ = std::move(arrival); }
  // After the pool started: one table per worker.
  void start();
  bool enabled() const noexcept { return enabled_; }
  // Before the pool stops: every worker's timers stop, so its event loop can end at once.
  void stop();

  // TransactionApi (tm's functions).
  void configure(const TransactionSettings& settings) override;
  Outcome relay(MsgContext& ctx) noexcept override;
  Outcome reply(MsgContext& ctx, int code, std::string_view reason) noexcept override;
  Outcome check(MsgContext& ctx) noexcept override;
  Outcome create(MsgContext& ctx) noexcept override;
  bool canceled(const MsgContext& ctx) const noexcept override;

  // Responses, from the dispatcher. The worker that owns the response's transaction (nullopt:
  // not one of our stateful branches).
  std::optional<unsigned> ownerOf(sip::Message& response) const;
  // On the owning worker: true when a transaction took the response (false: relay statelessly).
  bool onResponse(MsgContext& ctx) noexcept;

  // Live transactions over all workers (tests, statistics).
  uint64_t liveTransactions() const noexcept { return live_.load(std::memory_order_relaxed); }
  const TransactionSettings& settings() const noexcept { return settings_; }

 private:
  struct WorkerState;

  WorkerState& here();
  static void onTimer(void* self, TimerNode* node);
  void fire(TxnTimer& timer);

  // --- request side (layer_requests.cc)
  Outcome relayNew(MsgContext& ctx, const Origin& origin);
  Transaction* find(WorkerState& w, sip::Message& msg, std::string_view as_method = {});
  Transaction* createTransaction(WorkerState& w, MsgContext& ctx, const Origin& origin);
  bool startBranches(Transaction& t, MsgContext& ctx);
  void absorbRetransmission(Transaction& t);
  void cancelFrom(Transaction& invite, MsgContext& cancel, const Origin& origin);
  Outcome forwardStateless(MsgContext& ctx, const Origin& origin);
  const Origin* currentOrigin(const MsgContext& ctx) const;

  // --- replies and completion (layer_replies.cc)
  Result<void> sendLocalReply(Transaction* t, sip::Message& request, const Origin& origin,
                              bool force_rport, int code, std::string_view reason, bool store);
  void localFinal(Transaction& t, int code, std::string_view reason);
  void relayUpstream(Transaction& t, MsgContext& reply);
  void maybeComplete(Transaction& t);
  void runFailure(Transaction& t, int code);
  void finish(Transaction& t);
  void cancelBranch(Transaction& t, Branch& b);
  void cancelPending(Transaction& t, const Branch* except);
  void ackBranch(Transaction& t, Branch& b, sip::Message& response);
  void armBranchTimeout(Transaction& t, Branch& b, uint32_t ms);
  void destroy(Transaction* t);
  bool pending(const Transaction& t) const noexcept;
  Outcome runHooks(Hook hook, uint32_t armed, MsgContext& ctx, const Origin& origin);

  net::WorkerPool& pool_;
  proxy::StatelessProxy& proxy_;
  CoreApi& core_;
  std::shared_ptr<spdlog::logger> log_;
  HookRunner run_;
  ArrivalFn arrival_;
  std::array<bool, 4> global_hooks_{};
  TransactionSettings settings_;
  bool enabled_ = false;
  std::vector<std::unique_ptr<WorkerState>> workers_;
  std::atomic<uint64_t> live_{0};
};

}  // namespace pinhole::txn
