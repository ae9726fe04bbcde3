// A CoreApi for loader tests: records log lines (modules report init/shutdown order through
// them), answers nothing else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pinhole/core_api.h"

namespace pinhole::mod::test {

class FakeCoreApi final : public CoreApi {
 public:
  Result<void> sendReply(MsgContext&, int, std::string_view) override { return {}; }
  Result<void> forwardStateless(MsgContext&) override { return {}; }
  bool isMyself(std::string_view, uint16_t) const noexcept override { return false; }
  bool logEnabled(LogLevel, std::string_view) const noexcept override { return true; }
  void log(LogLevel, std::string_view logger, std::string_view text) noexcept override {
    lines.push_back(std::string(logger) + ": " + std::string(text));
  }

  std::vector<std::string> lines;
};

}  // namespace pinhole::mod::test
