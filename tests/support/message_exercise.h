// Drives one message through everything the core offers, the way a proxy would: parse, every
// lazy accessor, validate, then proxy-style edits (Via, Record-Route, Request-URI, SDP rewrite)
// in a request layer and a branch layer, render, and parse the result again.
// Shared by the fuzz targets and the robustness tests over the torture corpora.
#pragma once

#include <string>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/scanner.h"

namespace pinhole::test {

struct ExerciseOutcome {
  bool accepted = false;     // parsed and validated
  Error error{};             // why it was refused, when !accepted
  bool rendered = false;     // edits applied and rendered
  bool reparsed = false;     // the rendered message parsed and validated again
  Error render_error{};      // when accepted but the edit/render/reparse path failed
  std::string output;        // the rendered message
};

ExerciseOutcome exerciseMessage(std::string_view bytes, Arena& arena,
                                const sip::ParseLimits& limits = {});

}  // namespace pinhole::test
