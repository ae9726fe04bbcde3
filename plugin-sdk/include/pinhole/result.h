// Result<T>: the error-as-value type of the data plane (parse, route, send, module functions).
// GCC 12 has no std::expected in C++20 mode, so this is a small expected-like wrapper.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace pinhole {

// An error: a code (with its category), a static detail string saying what exactly was wrong,
// and, for input errors, the byte offset in the input where it was found.
struct Error {
  static constexpr uint32_t kNoOffset = UINT32_MAX;

  std::error_code code;
  std::string_view detail;  // points to static storage; never owns
  uint32_t offset = kNoOffset;

  bool hasOffset() const noexcept { return offset != kNoOffset; }
};

// The value or the error in one union with a flag. Success constructs no Error: a default
// std::error_code calls into libstdc++ (system_category()), and the parser returns success
// dozens of times per message. For trivially copyable T, copies and destruction stay trivial,
// so a Result is passed and returned in registers or by plain stores.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : ok_(true) {
    ::new (&value_) T(std::move(value));
  }
  Result(Error error) noexcept : ok_(false) { ::new (&error_) Error(error); }  // NOLINT

  Result(const Result& other) requires std::is_trivially_copy_constructible_v<T> = default;
  Result(const Result& other) : ok_(other.ok_) {
    if (ok_) ::new (&value_) T(other.value_);
    else ::new (&error_) Error(other.error_);
  }
  Result(Result&& other) requires std::is_trivially_move_constructible_v<T> = default;
  Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) : ok_(other.ok_) {
    if (ok_) ::new (&value_) T(std::move(other.value_));
    else ::new (&error_) Error(other.error_);
  }
  Result& operator=(const Result&) requires std::is_trivially_copyable_v<T> = default;
  Result& operator=(const Result& other) {
    if (this != &other) {
      destroy();
      ::new (this) Result(other);
    }
    return *this;
  }
  Result& operator=(Result&&) requires std::is_trivially_copyable_v<T> = default;
  Result& operator=(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &other) {
      destroy();
      ::new (this) Result(std::move(other));
    }
    return *this;
  }
  ~Result() requires std::is_trivially_destructible_v<T> = default;
  ~Result() { destroy(); }

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }

  T& value() & noexcept { return value_; }
  const T& value() const& noexcept { return value_; }
  T&& value() && noexcept { return std::move(value_); }
  T& operator*() & noexcept { return value_; }
  const T& operator*() const& noexcept { return value_; }
  T* operator->() noexcept { return &value_; }
  const T* operator->() const noexcept { return &value_; }

  const Error& error() const noexcept { return error_; }

  template <class U>
  T valueOr(U&& fallback) const& {
    return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void destroy() noexcept {
    if (ok_) std::destroy_at(&value_);  // Error is trivially destructible
  }

  union {
    T value_;      // ok_
    Error error_;  // !ok_
  };
  bool ok_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() noexcept : none_(), ok_(true) {}
  Result(Error error) noexcept : error_(error), ok_(false) {}  // NOLINT

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const noexcept { return error_; }

 private:
  union {
    char none_;    // ok_: nothing constructed
    Error error_;  // !ok_
  };
  bool ok_;
};

}  // namespace pinhole

// Propagate an error from an expression that yields a Result, else continue.
#define PH_TRY(expr)                                   \
  do {                                                 \
    auto ph_try_result_ = (expr);                      \
    if (!ph_try_result_.ok()) return ph_try_result_.error(); \
  } while (0)
