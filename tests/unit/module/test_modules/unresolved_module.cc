// A module that needs a symbol no program provides: RTLD_NOW must refuse it at dlopen.
#include "pinhole/module.h"

extern "C" void pinhole_test_symbol_nobody_defines();

namespace unresolved {

constexpr pinhole::ModuleDescriptor kDescriptor = {.name = "unresolved", .version = "1"};

class Unresolved final : public pinhole::Module {
 public:
  const pinhole::ModuleDescriptor& descriptor() const noexcept override { return kDescriptor; }
  bool init(pinhole::InitContext&) override {
    pinhole_test_symbol_nobody_defines();
    return true;
  }
};

}  // namespace unresolved

PINHOLE_MODULE(unresolved::Unresolved, "unresolved", "1");
