// Calls through the stateless proxy with SIPp (Debian sip-tester) on loopback: uac -> pinhole
// (cfg/stateless.toml) -> uas, INVITE/180/200/ACK/BYE/200, over UDP, TCP on the caller's side,
// and IPv6. Every call must complete; skipped with a message when SIPp is not installed.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "integration/daemon_fixture.h"

namespace pinhole::test {
namespace {

using namespace std::chrono_literals;

constexpr int kCalls = 30;

std::string hostPort(const std::string& ip, uint16_t port) {
  return (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

// Runs kCalls calls: uac (transport `uac_transport`) -> proxy -> uas (UDP). Returns "" on
// success, else what went wrong with the logs.
std::string callsThrough(Daemon& d, const std::string& ip, uint16_t proxy_port,
                         const std::string& uac_transport) {
  std::string sipp = findInPath("sipp");
  uint16_t uas_port = freePort(ip);
  uint16_t uac_port = freePort(ip);
  Process uas({sipp, "-sn", "uas", "-i", ip, "-p", std::to_string(uas_port), "-m",
               std::to_string(kCalls), "-nostdin", "-buff_size", "4194304", "-timeout", "60s"},
              d.dir() + "/uas.log");
  auto uac = run({sipp, "-sn", "uac", hostPort(ip, uas_port), "-rsa", hostPort(ip, proxy_port),
                  "-i", ip, "-p", std::to_string(uac_port), "-t", uac_transport, "-m",
                  std::to_string(kCalls), "-r", "15", "-l", "15", "-nostdin", "-buff_size",
                  "4194304", "-timeout", "60s", "-timeout_error", "-trace_err",
                  "-error_file", d.dir() + "/uac_errors.log"},
                 d.dir() + "/uac.log", 90s);
  auto uas_status = uas.wait(10s);
  if (uac != 0 || uas_status != 0) {
    return "uac exit " + std::to_string(uac.value_or(-1)) + ", uas exit " +
           std::to_string(uas_status.value_or(-1)) + "\n--- uac:\n" + readFile(d.dir() + "/uac.log") +
           readFile(d.dir() + "/uac_errors.log") + "\n--- uas:\n" + uas.output() +
           "\n--- pinhole:\n" + d.log();
  }
  return {};
}

class SippStateless : public ::testing::Test {
 protected:
  void SetUp() override {
    if (findInPath("sipp").empty()) GTEST_SKIP() << "SIPp not installed (apt package sip-tester)";
  }
};

TEST_F(SippStateless, UdpCallsComplete) {
  Daemon d;
  ASSERT_TRUE(d.ready()) << d.log();
  std::string failure = callsThrough(d, "127.0.0.1", d.port(), "u1");
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_EQ(d.probe(), 200);
}

TEST_F(SippStateless, TcpCallerCallsComplete) {
  Daemon d;
  ASSERT_TRUE(d.ready()) << d.log();
  std::string failure = callsThrough(d, "127.0.0.1", d.port(), "t1");
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST_F(SippStateless, Ipv6CallsComplete) {
  DaemonOptions o;
  o.ipv6 = true;
  Daemon d(o);
  ASSERT_TRUE(d.ready()) << d.log();
  std::string failure = callsThrough(d, "::1", d.port6(), "u1");
  EXPECT_TRUE(failure.empty()) << failure;
}

}  // namespace
}  // namespace pinhole::test
