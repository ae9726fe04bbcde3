// One worker's share of the transaction layer: its tables and its timer wheel.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "txn/layer.h"

namespace pinhole::txn {

struct Layer::WorkerState {
  explicit WorkerState(unsigned i) : index(i) {}
  unsigned index;
  std::unique_ptr<TimerWheel> wheel;
  std::unordered_map<std::string_view, Transaction*> by_key;  // views into Transaction::key
  std::unordered_map<uint64_t, Transaction*> by_id;
  uint64_t next_id = 1;
  std::string key_buffer;  // reused to build lookup keys
};

}  // namespace pinhole::txn
