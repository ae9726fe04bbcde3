// Named flags ([flags] message = [...], branch = [...]) compiled to bit numbers, as Kamailio's
// `flags` directive does, so the per-message path tests a bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pinhole::route {

enum class FlagKind : uint8_t { Message, Branch };

class FlagTable {
 public:
  // MsgContext keeps 64 message flags; branch flags get the same room.
  static constexpr std::size_t kMaxFlags = 64;

  // False when the name is already declared (of either kind) or the kind is full.
  bool add(FlagKind kind, std::string name);
  std::optional<uint8_t> find(FlagKind kind, std::string_view name) const noexcept;
  const std::vector<std::string>& names(FlagKind kind) const noexcept {
    return kind == FlagKind::Message ? message_ : branch_;
  }
  // The declared name closest to `name` (for "did you mean"), or "" when none is close.
  std::string_view nearest(FlagKind kind, std::string_view name) const;

 private:
  std::vector<std::string> message_;
  std::vector<std::string> branch_;
};

// Levenshtein distance, for suggestions.
std::size_t editDistance(std::string_view a, std::string_view b);
// The candidate closest to `name` when it is close enough to be a typo, else "".
std::string_view nearestName(std::string_view name,
                             const std::vector<std::string_view>& candidates);

}  // namespace pinhole::route
