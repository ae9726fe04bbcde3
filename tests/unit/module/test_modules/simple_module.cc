// One source, many small modules: SM_NAME, optional SM_DEPENDS (one name) and SM_INIT (0 ok,
// 1 refuse, 2 throw) are compile definitions. Init, shutdown and deletion are logged through
// the core so the test can see their order.
#include <stdexcept>
#include <string>
#include <string_view>

#include "pinhole/module.h"

#ifndef SM_INIT
#define SM_INIT 0
#endif

namespace simple {

using namespace pinhole;

#ifdef SM_DEPENDS
constexpr std::string_view kDepends[] = {SM_DEPENDS};
#endif

constexpr ModuleDescriptor kDescriptor = {
    .name = SM_NAME,
    .version = "1",
#ifdef SM_DEPENDS
    .depends = kDepends,
#endif
};

class SimpleModule final : public Module {
 public:
  ~SimpleModule() override { say("delete"); }
  const ModuleDescriptor& descriptor() const noexcept override { return kDescriptor; }
  bool init(InitContext& ctx) override {
    core_ = &ctx.core();
    say("init");
    if (SM_INIT == 1) {
      ctx.fail("cannot open /nonexistent/db");
      return false;
    }
    if (SM_INIT == 2) throw std::runtime_error("exploded");
    return true;
  }
  void shutdown() noexcept override { say("shutdown"); }

 private:
  void say(std::string_view what) noexcept {
    if (core_) core_->log(LogLevel::Info, "order", std::string(what) + " " + SM_NAME);
  }
  CoreApi* core_ = nullptr;
};

}  // namespace simple

PINHOLE_MODULE(simple::SimpleModule, SM_NAME, "1");
