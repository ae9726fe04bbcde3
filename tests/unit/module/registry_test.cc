// Registry with modules linked into the test (no .so): lookup, start-up order and failures,
// shutdown and deletion in reverse.
#include "module/registry.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "module/load_error.h"
#include "unit/module/fake_core_api.h"

namespace pinhole::mod {
namespace {

using Log = std::vector<std::string>;

Outcome alwaysTrue(Module&, MsgContext&, std::span<const Arg>) noexcept { return Outcome::True; }

constexpr ArgSpec kArgs[] = {{.name = "code", .type = ArgType::Int, .min = 100, .max = 699}};
constexpr FunctionSpec kFunctions[] = {
    {.name = "send_reply", .args = kArgs, .hooks = kInRequest | kInFailure,
     .handler = &alwaysTrue},
    {.name = "other", .handler = &alwaysTrue},
};
constexpr ParamSpec kParams[] = {{.name = "size", .type = ParamType::Int, .default_int = 7}};

enum class InitMode { Ok, Fail, FailSilently, Throw, ThrowOther, Undeclared };

class LinkedModule final : public Module {
 public:
  LinkedModule(std::string_view name, Log& log, InitMode mode = InitMode::Ok)
      : log_(log), mode_(mode) {
    descriptor_.name = name;
    descriptor_.functions = kFunctions;
    descriptor_.params = kParams;
  }
  ~LinkedModule() override { log_.push_back("delete " + std::string(descriptor_.name)); }
  const ModuleDescriptor& descriptor() const noexcept override { return descriptor_; }
  bool init(InitContext& ctx) override {
    log_.push_back("init " + std::string(descriptor_.name) + " size=" +
                   std::to_string(ctx.integer("size")));
    switch (mode_) {
      case InitMode::Ok: return true;
      case InitMode::Fail: ctx.fail("no database"); return false;
      case InitMode::FailSilently: return false;
      case InitMode::Throw: throw std::runtime_error("bad state");
      case InitMode::ThrowOther: throw 42;
      case InitMode::Undeclared: return ctx.param("colour").text.empty();
    }
    return true;
  }
  bool workerInit(WorkerContext& ctx) override {
    log_.push_back("worker " + std::string(descriptor_.name) + " " +
                   std::to_string(ctx.worker()) + "/" + std::to_string(ctx.workerCount()));
    return true;
  }
  void shutdown() noexcept override { log_.push_back("shutdown " + std::string(descriptor_.name)); }

 private:
  Log& log_;
  InitMode mode_;
  ModuleDescriptor descriptor_;
};

class ModuleRegistryTest : public ::testing::Test {
 protected:
  void add(std::string_view name, InitMode mode = InitMode::Ok) {
    registry_->add(std::make_unique<LinkedModule>(name, log_, mode), ParamSet{});
  }
  std::string initError() {
    try {
      registry_->initAll(core_);
    } catch (const ModuleLoadError& e) {
      return e.what();
    }
    return "no error";
  }

