// The per-message path does not touch the heap: conditions, calls, flags, named routes, template
// expansion and $ru/$du/$rU rewriting use the message arena only. Linked with the benchmarks'
// operator new counter, in its own executable.
#include <gtest/gtest.h>

#include <string>

#include <toml++/toml.h>

#include "alloc_counter.h"
#include "pinhole/context.h"
#include "route/compiler.h"
#include "route/interpreter.h"

namespace pinhole::route {
namespace {

// Handlers and core that do not allocate either, so any count is the engine's.
int g_calls = 0;
Outcome count(Module&, MsgContext&, std::span<const Arg> args) noexcept {
  ++g_calls;
  return args.empty() || !args[0].text.empty() ? Outcome::True : Outcome::False;
}

const ArgSpec kText[] = {{.name = "text", .type = ArgType::String}};
const FunctionSpec kFunctions[] = {{.name = "yes", .hooks = kInAnyHook, .handler = &count},
                                   {.name = "text", .args = kText, .hooks = kInAnyHook,
                                    .handler = &count}};

class CountModule : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override { return descriptor_; }

 private:
  ModuleDescriptor descriptor_{.name = "c", .version = "test", .functions = kFunctions};
};

class QuietCore : public CoreApi {
 public:
  Result<void> sendReply(MsgContext&, int, std::string_view) override { return {}; }
  Result<void> forwardStateless(MsgContext&) override { return {}; }
  bool isMyself(std::string_view host, uint16_t) const noexcept override {
    return host == "proxy.example.com";
  }
  bool logEnabled(LogLevel, std::string_view) const noexcept override { return true; }
  void log(LogLevel, std::string_view, std::string_view text) noexcept override {
    last_log_size = text.size();
  }
  std::size_t last_log_size = 0;
};

const std::string kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK74bf9;rport\r\n"
    "Max-Forwards: 70\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 2 INVITE\r\n"
    "X-Custom: hello\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

TEST(RouteNoAlloc, PerMessagePathDoesNotTouchTheHeap) {
  CountModule module;
  ModuleFunctions lookup;
  lookup.add("c", module);
  toml::table config = toml::parse(R"toml(
[flags]
message = ["SEEN"]
[[route.request]]
if   = """c.yes() and method == 'INVITE' and $hdr(X-Custom) != '' and $hdr(X-Other) == ''
          and not isflagset(SEEN) and uri != myself and $sp > 1000 and $cs == 2"""
then = ["setflag(SEEN)", "c.text('$fU@$si:$sp;tag=$ft')", "route(R)", "$du = 'sip:$si:$sp'",
        "$rU = 'carol'", "log(info, 'to $ru via $du, $rU at $rd')", "force_rport()"]
[[route.request]]
if   = "route(R) or c.text($hdr(X-Other))"
then = "c.text('static text')"
else = "forward()"
[[route.named.R]]
if   = "$rU == 'bob'"
then = "return(false)"
)toml");
  CompileResult compiled = compile(config, "test.toml", lookup);

  Arena arena;
  sip::Message msg(arena);
  ASSERT_TRUE(msg.parse(kInvite).ok());
  sip::EditList edits(arena, msg.layout());
  PeerInfo source{"203.0.113.7", 40123, Transport::Udp, false};
  LocalInfo local{1, "192.0.2.10", 5060, Transport::Udp, "192.0.2.10", 5060};
  QuietCore core;
  MsgContext ctx(msg, edits, Hook::Request, source, local, core);

  bench::HeapCounts before = bench::heapCounts();
  Outcome o = run(*compiled.program, Hook::Request, ctx);
  bench::HeapCounts after = bench::heapCounts();

  EXPECT_EQ(o, Outcome::True);
  // c.yes, c.text(template), c.text(static): route(R) is true the second time.
  EXPECT_EQ(g_calls, 3);
  EXPECT_EQ(ctx.requestUri(), "sip:carol@biloxi.example.com");
  EXPECT_EQ(ctx.destinationUri(), "sip:203.0.113.7:40123");
  EXPECT_EQ(core.last_log_size, std::string("to sip:carol@biloxi.example.com via "
                                            "sip:203.0.113.7:40123, carol at biloxi.example.com")
                                    .size());
  EXPECT_EQ(after.allocations - before.allocations, 0u);
}

}  // namespace
}  // namespace pinhole::route
