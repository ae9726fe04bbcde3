// "testmod": a module using every parameter type, functions with arguments and hooks, and a
// function that calls into the core's message code (resolved from the test program at load).
#include <span>
#include <string>
#include <string_view>

#include "pinhole/context.h"
#include "pinhole/module.h"

namespace testmod {

using namespace pinhole;

class TestModule final : public Module {
 public:
  ~TestModule() override {
    if (core_) core_->log(LogLevel::Info, "testmod", "deleted");
  }
  const ModuleDescriptor& descriptor() const noexcept override;

  bool init(InitContext& ctx) override {
    core_ = &ctx.core();
    timeout_ = ctx.integer("timeout");
    std::string_view label = ctx.text("label");
    if (label == "fail") {
      ctx.fail("label asked me to fail");
      return false;
    }
    if (label == "throw") throw std::runtime_error("thrown from init");
    if (label == "undeclared") (void)ctx.param("no_such_param");
    std::string peers;
    for (const std::string& p : ctx.list("peers")) peers += p + ";";
    core_->log(LogLevel::Info, "testmod",
               "init timeout=" + std::to_string(timeout_) +
                   " enabled=" + (ctx.boolean("enabled") ? "true" : "false") +
                   " backend=" + std::string(ctx.text("backend")) + " peers=" + peers);
    return true;
  }
  bool workerInit(WorkerContext& ctx) override {
    return !(ctx.worker() == 1 && ctx.workerCount() == 13);  // the test's way to fail a worker
  }
  void shutdown() noexcept override { core_->log(LogLevel::Info, "testmod", "shutdown"); }

  Outcome isTimeout(MsgContext&, std::span<const Arg> args) noexcept {
    return args[0].integer == timeout_ ? Outcome::True : Outcome::False;
  }
  Outcome hasHeader(MsgContext& ctx, std::span<const Arg> args) noexcept {
    return ctx.msg().header(args[0].text) ? Outcome::True : Outcome::False;
  }

 private:
  CoreApi* core_ = nullptr;
  int64_t timeout_ = 0;
};

constexpr std::string_view kBackends[] = {"memory", "sqlite", "redis"};

constexpr ParamSpec kParams[] = {
    {.name = "timeout", .type = ParamType::Int, .default_int = 30, .min = 1, .max = 3600},
    {.name = "enabled", .type = ParamType::Bool, .default_bool = true},
    {.name = "backend", .type = ParamType::String, .default_string = "memory",
     .choices = kBackends},
    {.name = "peers", .type = ParamType::StringList},
    {.name = "label", .type = ParamType::String},
};

constexpr ArgSpec kIntArg[] = {{.name = "value", .type = ArgType::Int}};
constexpr ArgSpec kStringArg[] = {{.name = "name", .type = ArgType::String}};

constexpr FunctionSpec kFunctions[] = {
    {.name = "is_timeout", .args = kIntArg, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(TestModule, isTimeout)},
    {.name = "has_header", .args = kStringArg, .hooks = kInRequest | kInReply,
     .handler = PINHOLE_HANDLER(TestModule, hasHeader)},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "testmod",
    .version = "0.0.1",
    .summary = "loader test module",
    .params = kParams,
    .functions = kFunctions,
};

const ModuleDescriptor& TestModule::descriptor() const noexcept { return kDescriptor; }

}  // namespace testmod

PINHOLE_MODULE(testmod::TestModule, "testmod", "0.0.1");
