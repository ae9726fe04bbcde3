#include "route/flags.h"

#include <algorithm>

#include "pinhole/strings.h"

namespace pinhole::route {

bool FlagTable::add(FlagKind kind, std::string name) {
  auto& list = kind == FlagKind::Message ? message_ : branch_;
  if (list.size() >= kMaxFlags) return false;
  if (find(FlagKind::Message, name) || find(FlagKind::Branch, name)) return false;
  list.push_back(std::move(name));
  return true;
}

std::optional<uint8_t> FlagTable::find(FlagKind kind, std::string_view name) const noexcept {
  const auto& list = names(kind);
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i] == name) return static_cast<uint8_t>(i);
  return std::nullopt;
}

std::string_view FlagTable::nearest(FlagKind kind, std::string_view name) const {
  std::vector<std::string_view> candidates(names(kind).begin(), names(kind).end());
  return nearestName(name, candidates);
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      bool same = str::toLower(a[i - 1]) == str::toLower(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view nearestName(std::string_view name,
                             const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (std::string_view c : candidates) {
    std::size_t d = editDistance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A typo: at most a third of the name wrong (and at least one edit allowed).
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  return best_distance <= limit ? best : std::string_view{};
}

}  // namespace pinhole::route
