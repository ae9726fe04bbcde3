#include "txn/timer_wheel.h"

namespace pinhole::txn {

TimerWheel::TimerWheel(boost::asio::io_context& io, FireFn fire, void* owner)
    : timer_(io), fire_(fire), owner_(owner), epoch_(Clock::now()), slots_(kSlots) {
  for (TimerNode& head : slots_) head.prev = head.next = &head;
}

TimerWheel::~TimerWheel() {
  for (TimerNode& head : slots_) {
    while (head.next != &head) disarm(*head.next);
  }
}

uint64_t TimerWheel::tickOf(Clock::time_point t) const noexcept {
  if (t <= epoch_) return 0;
  return static_cast<uint64_t>((t - epoch_) / kTick);
}

void TimerWheel::arm(TimerNode& node, std::chrono::milliseconds delay) {
  disarm(node);
  uint64_t ticks = static_cast<uint64_t>((delay + kTick - std::chrono::milliseconds(1)) / kTick);
  node.due = std::max(tickOf(Clock::now()), current_) + (ticks ? ticks : 1);
  TimerNode& head = slots_[node.due % kSlots];
  node.next = &head;
  node.prev = head.prev;
  head.prev->next = &node;
  head.prev = &node;
  ++armed_;
  if (!ticking_) schedule();
}

void TimerWheel::disarm(TimerNode& node) noexcept {
  if (!node.armed()) return;
  node.prev->next = node.next;
  node.next->prev = node.prev;
  node.prev = node.next = nullptr;
  --armed_;
}

void TimerWheel::advance(Clock::time_point now) {
  uint64_t target = tickOf(now);
  // After a long stall every slot is visited once; due nodes fire, the rest wait their turn.
  if (target > current_ + kSlots) current_ = target - kSlots;
  while (current_ < target) {
    ++current_;
    TimerNode& head = slots_[current_ % kSlots];
    // Due nodes move to a local list first: a callback may arm, disarm or destroy any node
    // (also one that is due now), and disarm() unlinks from whichever list holds it.
    TimerNode due;
    due.prev = due.next = &due;
    for (TimerNode* n = head.next; n != &head;) {
      TimerNode* next = n->next;
      if (n->due <= current_) {
        n->prev->next = n->next;
        n->next->prev = n->prev;
        n->next = &due;
        n->prev = due.prev;
        due.prev->next = n;
        due.prev = n;
      }
      n = next;
    }
    while (due.next != &due) {
      TimerNode* n = due.next;
      disarm(*n);
      fire_(owner_, n);
    }
  }
}

void TimerWheel::stop() {
  stopped_ = true;
  timer_.cancel();
}

void TimerWheel::schedule() {
  if (stopped_) return;
  ticking_ = true;
  timer_.expires_after(kTick);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    ticking_ = false;
    if (ec) return;
    advance(Clock::now());
    if (armed_ > 0 && !ticking_) schedule();
  });
}

}  // namespace pinhole::txn
