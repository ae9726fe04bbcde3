// libFuzzer entry point for the SIP message path: parse, every lazy accessor, validate, the
// proxy-style edits in two layers, render, and a re-parse of the rendered message. A message the
// core accepted must come back from its own edits still acceptable: anything else traps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/sip/errors.h"
#include "support/message_exercise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static pinhole::Arena arena;
  arena.reset();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto out = pinhole::test::exerciseMessage(input, arena);
  if (!out.accepted) {
    // A refusal must say why, and point inside the input when it points anywhere.
    if (out.error.detail.empty()) __builtin_trap();
    if (out.error.hasOffset() && out.error.offset > size) __builtin_trap();
    return 0;
  }
  // Edits the proxy records on an accepted message may be refused only as conflicts.
  if (!out.rendered) {
    if (pinhole::sip::errcOf(out.render_error) != pinhole::sip::Errc::EditConflict)
      __builtin_trap();
    return 0;
  }
  if (!out.reparsed) __builtin_trap();
  return 0;
}
