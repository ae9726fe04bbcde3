// Calls through the stateful proxy (module tm) with SIPp on loopback: the transaction layer's
// behaviour on the wire, as the tm interface specifies it. Each test starts pinhole with a
// stateful configuration (tm.t_relay, rr.record_route, rr.loose_route in dialog) and SIPp peers
// running the scenarios of tests/integration/sipp/ (their headers say what each one does):
//   - record-routed calls get a 100 Trying and complete; a re-INVITE and BYE in the dialog;
//   - serial forking from a failure route (486 from the first callee, 200 from the second);
//   - parallel forking to two callees (the ringing one is cancelled, 487 ACKed hop-by-hop);
//   - the caller's CANCEL; no answer (fr_inv_timer: 408, callee cancelled); an unreachable
//     next hop (fr_timer: 408, or 503 from the failure route);
//   - packet loss on either side (retransmissions on both legs), a retransmitted INVITE that
//     must be absorbed, not relayed twice;
//   - four workers under load; a prompt stop on SIGTERM after stateful calls.
// SIPp's exit code is the verdict (0: every call went as its scenario says); some tests also read
// SIPp's message log (-trace_msg). Free ports, bounded time, processes stopped by PID; skipped
// with a message when SIPp is not installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/daemon_fixture.h"

namespace pinhole::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kIp = "127.0.0.1";

std::string scenario(const std::string& file) {
  return std::string(PINHOLE_TM_SIPP_DIR) + "/" + file;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The last `lines` lines of `text` (all of it when shorter).
std::string tail(const std::string& text, std::size_t lines) {
  std::size_t at = text.size();
  for (std::size_t n = 0; n <= lines && at > 0; ++n) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) return text;
  }
  return "[...]\n" + text.substr(at + 1);
}

std::string head(const std::string& text, std::size_t chars) {
  return text.size() <= chars ? text : text.substr(0, chars) + "\n[...]";
}

// True once something listens on UDP 127.0.0.1:port (read from /proc/net/udp: binding a probe
// socket could take the port from under the peer starting up).
bool udpBound(uint16_t port) {
  char needle[32];
  std::snprintf(needle, sizeof needle, "0100007F:%04X ", port);
  std::string table = readFile("/proc/net/udp");
  if (table.find(needle) != std::string::npos) return true;
  std::snprintf(needle, sizeof needle, "00000000:%04X ", port);
  return table.find(needle) != std::string::npos;
}

bool waitUdpBound(uint16_t port, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (udpBound(port)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return udpBound(port);
}

// One message of a SIPp -trace_msg log.
struct LoggedMessage {
  bool received = false;
  std::string text;  // the SIP message as logged

  bool isRequest(const std::string& method) const {
    return text.compare(0, method.size() + 1, method + " ") == 0;
  }
  int status() const {
    return text.compare(0, 8, "SIP/2.0 ") == 0 ? std::atoi(text.c_str() + 8) : 0;
  }
  // The first header called `name` (exact case, as SIPp and pinhole write them), trimmed.
  std::string header(const std::string& name) const {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) break;  // end of the headers
      if (line.compare(0, name.size() + 1, name + ":") == 0) {
        std::size_t v = line.find_first_not_of(' ', name.size() + 1);
        return v == std::string::npos ? std::string() : line.substr(v);
      }
    }
    return {};
  }
};

