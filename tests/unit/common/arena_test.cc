#include "pinhole/arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <vector>

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

TEST(Arena, AlignsEveryAllocation) {
  Arena arena(256);
  for (std::size_t align : {1u, 2u, 4u, 8u, 16u, 32u, 64u}) {
    arena.allocate(1, 1);  // misalign the bump pointer
    void* p = arena.allocate(3, align);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u) << align;
  }
}

TEST(Arena, WhatDoesNotFitComesFromAnotherBlockAndTheFirstIsStillUsed) {
  Arena arena(128);
  auto* first = static_cast<char*>(arena.allocate(64, 1));
  auto* big = static_cast<char*>(arena.allocate(512, 1));  // does not fit: an overflow block
  EXPECT_TRUE(big < first || big >= first + 128);
  std::memset(big, 'x', 512);
  auto* small = static_cast<char*>(arena.allocate(32, 1));  // still fits in the first block
  EXPECT_EQ(small, first + 64);
  arena.reset();
  EXPECT_EQ(arena.allocate(64, 1), first);
}

TEST(Arena, ResourceAllocatesFromTheArena) {
  Arena arena(4096);
  void* before = arena.allocate(1, 1);
  std::pmr::vector<int> v(arena.resource());
  v.reserve(16);
  EXPECT_GT(static_cast<void*>(v.data()), before);
  EXPECT_LT(static_cast<void*>(v.data()), static_cast<char*>(before) + 4096);
  EXPECT_TRUE(arena.resource()->is_equal(*arena.resource()));
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