  Log log_;  // outlives the registry: modules write to it when deleted
  test::FakeCoreApi core_;
  std::optional<Registry> registry_{std::in_place};
};

TEST_F(ModuleRegistryTest, FindsFunctionsByModuleAndName) {
  add("sl");
  add("rr");
  const ResolvedFunction* f = registry_->find("sl", "send_reply");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->module, registry_->module("sl"));
  EXPECT_EQ(f->module_name, "sl");
  EXPECT_EQ(f->spec, &kFunctions[0]);
  EXPECT_EQ(f->spec->hooks, kInRequest | kInFailure);
  EXPECT_EQ(registry_->find("rr", "other")->module, registry_->module("rr"));
  EXPECT_EQ(registry_->find("sl", "nope"), nullptr);
  EXPECT_EQ(registry_->find("nope", "send_reply"), nullptr);
  EXPECT_EQ(registry_->names(), (std::vector<std::string_view>{"sl", "rr"}));
  EXPECT_EQ(registry_->param("sl", "size")->integer, 7);  // defaults filled in by add()
}

TEST_F(ModuleRegistryTest, ResolvedFunctionsSurviveMovingTheRegistry) {
  add("sl");
  const ResolvedFunction* before = registry_->find("sl", "send_reply");
  Registry moved(std::move(*registry_));
  EXPECT_EQ(moved.find("sl", "send_reply"), before);
  EXPECT_EQ(moved.find("sl", "send_reply")->module_name, "sl");
}

TEST_F(ModuleRegistryTest, MoveAssignmentTearsDownWhatWasThere) {
  add("old");
  registry_->initAll(core_);
  Registry fresh;
  fresh.add(std::make_unique<LinkedModule>("new", log_), ParamSet{});
  *registry_ = std::move(fresh);
  EXPECT_EQ(log_, (Log{"init old size=7", "shutdown old", "delete old"}));
  EXPECT_EQ(registry_->names(), (std::vector<std::string_view>{"new"}));
  EXPECT_EQ(fresh.size(), 0u);  // NOLINT: moved-from is empty by contract
}

TEST_F(ModuleRegistryTest, RefusesDuplicateModule) {
  add("sl");
  try {
    add("sl");
    FAIL();
  } catch (const ModuleLoadError& e) {
    EXPECT_STREQ(e.what(), "module 'sl' is loaded twice");
  }
}

TEST_F(ModuleRegistryTest, InitInOrderShutdownAndDeleteInReverse) {
  add("a");
  add("b");
  add("c");
  registry_->initAll(core_);
  registry_->workerInitAll(1, 2, core_);
  registry_->shutdownAll();
  registry_->shutdownAll();  // twice is harmless
  registry_.reset();
  EXPECT_EQ(log_, (Log{"init a size=7", "init b size=7", "init c size=7", "worker a 1/2",
                       "worker b 1/2", "worker c 1/2", "shutdown c", "shutdown b", "shutdown a",
                       "delete c", "delete b", "delete a"}));
}

TEST_F(ModuleRegistryTest, DestructorShutsDownWhatIsStillRunning) {
  add("a");
  add("b");
  registry_->initAll(core_);
  registry_.reset();
  EXPECT_EQ(log_, (Log{"init a size=7", "init b size=7", "shutdown b", "shutdown a", "delete b",
                       "delete a"}));
}

TEST_F(ModuleRegistryTest, InitFailureStopsStartUpWithTheReason) {
  add("a");
  add("db", InitMode::Fail);
  add("c");
  EXPECT_EQ(initError(), "module 'db' failed to start: no database");
  // c never started; a is shut down again; the failed one is not.
  EXPECT_EQ(log_, (Log{"init a size=7", "init db size=7", "shutdown a"}));
  registry_.reset();
  EXPECT_EQ(log_.size(), 6u);  // all three deleted
}

TEST_F(ModuleRegistryTest, InitFailureWithoutReason) {
  add("x", InitMode::FailSilently);
  EXPECT_EQ(initError(), "module 'x' failed to start: init() returned false without a reason");
}

TEST_F(ModuleRegistryTest, ExceptionsFromInitDoNotEscape) {
  add("x", InitMode::Throw);
  EXPECT_EQ(initError(), "module 'x' failed to start: it threw an exception: bad state");
}

TEST_F(ModuleRegistryTest, NonStandardExceptionsFromInitDoNotEscape) {
  add("x", InitMode::ThrowOther);
  EXPECT_EQ(initError(), "module 'x' failed to start: it threw an exception");
}

TEST_F(ModuleRegistryTest, UndeclaredParameterIsRefused) {
  add("x", InitMode::Undeclared);
  EXPECT_EQ(initError(), "module 'x' failed to start: it asked for parameter 'colour', which it "
                         "does not declare (a bug in the module)");
}

TEST_F(ModuleRegistryTest, RefusesBrokenFunctionTables) {
  struct Broken final : Module {
    explicit Broken(std::span<const FunctionSpec> f) { d.name = "broken"; d.functions = f; }
    const ModuleDescriptor& descriptor() const noexcept override { return d; }
    ModuleDescriptor d;
  };
  const FunctionSpec twice[] = {{.name = "f", .handler = &alwaysTrue},
                                {.name = "f", .handler = &alwaysTrue}};
  const FunctionSpec no_handler[] = {{.name = "f"}};
  EXPECT_THROW(registry_->add(std::make_unique<Broken>(twice), ParamSet{}), ModuleLoadError);
  EXPECT_THROW(registry_->add(std::make_unique<Broken>(no_handler), ParamSet{}), ModuleLoadError);
  EXPECT_EQ(registry_->size(), 0u);
}

}  // namespace
}  // namespace pinhole::mod
