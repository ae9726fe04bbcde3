// TimerWheel: the per-worker timers of the transaction layer (RFC 3261 timers A-K, fr_timer,
// the wait timer). Nodes live inside the transactions (intrusive, no allocation per timer); one
// asio timer per worker ticks every 10 ms while any node is armed. Only the owning worker's
// thread touches a wheel and its nodes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <vector>

namespace pinhole::txn {

class TimerWheel;

struct TimerNode {
  TimerNode* prev = nullptr;
  TimerNode* next = nullptr;
  uint64_t due = 0;           // absolute tick
  bool armed() const noexcept { return prev != nullptr; }
};

class TimerWheel {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kTick{10};
  static constexpr std::size_t kSlots = 1024;  // 10.24 s per turn; longer timers wait turns

  // fire(node) is called on the wheel's thread for each node that comes due (already disarmed).
  using FireFn = void (*)(void* owner, TimerNode* node);
  TimerWheel(boost::asio::io_context& io, FireFn fire, void* owner);
  ~TimerWheel();
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // (Re)arms node to fire after `delay` (rounded up to the next tick).
  void arm(TimerNode& node, std::chrono::milliseconds delay);
  void disarm(TimerNode& node) noexcept;
  std::size_t armedCount() const noexcept { return armed_; }

  // Fires everything due up to `now` (the asio timer calls it; tests call it directly).
  void advance(Clock::time_point now);
  // Shutdown, on the wheel's thread: the asio timer is cancelled and never set again, so the
  // event loop can finish; armed nodes stay armed and never fire.
  void stop();

 private:
  uint64_t tickOf(Clock::time_point t) const noexcept;
  void schedule();

  boost::asio::steady_timer timer_;
  FireFn fire_;
  void* owner_;
  Clock::time_point epoch_;
  uint64_t current_ = 0;  // every tick up to this one has been processed
  std::vector<TimerNode> slots_;  // list heads (sentinels)
  std::size_t armed_ = 0;
  bool ticking_ = false;
  bool stopped_ = false;
};

}  // namespace pinhole::txn