// Splits a -trace_msg log into its messages, sent and received. A message SIPp drops on purpose
// (-lost, lost="...") while sending is logged as a note only, so it is not in the list; one it
// drops on receipt is (it did arrive).
std::vector<LoggedMessage> parseMessageLog(const std::string& log) {
  // Each message: "<sep> <time>\nUDP message received [N] bytes :\n\n<message>" or
  // "... sent (N bytes):"; the loss notes are glued in front of the next separator.
  static const std::string sep = "-----------------------------------------------";
  static const char* const notes[] = {"UDP message voluntary lost (while sending).",
                                      "UDP message lost (recv)."};
  std::vector<LoggedMessage> out;
  std::size_t at = log.find(sep);
  while (at != std::string::npos) {
    std::size_t next = log.find(sep, at + sep.size());
    std::string block = log.substr(at, next == std::string::npos ? std::string::npos : next - at);
    at = next;
    for (const char* note : notes)
      for (std::size_t n = block.find(note); n != std::string::npos; n = block.find(note))
        block.erase(n, std::string(note).size());
    std::size_t l1 = block.find('\n');
    if (l1 == std::string::npos) continue;
    std::size_t l2 = block.find('\n', l1 + 1);
    if (l2 == std::string::npos) continue;
    std::string what = block.substr(l1 + 1, l2 - l1 - 1);
    LoggedMessage m;
    m.received = what.find("message received") != std::string::npos;
    if (!m.received && what.find("message sent") == std::string::npos) continue;
    std::size_t body = block.find_first_not_of("\r\n", l2);
    if (body == std::string::npos) continue;
    m.text = block.substr(body);
    out.push_back(std::move(m));
  }
  return out;
}

// The SIPp peers of one test: started on free loopback ports, each with its screen output,
// error log and (optionally) message log in the daemon's directory; stopped by PID.
class Peers {
 public:
  struct Peer {
    std::string name;
    std::string dir;
    std::unique_ptr<Process> process;
    Clock::time_point started;
    std::optional<int> status;
    Clock::duration ran{};  // start to exit, for callers (waited for first)

    std::string errors() const { return readFile(dir + "/" + name + "_errors.log"); }
    std::string messageLog() const { return readFile(dir + "/" + name + "_messages.log"); }
    std::vector<LoggedMessage> messages() const { return parseMessageLog(messageLog()); }
    double seconds() const { return std::chrono::duration<double>(ran).count(); }
  };

  explicit Peers(Daemon& d) : d_(d), sipp_(findInPath("sipp")) {}

  // A callee on 127.0.0.1:port running `file` for `calls` calls; returns once it listens.
  Peer& uas(const std::string& name, const std::string& file, uint16_t port, int calls,
            std::vector<std::string> extra = {}, bool trace = false, int timeout_s = 20) {
    std::vector<std::string> argv = {sipp_,
                                     "-sf",
                                     scenario(file),
                                     "-i",
                                     kIp,
                                     "-p",
                                     std::to_string(port),
                                     "-m",
                                     std::to_string(calls)};
    Peer& p = start(name, std::move(argv), std::move(extra), trace, timeout_s);
    if (!waitUdpBound(port, 5s)) ADD_FAILURE() << name << " does not listen on port " << port;
    return p;
  }

  // A caller of sip:service@127.0.0.1:<callee_port>, sending everything to the proxy (-rsa).
  Peer& uac(const std::string& name, const std::string& file, uint16_t callee_port, int calls,
            std::vector<std::string> extra = {}, bool trace = false, int timeout_s = 20) {
    std::vector<std::string> argv = {sipp_,          "-sf",
                                     scenario(file), kIp + ":" + std::to_string(callee_port),
                                     "-rsa",         kIp + ":" + std::to_string(d_.port()),
                                     "-i",           kIp,
                                     "-p",           std::to_string(freePort(kIp)),
                                     "-m",           std::to_string(calls)};
    return start(name, std::move(argv), std::move(extra), trace, timeout_s);
  }

