#include "pinhole/arena.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace pinhole {
namespace {

TEST(Arena, MakeAndCopyLiveInTheArena) {
  Arena arena(1024);
  int* i = arena.make<int>(42);
  EXPECT_EQ(*i, 42);
  std::string_view s = arena.copy("hello");
  EXPECT_EQ(s, "hello");
  EXPECT_TRUE(arena.copy("").empty());
  auto* a = arena.makeArray<uint64_t>(8);
  for (int k = 0; k < 8; ++k) EXPECT_EQ(a[k], 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % alignof(uint64_t), 0u);
}

TEST(Arena, ResetReusesTheFirstBlock) {
  Arena arena(4096);
  void* first = arena.allocate(16);
  arena.allocate(100);
  arena.reset();
  EXPECT_EQ(arena.allocate(16), first);
}

TEST(Arena, GrowsBeyondTheFirstBlock) {
  Arena arena(64);
  std::string_view big = arena.copy(std::string(1000, 'x'));
  EXPECT_EQ(big.size(), 1000u);
  EXPECT_EQ(big.front(), 'x');
  arena.reset();
  EXPECT_EQ(arena.copy("y"), "y");
}

TEST(ArenaVector, PushGrowsAndKeepsOrder) {
  Arena arena;
  ArenaVector<int> v;
  EXPECT_TRUE(v.empty());
  for (int k = 0; k < 100; ++k) v.push(arena, k);
  ASSERT_EQ(v.size(), 100u);
  for (int k = 0; k < 100; ++k) EXPECT_EQ(v[k], k);
  EXPECT_EQ(v.back(), 99);
}

}  // namespace
}  // namespace pinhole
