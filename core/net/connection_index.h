// Which connection reaches a peer, across workers: peer endpoint -> connection id (the id names
// its owning worker). Written when a connection opens or closes; read only by a send() that has
// neither a live connection id nor a connection to that peer on its own worker.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "net/endpoint.h"

namespace pinhole::net {

// Connection ids: the owning worker (plus one, so that no id is 0) in the top 16 bits, a
// per-worker sequence below.
inline uint64_t makeConnectionId(unsigned worker, uint64_t seq) noexcept {
  return (uint64_t{worker + 1} << 48) | (seq & ((uint64_t{1} << 48) - 1));
}
inline unsigned connectionOwner(uint64_t id) noexcept {
  return static_cast<unsigned>(id >> 48) - 1;
}

class ConnectionIndex {
 public:
  // The newest connection to a peer wins.
  void put(const Endpoint& peer, uint64_t id) {
    std::unique_lock lock(mutex_);
    map_[peer] = id;
  }
  // Only if `id` is still the one registered (a newer connection may have replaced it).
  void erase(const Endpoint& peer, uint64_t id) {
    std::unique_lock lock(mutex_);
    auto it = map_.find(peer);
    if (it != map_.end() && it->second == id) map_.erase(it);
  }
  std::optional<uint64_t> find(const Endpoint& peer) const {
    std::shared_lock lock(mutex_);
    auto it = map_.find(peer);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<Endpoint, uint64_t> map_;
};

}  // namespace pinhole::net