  // Waits for every peer (callers first, in start order, then callees) until `timeout` from
  // now; the ones still running then are stopped. When a caller failed, the callees get 3 s
  // more only (they would wait for calls that never come). "" when every peer exited 0, else
  // what failed with the logs.
  std::string finish(std::chrono::milliseconds timeout = 30s) {
    auto deadline = Clock::now() + timeout;
    for (bool callers : {true, false}) {
      if (!callers) {
        bool failed = false;
        for (auto& p : peers_) failed = failed || (isCaller(*p) && p->status != 0);
        if (failed) deadline = std::min(deadline, Clock::now() + 3s);
      }
      for (auto& p : peers_) {
        if (isCaller(*p) != callers || p->status) continue;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        p->status = p->process->wait(std::max(left, 0ms));
        p->ran = Clock::now() - p->started;
        if (!p->status) p->process->stop(1s);
      }
    }
    bool ok = true;
    for (auto& p : peers_) ok = ok && p->status == 0;
    return ok ? std::string() : report();
  }

  // Every peer's exit and logs, and the end of the proxy's log.
  std::string report() const {
    std::string out;
    for (auto& p : peers_) {
      out += "\n===== " + p->name + ": " +
             (p->status ? "exit " + std::to_string(*p->status)
                        : std::string("did not finish (stopped)")) +
             "\n--- errors:\n" + head(p->errors(), 6000) + "\n--- screen:\n" +
             tail(p->process->output(), 40);
    }
    return out + "\n===== pinhole log:\n" + tail(d_.log(), 200);
  }

 private:
  static bool isCaller(const Peer& p) { return p.name.rfind("uac", 0) == 0; }

  Peer& start(const std::string& name, std::vector<std::string> argv,
              std::vector<std::string> extra, bool trace, int timeout_s) {
    auto p = std::make_unique<Peer>();
    p->name = name;
    p->dir = d_.dir();
    argv.insert(argv.end(), {"-nostdin", "-buff_size", "4194304", "-timeout",
                             std::to_string(timeout_s) + "s", "-timeout_error", "-trace_err",
                             "-error_file", p->dir + "/" + name + "_errors.log"});
    if (trace)
      argv.insert(argv.end(),
                  {"-trace_msg", "-message_file", p->dir + "/" + name + "_messages.log"});
    argv.insert(argv.end(), extra.begin(), extra.end());
    p->started = Clock::now();
    p->process = std::make_unique<Process>(argv, p->dir + "/" + name + ".log");
    peers_.push_back(std::move(p));
    return *peers_.back();
  }

  Daemon& d_;
  std::string sipp_;
  std::vector<std::unique_ptr<Peer>> peers_;
};

// The stateful proxy of the tm interface: loops refused, OPTIONS to itself answered (the
// fixture's readiness probe), in-dialog requests loose-routed and relayed by tm (an ACK that
// matches no route: absorbed when hop-by-hop, else relayed), CANCEL matched to its INVITE,
// retransmissions absorbed, INVITEs record-routed. `relay` are the last request rules, which
// give the initial request its target(s) and relay it; `named` more named routes; `tm` the
// [modules.tm] parameters. @NAME@ placeholders are replaced from `ports`.
std::string statefulRoutes(const std::string& tm, const std::string& relay,
                           const std::string& named = "",
                           const std::map<std::string, uint16_t>& ports = {}) {
  std::string text = (tm.empty() ? std::string() : "[modules.tm]\n" + tm + "\n\n") + R"toml(
[[route.request]]
if   = "not maxfwd.process_maxfwd(10)"
then = ["sl.send_reply(483, 'Too Many Hops')", "exit"]

[[route.request]]
if   = "method == 'OPTIONS' and uri == myself"
then = ["sl.send_reply(200, 'OK')", "exit"]

[[route.request]]
if   = "siputils.has_totag()"
then = ["route(WITHINDLG)", "exit"]

[[route.request]]
if   = "method == 'CANCEL'"
then = ["tm.t_relay()", "exit"]

[[route.request]]
do   = "tm.t_check_trans()"

[[route.request]]
if   = "method == 'INVITE'"
then = "rr.record_route()"
)toml" + relay + R"toml(
[[route.named.WITHINDLG]]
if   = "rr.loose_route()"
then = ["tm.t_relay()", "exit"]

[[route.named.WITHINDLG]]
if   = "method == 'ACK'"
then = ["tm.t_relay()", "exit"]

[[route.named.WITHINDLG]]
do   = "sl.send_reply(404, 'Not here')"
)toml" + named;
  for (const auto& [name, port] : ports)
    text = replaceAll(text, "@" + name + "@", std::to_string(port));
  return text;
}

