#include "rr/route_set.h"

#include "pinhole/sip/headers.h"

namespace pinhole::modules::rr {

Result<void> RouteSet::load(sip::Message& msg) {
  Arena& arena = msg.arena();
  std::span<const sip::HeaderField> headers = msg.headers();
  for (uint32_t i = 0; i < headers.size(); ++i) {
    const sip::HeaderField& h = headers[i];
    if (h.type != sip::HeaderType::Route) continue;
    uint32_t base = msg.offsetOf(h.value);
    auto parse_one = [&](std::string_view element, uint32_t offset) -> Result<void> {
      RouteValue& v = values_.emplace(arena);
      v.begin = base + offset;
      v.end = v.begin + static_cast<uint32_t>(element.size());
      v.header = i;
      return sip::parseNameAddrInto(element, arena, v.addr);
    };
    PH_TRY(sip::forEachListElement(h.value, parse_one));
  }
  return {};
}

Result<void> RouteSet::commitRemovals(const sip::Message& msg, sip::EditList& edits) const {
  std::span<const sip::HeaderField> headers = msg.headers();
  std::size_t n = values_.size();
  for (std::size_t first = 0; first < n;) {
    // [first, last) are the values of one header.
    std::size_t last = first;
    bool all = true, any = false;
    while (last < n && values_[last].header == values_[first].header) {
      all = all && values_[last].remove;
      any = any || values_[last].remove;
      ++last;
    }
    if (all) {
      const sip::HeaderField& h = headers[values_[first].header];
      PH_TRY(edits.remove(msg.offsetOf(h.line), static_cast<uint32_t>(h.line.size())));
    } else if (any) {
      for (std::size_t k = first; k < last;) {
        if (!values_[k].remove) {
          ++k;
          continue;
        }
        std::size_t r = k;  // the run is [k, r]
        while (r + 1 < last && values_[r + 1].remove) ++r;
        uint32_t from, to;
        if (r + 1 < last) {
          // "<a>, <b>, <c>" removing a: from a up to b, taking a's comma along.
          from = values_[k].begin;
          to = values_[r + 1].begin;
        } else {
          // Removing the last value(s): from the end of the value before (never the first of
          // the header, since not all go) through the end of the run, comma first.
          from = values_[k - 1].end;
          to = values_[r].end;
        }
        PH_TRY(edits.remove(from, to - from));
        k = r + 1;
      }
    }
    first = last;
  }
  return {};
}

}  // namespace pinhole::modules::rr
