// The CoreApi modules call (pinhole/core_api.h), backed by the stateless proxy, the transports
// and the log. One object serves every worker: it holds no per-message state.
#pragma once

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

#include "net/worker_pool.h"
#include "pinhole/core_api.h"
#include "proxy/stateless.h"
#include "txn/origin.h"

namespace pinhole::server {

// What the dispatcher knows about the message in a MsgContext, beyond the SDK's view.
using Arrival = txn::Origin;

// Counters of the message path, read by tests and (later) the ctl module.
struct PathCounters {
  std::atomic<uint64_t> requests{0}, replies{0}, parse_errors{0}, invalid_requests{0},
      dropped_responses{0}, forwarded_requests{0}, forwarded_responses{0}, local_replies{0},
      forward_failures{0}, passed_responses{0};
};

class CoreServices final : public CoreApi {
 public:
  CoreServices(net::WorkerPool& pool, proxy::StatelessProxy& proxy,
               std::shared_ptr<spdlog::logger> log, PathCounters& counters);

  // The dispatcher says which socket and connection the message in ctx came from, for the
  // time the hook runs (per worker thread).
  static void setArrival(const Arrival* arrival) noexcept;
  static const Arrival* arrival() noexcept;
  void setTransactions(TransactionApi* transactions) noexcept { transactions_ = transactions; }
  TransactionApi* transactions() noexcept override { return transactions_; }

  Result<void> sendReply(MsgContext& ctx, int code, std::string_view reason) override;
  Result<void> forwardStateless(MsgContext& ctx) override;
  bool isMyself(std::string_view host, uint16_t port) const noexcept override;
  bool logEnabled(LogLevel level, std::string_view logger) const noexcept override;
  void log(LogLevel level, std::string_view logger, std::string_view text) noexcept override;

 private:
  net::WorkerPool& pool_;
  proxy::StatelessProxy& proxy_;
  std::shared_ptr<spdlog::logger> log_;
  PathCounters& counters_;
  TransactionApi* transactions_ = nullptr;
};

// Sets the arrival for a scope and puts the previous one back (hooks the transaction layer
// runs while another message is being handled).
class ArrivalScope {
 public:
  explicit ArrivalScope(const Arrival* a) noexcept : previous_(CoreServices::arrival()) {
    CoreServices::setArrival(a);
  }
  ~ArrivalScope() { CoreServices::setArrival(previous_); }
  ArrivalScope(const ArrivalScope&) = delete;
  ArrivalScope& operator=(const ArrivalScope&) = delete;

 private:
  const Arrival* previous_;
};

}  // namespace pinhole::server
