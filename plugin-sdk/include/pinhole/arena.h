// Arena: the per-message bump allocator. Everything a parsed message builds (typed header values,
// lists, rendered text) lives here and dies together when the arena is reset for the next message.
// A worker keeps one arena and resets it per message, so a parse allocates nothing on the heap
// unless a message is unusually large (then the arena grows by whole blocks, which reset frees).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <memory_resource>
#include <new>
#include <string_view>
#include <type_traits>

namespace pinhole {

class Arena {
 public:
  static constexpr std::size_t kDefaultSize = 16 * 1024;

  explicit Arena(std::size_t initial_size = kDefaultSize)
      : storage_(new std::byte[initial_size]),
        begin_(storage_.get()),
        cur_(begin_),
        end_(begin_ + initial_size),
        overflow_(std::pmr::new_delete_resource()),
        resource_(*this) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Frees everything allocated since the last reset; the first block is kept for reuse.
  void reset() noexcept {
    cur_ = begin_;
    overflow_.release();
  }

  // A pointer bump in the first block (inline: a parse allocates a few dozen times); what does
  // not fit there comes from blocks taken from the heap, which reset() gives back.
  void* allocate(std::size_t bytes, std::size_t align = alignof(std::max_align_t)) {
    const auto at = reinterpret_cast<std::uintptr_t>(cur_);
    const std::uintptr_t aligned = (at + align - 1) & ~(static_cast<std::uintptr_t>(align) - 1);
    if (aligned - at <= static_cast<std::size_t>(end_ - cur_) &&
        bytes <= static_cast<std::size_t>(end_ - cur_) - (aligned - at)) {
      cur_ += (aligned - at) + bytes;
      return reinterpret_cast<void*>(aligned);
    }
    return overflow_.allocate(bytes, align);
  }

  // Objects made here are never destroyed one by one: only trivially destructible types.
  template <class T, class... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return ::new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }

  template <class T>
  T* makeArray(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    T* p = static_cast<T*>(allocate(sizeof(T) * (n ? n : 1), alignof(T)));
    for (std::size_t i = 0; i < n; ++i) ::new (p + i) T();
    return p;
  }

  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  // The arena as a memory_resource, for std::pmr containers whose memory lives as long.
  std::pmr::memory_resource* resource() noexcept { return &resource_; }

 private:
  class Resource final : public std::pmr::memory_resource {
   public:
    explicit Resource(Arena& arena) : arena_(&arena) {}

   private:
    void* do_allocate(std::size_t bytes, std::size_t align) override {
      return arena_->allocate(bytes, align);
    }
    void do_deallocate(void*, std::size_t, std::size_t) override {}  // freed by reset()
    bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
      return this == &other;
    }
    Arena* arena_;
  };

  std::unique_ptr<std::byte[]> storage_;
  std::byte* begin_;
  std::byte* cur_;
  std::byte* end_;
  std::pmr::monotonic_buffer_resource overflow_;  // blocks beyond the first, from the heap
  Resource resource_;
};

// A growable array of trivially copyable values in an arena (vector without free/destroy).
template <class T>
class ArenaVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  ArenaVector() = default;

  void push(Arena& arena, const T& v) {
    if (size_ == cap_) grow(arena);
    data_[size_++] = v;
  }
  // Appends a value-initialised element and returns it, for parsing straight into place.
  T& emplace(Arena& arena) {
    if (size_ == cap_) grow(arena);
    data_[size_] = T{};
    return data_[size_++];
  }
  void reserve(Arena& arena, std::size_t n) {
    while (cap_ < n) grow(arena, n);
  }
  T& back() noexcept { return data_[size_ - 1]; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  const T* data() const noexcept { return data_; }

 private:
  void grow(Arena& arena, std::size_t at_least = 0) {
    std::size_t cap = cap_ ? cap_ * 2 : 4;
    if (cap < at_least) cap = at_least;
    T* fresh = static_cast<T*>(arena.allocate(sizeof(T) * cap, alignof(T)));
    if (size_) std::memcpy(static_cast<void*>(fresh), data_, sizeof(T) * size_);
    data_ = fresh;
    cap_ = cap;
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t cap_ = 0;
};

}  // namespace pinhole