// Relays every initial request to 127.0.0.1:@UAS@.
const char* kRelayToUas = R"toml(
[[route.request]]
do   = ["$du = 'sip:127.0.0.1:@UAS@'", "tm.t_relay()"]
)toml";

DaemonOptions statefulOptions(std::string routes, std::vector<std::string> extra_args = {}) {
  DaemonOptions o;
  o.routes = std::move(routes);
  o.load = {"sl", "tm", "rr", "maxfwd", "siputils", "textops"};
  o.extra_args = std::move(extra_args);
  return o;
}

int countReceived(const std::vector<LoggedMessage>& messages, const std::string& method) {
  int n = 0;
  for (const auto& m : messages) n += m.received && m.isRequest(method);
  return n;
}

class TmCalls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (findInPath("sipp").empty()) GTEST_SKIP() << "SIPp not installed (apt package sip-tester)";
  }
};

// 1. INVITE / 100 / 180 / 200 / ACK / BYE / 200 through the record-routing stateful proxy: every
// caller needs the proxy's 100 Trying (uac_call.xml requires it) and every call completes,
// ACK and BYE loose-routed through the proxy.
TEST_F(TmCalls, RecordRoutedCallsGet100TryingAndComplete) {
  constexpr int kCalls = 25;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  peers.uas("uas", "uas_call.xml", uas_port, kCalls);
  peers.uac("uac", "uac_call.xml", uas_port, kCalls, {"-r", "10"}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_EQ(d.probe(), 200);
}

// 1b. A re-INVITE and the BYE inside the dialog, every in-dialog request (ACK, re-INVITE, ACK,
// BYE) with the route set, loose-routed and relayed through tm.
TEST_F(TmCalls, ReinviteAndByeInDialogAreLooseRouted) {
  constexpr int kCalls = 5;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& uas = peers.uas("uas", "uas_reinvite.xml", uas_port, kCalls, {}, /*trace=*/true);
  peers.uac("uac", "uac_reinvite.xml", uas_port, kCalls, {"-r", "10"}, /*trace=*/true);
  std::string failure = peers.finish();
  ASSERT_TRUE(failure.empty()) << failure;
  // The in-dialog requests came through the proxy with its Route entry consumed.
  for (const auto& m : uas.messages()) {
    if (m.received && (m.isRequest("INVITE") || m.isRequest("BYE")) && !m.header("To").empty() &&
        m.header("To").find("tag=") != std::string::npos) {
      EXPECT_EQ(m.header("Route"), "") << "in-dialog request left with a Route header:\n" << m.text;
    }
  }
}

// 2. Serial forking: the first callee is busy (486); the failure route armed with
// tm.on_failure sends the INVITE to the second callee, which answers. The caller never sees the
// 486 (uac_call.xml fails on it), gets the 200, and ACK/BYE reach the second callee through
// the proxy.
TEST_F(TmCalls, FailureRouteForksSeriallyAfterBusy) {
  constexpr int kCalls = 5;
  uint16_t busy_port = freePort(kIp);
  uint16_t answer_port = freePort(kIp);
  const char* relay = R"toml(
[[route.request]]
do   = ["tm.on_failure(NEXT_HOP)", "$du = 'sip:127.0.0.1:@UAS1@'", "tm.t_relay()"]
)toml";
  const char* named = R"toml(
[[route.named.NEXT_HOP]]
if   = "$T_reply_code == 486"
then = ["$du = 'sip:127.0.0.1:@UAS2@'", "tm.t_relay()", "exit"]
)toml";
  Daemon d(statefulOptions(
      statefulRoutes("", relay, named, {{"UAS1", busy_port}, {"UAS2", answer_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& busy = peers.uas("uas_busy", "uas_busy.xml", busy_port, kCalls, {}, /*trace=*/true);
  auto& answer = peers.uas("uas_answer", "uas_call.xml", answer_port, kCalls, {}, /*trace=*/true);
  auto& uac = peers.uac("uac", "uac_call.xml", busy_port, kCalls, {"-r", "10"}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  for (const auto& m : uac.messages())
    EXPECT_FALSE(m.received && m.status() == 486) << "the caller got the 486:\n" << m.text;
  EXPECT_EQ(countReceived(busy.messages(), "INVITE"), kCalls);
  EXPECT_EQ(countReceived(answer.messages(), "INVITE"), kCalls);
  EXPECT_EQ(countReceived(answer.messages(), "BYE"), kCalls);
}

// 3. Parallel forking: $ru for the first branch, append_branch() for the second, distinct
// Request-URIs. The first callee answers after 300 ms; the second rings and must be cancelled
// (CANCEL answered 200, INVITE 487, then the proxy's ACK). The caller gets exactly one 200.
TEST_F(TmCalls, ParallelForkCancelsTheRingingBranch) {
  constexpr int kCalls = 3;
  uint16_t answer_port = freePort(kIp);
  uint16_t ring_port = freePort(kIp);
  const char* relay = R"toml(
[[route.request]]
do   = ["$ru = 'sip:a@127.0.0.1:@UAS1@'", "append_branch('sip:b@127.0.0.1:@UAS2@')", "tm.t_relay()"]
)toml";
  Daemon d(
      statefulOptions(statefulRoutes("", relay, "", {{"UAS1", answer_port}, {"UAS2", ring_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& answer = peers.uas("uas_answer", "uas_call.xml", answer_port, kCalls, {"-d", "300"},
                           /*trace=*/true);
  auto& ring = peers.uas("uas_ring", "uas_ring_cancel.xml", ring_port, kCalls, {}, /*trace=*/true);
  auto& uac = peers.uac("uac", "uac_call.xml", answer_port, kCalls, {"-r", "5"}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;

  const std::string a = "INVITE sip:a@127.0.0.1:" + std::to_string(answer_port) + " ";
  const std::string b = "INVITE sip:b@127.0.0.1:" + std::to_string(ring_port) + " ";
  int a_invites = 0, b_invites = 0;
  for (const auto& m : answer.messages()) a_invites += m.received && m.text.rfind(a, 0) == 0;
  for (const auto& m : ring.messages()) b_invites += m.received && m.text.rfind(b, 0) == 0;
  EXPECT_EQ(a_invites, kCalls) << "branch 1 ($ru) INVITEs with Request-URI " << a;
  EXPECT_EQ(b_invites, kCalls) << "branch 2 (append_branch) INVITEs with Request-URI " << b;
  EXPECT_EQ(countReceived(ring.messages(), "CANCEL"), kCalls);
  EXPECT_EQ(countReceived(ring.messages(), "ACK"), kCalls);

  // One 2xx per call reached the caller (however often it was retransmitted): one To tag.
  std::map<std::string, std::set<std::string>> ok_tags;  // Call-ID -> To headers of 200/INVITE
  for (const auto& m : uac.messages())
    if (m.received && m.status() / 100 == 2 && m.header("CSeq").find("INVITE") != std::string::npos)
      ok_tags[m.header("Call-ID")].insert(m.header("To"));
  EXPECT_EQ(ok_tags.size(), static_cast<std::size_t>(kCalls));
  for (const auto& [call, tags] : ok_tags) EXPECT_EQ(tags.size(), 1u) << "call " << call;
}

// 4. The caller cancels while the callee rings: 200 for the CANCEL and 487 for the INVITE
// (which the caller ACKs to the proxy); the callee gets the CANCEL, answers 200/487 and gets
// the proxy's ACK.
TEST_F(TmCalls, CallerCancelReachesTheCallee) {
  constexpr int kCalls = 3;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& uas = peers.uas("uas", "uas_ring_cancel.xml", uas_port, kCalls, {}, /*trace=*/true);
  peers.uac("uac", "uac_cancel.xml", uas_port, kCalls, {"-r", "5"}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  // The caller's ACK for the 487 is hop-by-hop: absorbed, the callee's ACK is the proxy's own.
  EXPECT_EQ(countReceived(uas.messages(), "ACK"), kCalls);
}

// 5a. No answer: the callee rings and nothing more. fr_inv_timer = 2000: the caller gets 408
// about 2 s after the 180, and the callee gets a CANCEL. (tm refuses an fr_inv_timer below
// fr_timer, hence fr_timer = 1000; the 180 comes at once, so fr_timer plays no part.)
TEST_F(TmCalls, NoAnswerTimesOutWith408AndCancelsTheCallee) {
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("fr_timer = 1000\nfr_inv_timer = 2000", kRelayToUas, "",
                                          {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  peers.uas("uas", "uas_ring_cancel.xml", uas_port, 1, {}, /*trace=*/true);
  auto& uac = peers.uac("uac", "uac_408.xml", uas_port, 1, {}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_GE(uac.seconds(), 1.8) << "408 before fr_inv_timer (2 s) ran out";
  EXPECT_LE(uac.seconds(), 6.0) << "408 long after fr_inv_timer (2 s)";
}

// 5b. The next hop never answers (nobody listens on that UDP port): fr_timer = 1000, the caller
// gets 408 well before the default fr_timer (5 s).
TEST_F(TmCalls, UnreachableNextHopTimesOutWith408) {
  uint16_t dead_port = freePort(kIp);
  Daemon d(
      statefulOptions(statefulRoutes("fr_timer = 1000", kRelayToUas, "", {{"UAS", dead_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& uac = peers.uac("uac", "uac_408.xml", dead_port, 1, {}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_LE(uac.seconds(), 4.0) << "fr_timer = 1000 not applied?";
}

// 5c. The same, with a failure route that turns the local timeout into 503.
TEST_F(TmCalls, FailureRouteTurnsTimeoutInto503) {
  uint16_t dead_port = freePort(kIp);
  const char* relay = R"toml(
[[route.request]]
do   = ["tm.on_failure(UNAVAILABLE)", "$du = 'sip:127.0.0.1:@UAS@'", "tm.t_relay()"]
)toml";
  const char* named = R"toml(
[[route.named.UNAVAILABLE]]
if   = "$T_reply_code == 408"
then = ["tm.t_reply(503, 'Service Unavailable')", "exit"]
)toml";
  Daemon d(statefulOptions(statefulRoutes("fr_timer = 1000", relay, named, {{"UAS", dead_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& uac = peers.uac("uac", "uac_503.xml", dead_port, 1, {}, /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_LE(uac.seconds(), 4.0) << "fr_timer = 1000 not applied?";
}

// 6a. 10 % of the caller's packets lost (sent and received), retransmissions on: every call
// completes, and the callee sees one INVITE and one BYE per call (the caller's retransmissions
// are absorbed by the proxy's server transactions, not relayed).
TEST_F(TmCalls, CallerSideLossIsRecoveredAndRetransmissionsAbsorbed) {
  constexpr int kCalls = 25;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& uas = peers.uas("uas", "uas_call_lossy.xml", uas_port, kCalls, {}, /*trace=*/true, 40);
  peers.uac("uac", "uac_call_lossy.xml", uas_port, kCalls, {"-r", "10", "-lost", "10"},
            /*trace=*/true, 40);
  std::string failure = peers.finish(50s);
  EXPECT_TRUE(failure.empty()) << failure;
  auto received = uas.messages();
  EXPECT_EQ(countReceived(received, "INVITE"), kCalls);
  EXPECT_EQ(countReceived(received, "BYE"), kCalls);
}

// 6b. 10 % of the callee's packets lost: the proxy's client transactions retransmit the
// INVITE and the BYE (timers A and E), the callee retransmits its 200 through the proxy, and
// every call completes.
TEST_F(TmCalls, CalleeSideLossIsRecoveredByProxyRetransmissions) {
  constexpr int kCalls = 25;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  peers.uas("uas", "uas_call_lossy.xml", uas_port, kCalls, {"-lost", "10"}, /*trace=*/true, 40);
  peers.uac("uac", "uac_call_lossy.xml", uas_port, kCalls, {"-r", "10"}, /*trace=*/true, 40);
  std::string failure = peers.finish(50s);
  EXPECT_TRUE(failure.empty()) << failure;
}

// 6c. A retransmitted INVITE is absorbed: the caller drops every provisional so SIPp
// retransmits its INVITE after 500 ms while the callee takes 1.2 s to answer; the proxy
// answers the retransmission itself, the callee sees one INVITE per call.
TEST_F(TmCalls, RetransmittedInviteIsAbsorbedNotRelayed) {
  constexpr int kCalls = 5;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  auto& uas = peers.uas("uas", "uas_call.xml", uas_port, kCalls, {"-d", "1200"}, /*trace=*/true);
  auto& uac = peers.uac("uac", "uac_invite_retrans.xml", uas_port, kCalls, {"-r", "10"},
                        /*trace=*/true);
  std::string failure = peers.finish();
  EXPECT_TRUE(failure.empty()) << failure;
  int sent = 0;
  for (const auto& m : uac.messages()) sent += !m.received && m.isRequest("INVITE");
  EXPECT_GT(sent, kCalls) << "the caller did not retransmit: the test proves nothing";
  EXPECT_EQ(countReceived(uas.messages(), "INVITE"), kCalls)
      << "the caller sent " << sent << " INVITEs for " << kCalls << " calls";
}

// 7. Four workers under load: 500 calls at 200 calls/s through the stateful proxy, none
// failed, and the proxy still answers afterwards.
TEST_F(TmCalls, FourWorkersCarry500CallsAt200PerSecond) {
  constexpr int kCalls = 500;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}}),
                           {"-w", "4", "--log-level", "info"}));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  peers.uas("uas", "uas_call.xml", uas_port, kCalls, {}, false, 40);
  peers.uac("uac", "uac_call.xml", uas_port, kCalls, {"-r", "200", "-l", "400"}, false, 40);
  std::string failure = peers.finish(50s);
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_EQ(d.probe(), 200) << tail(d.log(), 100);
}

// The daemon stops promptly on SIGTERM after stateful calls (completed transactions still kept
// for wait_timer), as it does without tm: exit 0 within 2 s.
TEST_F(TmCalls, StopsPromptlyAfterCalls) {
  constexpr int kCalls = 3;
  uint16_t uas_port = freePort(kIp);
  Daemon d(statefulOptions(statefulRoutes("", kRelayToUas, "", {{"UAS", uas_port}})));
  ASSERT_TRUE(d.ready()) << d.log();
  Peers peers(d);
  peers.uas("uas", "uas_call.xml", uas_port, kCalls);
  peers.uac("uac", "uac_call.xml", uas_port, kCalls, {"-r", "10"});
  std::string failure = peers.finish();
  ASSERT_TRUE(failure.empty()) << failure;
  auto stopping = Clock::now();
  int status = d.process().stop(10s);
  double took = std::chrono::duration<double>(Clock::now() - stopping).count();
  EXPECT_EQ(status, 0) << tail(d.log(), 20);
  EXPECT_LT(took, 2.0) << "SIGTERM to exit took " << took << " s\n" << tail(d.log(), 20);
}

}  // namespace
}  // namespace pinhole::test
