// The per-worker timer wheel: order, re-arming, disarming, long timers, and callbacks that
// destroy other due timers.
#include "txn/timer_wheel.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <vector>

namespace pinhole::txn {
namespace {

using namespace std::chrono_literals;
using Clock = TimerWheel::Clock;

struct Node : TimerNode {
  int id = 0;
};

struct Fixture {
  boost::asio::io_context io;
  std::vector<int> fired;
  std::vector<Node*> disarm_on_fire;  // disarmed by the first callback
  TimerWheel* wheel = nullptr;
  static void fire(void* self, TimerNode* n) {
    auto* f = static_cast<Fixture*>(self);
    f->fired.push_back(static_cast<Node*>(n)->id);
    for (Node* other : f->disarm_on_fire) f->wheel->disarm(*other);
    f->disarm_on_fire.clear();
  }
};

TEST(TimerWheel, FiresInDueOrderOnlyWhenDue) {
  Fixture f;
  TimerWheel wheel(f.io, &Fixture::fire, &f);
  f.wheel = &wheel;
  Node a, b, c;
  a.id = 1, b.id = 2, c.id = 3;
  auto start = Clock::now();
  wheel.arm(b, 50ms);
  wheel.arm(a, 20ms);
  wheel.arm(c, 15s);  // more than one turn of the wheel
  EXPECT_EQ(wheel.armedCount(), 3u);
  wheel.advance(start + 5ms);
  EXPECT_TRUE(f.fired.empty());
  wheel.advance(start + 40ms);
  EXPECT_EQ(f.fired, std::vector<int>({1}));
  wheel.advance(start + 11s);
  EXPECT_EQ(f.fired, std::vector<int>({1, 2}));
  EXPECT_TRUE(c.armed());
  wheel.advance(start + 16s);
  EXPECT_EQ(f.fired, std::vector<int>({1, 2, 3}));
  EXPECT_EQ(wheel.armedCount(), 0u);
}

TEST(TimerWheel, RearmAndDisarm) {
  Fixture f;
  TimerWheel wheel(f.io, &Fixture::fire, &f);
  f.wheel = &wheel;
  Node a, b;
  a.id = 1, b.id = 2;
  auto start = Clock::now();
  wheel.arm(a, 20ms);
  wheel.arm(a, 200ms);  // re-armed: only the later time counts
  wheel.arm(b, 20ms);
  wheel.disarm(b);
  wheel.disarm(b);  // twice is harmless
  wheel.advance(start + 100ms);
  EXPECT_TRUE(f.fired.empty());
  wheel.advance(start + 300ms);
  EXPECT_EQ(f.fired, std::vector<int>({1}));
}

TEST(TimerWheel, ACallbackMayDisarmAnotherDueNode) {
  Fixture f;
  TimerWheel wheel(f.io, &Fixture::fire, &f);
  f.wheel = &wheel;
  Node a, b;
  a.id = 1, b.id = 2;
  auto start = Clock::now();
  wheel.arm(a, 20ms);
  wheel.arm(b, 20ms);
  f.disarm_on_fire = {&b};
  wheel.advance(start + 100ms);
  EXPECT_EQ(f.fired, std::vector<int>({1}));
  EXPECT_EQ(wheel.armedCount(), 0u);
}

TEST(TimerWheel, RunsOnItsEventLoop) {
  Fixture f;
  TimerWheel wheel(f.io, &Fixture::fire, &f);
  f.wheel = &wheel;
  Node a;
  a.id = 7;
  wheel.arm(a, 30ms);
  f.io.run_for(300ms);
  EXPECT_EQ(f.fired, std::vector<int>({7}));
}

}  // namespace
}  // namespace pinhole::txn
