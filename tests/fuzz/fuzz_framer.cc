// libFuzzer entry point for frameStream(): consume keep-alives and messages as a connection would
// until NeedMore or Error, checking that no frame claims bytes it was not given.
// The first input byte picks the size limit, so the MessageTooLarge paths are reached too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pinhole/sip/framer.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using pinhole::sip::FrameKind;
  using pinhole::sip::frameStream;
  if (size == 0) return 0;
  const std::size_t max = data[0] < 128 ? std::size_t{data[0]} * 4 : 65535;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (;;) {
    pinhole::sip::FrameResult r = frameStream(rest, max);
    if (r.kind == FrameKind::NeedMore || r.kind == FrameKind::Error) break;
    check(r.length > 0 && r.length <= rest.size());
    if (r.kind == FrameKind::Message) {
      check(r.length <= max && r.body_offset <= r.length);
      // The frame alone frames the same way, and any shorter prefix needs more.
      pinhole::sip::FrameResult again = frameStream(rest.substr(0, r.length), max);
      check(again.kind == FrameKind::Message && again.length == r.length &&
            again.body_offset == r.body_offset);
      check(frameStream(rest.substr(0, r.length - 1), max).kind == FrameKind::NeedMore);
    } else {
      check(r.length <= 4);
    }
    rest.remove_prefix(r.length);
  }
  return 0;
}
