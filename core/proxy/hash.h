// Stable hashes for the stateless proxy: RFC 3261 16.11 branch values and stateless To-tags
// must be the same for a retransmission and differ between requests.
#pragma once

#include <cstdint>
#include <string_view>

namespace pinhole::proxy {

// FNV-1a, 64 bits, chained over several parts (a 0xff separator keeps "ab"+"c" != "a"+"bc").
class Fnv64 {
 public:
  explicit Fnv64(uint64_t seed = 0) : h_(0xcbf29ce484222325ULL ^ seed) {}
  Fnv64& add(std::string_view s) noexcept {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001b3ULL;
    h_ = (h_ ^ 0xffu) * 0x100000001b3ULL;
    return *this;
  }
  Fnv64& add(uint64_t v) noexcept {
    for (int i = 0; i < 8; ++i) h_ = (h_ ^ ((v >> (8 * i)) & 0xffu)) * 0x100000001b3ULL;
    return *this;
  }
  uint64_t value() const noexcept { return h_; }

 private:
  uint64_t h_;
};

// 16 lower-case hex digits into out[16].
inline void toHex16(uint64_t v, char* out) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 0xf];
}

}  // namespace pinhole::proxy
