// hello: the smallest useful Pinhole module. hello.greet(name) adds "X-Hello: <name>" to the
// request it runs on. It shows a descriptor with one parameter and one function, a handler
// that builds its text in the message's arena and records an edit, and the export.
#include <cstring>
#include <span>
#include <string_view>

#include "pinhole/context.h"
#include "pinhole/module.h"

namespace hello {

using namespace pinhole;

class HelloModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;

  bool init(InitContext& ctx) override {
    header_ = ctx.text("header");  // owned by the core for the life of the module
    if (header_.find_first_of(": \t\r\n") != std::string_view::npos) {
      ctx.fail("header must be a bare header name");
      return false;
    }
    return true;
  }

  Outcome greet(MsgContext& ctx, std::span<const Arg> args) noexcept {
    std::string_view name = args[0].text;
    // A CR or LF would let the argument inject header lines.
    if (name.find_first_of("\r\n") != std::string_view::npos) return Outcome::False;
    // "<header>: <name>", built in the per-message arena: no heap allocation, freed with the
    // message. addHeader copies it into the edit list.
    const std::size_t size = header_.size() + 2 + name.size();
    char* line = static_cast<char*>(ctx.arena().allocate(size, 1));
    std::memcpy(line, header_.data(), header_.size());
    std::memcpy(line + header_.size(), ": ", 2);
    std::memcpy(line + header_.size() + 2, name.data(), name.size());
    if (!ctx.edits().addHeader({line, size})) return Outcome::False;
    return Outcome::True;
  }

 private:
  std::string_view header_ = "X-Hello";
};

// Everything the descriptor points to is static: the library is never unloaded.
constexpr ParamSpec kParams[] = {
    {.name = "header", .type = ParamType::String, .default_string = "X-Hello",
     .doc = "name of the header greet() adds"},
};

constexpr ArgSpec kGreetArgs[] = {
    {.name = "name", .type = ArgType::String, .doc = "who to greet; pseudo-variables allowed"},
};

constexpr FunctionSpec kFunctions[] = {
    {.name = "greet",
     .args = kGreetArgs,
     .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(HelloModule, greet),
     .doc = "adds '<header>: <name>' to the request"},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "hello",
    .version = "1.0.0",
    .summary = "greets requests with a header (SDK example)",
    .params = kParams,
    .functions = kFunctions,
};

const ModuleDescriptor& HelloModule::descriptor() const noexcept { return kDescriptor; }

}  // namespace hello

PINHOLE_MODULE(hello::HelloModule, "hello", "1.0.0");
