// Result<T>: the error-as-value type of the data plane (parse, route, send, module functions).
// GCC 12 has no std::expected in C++20 mode, so this is a small expected-like wrapper.
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

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

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) noexcept : v_(std::in_place_index<1>, error) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & noexcept { return *std::get_if<0>(&v_); }
  const T& value() const& noexcept { return *std::get_if<0>(&v_); }
  T&& value() && noexcept { return std::move(*std::get_if<0>(&v_)); }
  T& operator*() & noexcept { return value(); }
  const T& operator*() const& noexcept { return value(); }
  T* operator->() noexcept { return &value(); }
  const T* operator->() const noexcept { return &value(); }

  const Error& error() const noexcept { return *std::get_if<1>(&v_); }

  template <class U>
  T valueOr(U&& fallback) const& {
    return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() noexcept = default;
  Result(Error error) noexcept : error_(error), ok_(false) {}  // NOLINT

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const noexcept { return error_; }

 private:
  Error error_{};
  bool ok_ = true;
};

}  // namespace pinhole

// Propagate an error from an expression that yields a Result, else continue.
#define PH_TRY(expr)                                   \
  do {                                                 \
    auto ph_try_result_ = (expr);                      \
    if (!ph_try_result_.ok()) return ph_try_result_.error(); \
  } while (0)
