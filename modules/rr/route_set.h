// The Route header values of a request as one list (top first), each with where it sits in the
// received buffer, so that loose routing can remove single values and have only those values
// (and the comma next to them) edited out, never a whole multi-value header by accident.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/name_addr.h"

namespace pinhole::modules::rr {

struct RouteValue {
  sip::NameAddr addr;   // parsed; views into the buffer
  uint32_t begin = 0;   // offset of the value (LWS trimmed) in the buffer
  uint32_t end = 0;     // one past its last byte
  uint32_t header = 0;  // index of its header in Message::headers()
  bool remove = false;  // marked for removal
};

class RouteSet {
 public:
  // Parses every value of every Route header of `msg` into msg's arena. An empty or malformed
  // value fails the whole set (a route set we cannot read is not forwarded on).
  Result<void> load(sip::Message& msg);

  std::size_t size() const noexcept { return values_.size(); }
  bool empty() const noexcept { return values_.empty(); }
  RouteValue& operator[](std::size_t i) noexcept { return values_[i]; }
  const RouteValue& operator[](std::size_t i) const noexcept { return values_[i]; }

  void markRemoved(std::size_t i) noexcept { values_[i].remove = true; }

  // Records the edits that remove every marked value: the whole header line when all of its
  // values go, otherwise each run of marked values together with the comma (and white space)
  // separating it from the next value, or from the previous one at the end of the header.
  Result<void> commitRemovals(const sip::Message& msg, sip::EditList& edits) const;

 private:
  ArenaVector<RouteValue> values_;
};

}  // namespace pinhole::modules::rr
