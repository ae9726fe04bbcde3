// The per-message path: parse, refuse what is malformed (400 with the reason, or silence when
// no reply can be built), run the request or reply hook, route responses back statelessly.
// Runs on the worker that received the message; the arena is the worker's own.
#pragma once

#include <spdlog/spdlog.h>

#include <functional>
#include <memory>

#include "net/received.h"
#include "pinhole/context.h"
#include "pinhole/sip/scanner.h"
#include "proxy/stateless.h"
#include "server/core_services.h"
#include "txn/layer.h"

namespace pinhole::server {

// Runs a hook of the compiled configuration (the routing engine).
using HookRunner = std::function<Outcome(Hook, MsgContext&)>;

class Dispatcher {
 public:
  Dispatcher(CoreServices& core, proxy::StatelessProxy& proxy, HookRunner run, bool has_reply_hook,
             sip::ParseLimits limits, std::shared_ptr<spdlog::logger> log, PathCounters& counters);
  // Stateful processing: responses to our transactions go to the layer, on the worker that
  // owns the transaction (`pool` passes them there).
  void setTransactions(txn::Layer* layer, net::WorkerPool* pool) noexcept {
    txn_ = layer;
    pool_ = pool;
  }

  void onMessage(const net::Received& r) noexcept;

 private:
  void onRequest(sip::Message& msg, MsgContext& ctx);
  void onResponse(sip::Message& msg, MsgContext& ctx);
  // Hands a response to the worker owning its transaction (a copy: the buffer is this one's).
  void passTo(unsigned worker, const net::Received& r);
  // Checks a proxy needs before routing: RFC 3261 8.2 / 16.3 required headers, single values.
  Result<void> sanity(sip::Message& msg);

  CoreServices& core_;
  proxy::StatelessProxy& proxy_;
  HookRunner run_;
  bool has_reply_hook_;
  sip::ParseLimits limits_;
  std::shared_ptr<spdlog::logger> log_;
  PathCounters& counters_;
  txn::Layer* txn_ = nullptr;
  net::WorkerPool* pool_ = nullptr;
};

}  // namespace pinhole::server
