// The daemon as operators run it: start-up checks, OPTIONS over UDP/TCP/IPv6, malformed input
// answered or dropped without harm, loops and Max-Forwards, clean stop on SIGTERM.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "integration/daemon_fixture.h"

namespace pinhole::test {
namespace {

using namespace std::chrono_literals;

std::string runCheck(const std::string& config_text, int& exit_code) {
  std::string dir = tempDir("pinhole-check");
  writeFile(dir + "/c.toml", config_text);
  auto code = run({Daemon::binary(), "--check", "-c", dir + "/c.toml", "-L", Daemon::moduleDir()},
                  dir + "/out.log", 20s);
  exit_code = code.value_or(-1);
  return readFile(dir + "/out.log");
}

TEST(DaemonStart, VersionAndCheck) {
  std::string dir = tempDir("pinhole-version");
  EXPECT_EQ(run({Daemon::binary(), "--version"}, dir + "/v.log", 10s), 0);
  EXPECT_NE(readFile(dir + "/v.log").find("pinhole 0.1.0"), std::string::npos);

  int code = -1;
  std::string out = runCheck(readFile(Daemon::sourceDir() + "/cfg/pinhole.toml"), code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("sl"), std::string::npos) << out;
}

TEST(DaemonStart, BadConfigFailsWithItsPlace) {
  int code = -1;
  std::string out = runCheck("[core]\nlisten = [\"udp:127.0.0.1:5060\"]\nworkrs = 2\n", code);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("c.toml:3:1"), std::string::npos) << out;
  EXPECT_NE(out.find("workrs"), std::string::npos) << out;

  out = runCheck("[modules]\nload = [\"nosuchmodule\"]\n", code);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("nosuchmodule"), std::string::npos) << out;

  out = runCheck("[modules]\nload = [\"sl\"]\n[[route.request]]\ndo = [\"sl.send_reply(700, 'x')\"]\n",
                 code);
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("c.toml:4:"), std::string::npos) << out;
}

TEST(DaemonStart, AnswersOptionsOnEveryTransportAndStopsCleanly) {
  DaemonOptions o;
  o.ipv6 = true;
  Daemon d(o);
  ASSERT_TRUE(d.ready()) << d.log();
  EXPECT_EQ(d.probe(SipClient::Kind::Udp), 200);
  EXPECT_EQ(d.probe(SipClient::Kind::Tcp), 200);
  EXPECT_EQ(d.probe(SipClient::Kind::Udp, "::1"), 200);
  EXPECT_EQ(d.probe(SipClient::Kind::Tcp, "::1"), 200);
  EXPECT_EQ(d.process().stop(), 0) << d.log();
}

TEST(DaemonInput, MaxForwardsZeroAndLoops) {
  Daemon d;
  ASSERT_TRUE(d.ready()) << d.log();
  SipClient c(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", d.port());
  std::string zero = c.options("sip:someone@127.0.0.1:9", 1);
  zero.replace(zero.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
  ASSERT_TRUE(c.send(zero));
  auto r = c.receive(2s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(statusOf(*r), 483);

}

TEST(DaemonInput, MalformedRequestGets400NamingTheProblem) {
  Daemon d;
  ASSERT_TRUE(d.ready()) << d.log();
  SipClient c(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", d.port());
  std::string bad = c.options("sip:127.0.0.1:" + std::to_string(d.port()), 4);
  bad.replace(bad.find("4 OPTIONS"), 9, "4 INVITE");  // RFC 4475 3.1.2.17
  ASSERT_TRUE(c.send(bad));
  auto r = c.receive(2s);
  ASSERT_TRUE(r.has_value()) << d.log();
  EXPECT_EQ(r->substr(0, r->find("\r\n")),
            "SIP/2.0 400 CSeq method differs from the request method");
  std::string no_from = c.options("sip:127.0.0.1:" + std::to_string(d.port()), 5);
  no_from.erase(no_from.find("From: "), no_from.find("\r\n", no_from.find("From: ")) + 2 -
                                            no_from.find("From: "));
  ASSERT_TRUE(c.send(no_from));
  r = c.receive(2s);
  ASSERT_TRUE(r.has_value()) << d.log();
  EXPECT_EQ(r->substr(0, r->find("\r\n")),
            "SIP/2.0 400 a required header field is missing: no From header");
  EXPECT_EQ(d.probe(), 200);
}

TEST(DaemonInput, RequestComingBackIsALoop) {
  // Everything is sent to the proxy's own address: the second pass sees its own Via with the
  // same request and answers 482, which goes back by the Via stack to the client.
  DaemonOptions o;
  o.routes = "[[route.request]]\nif = \"method == 'OPTIONS' and uri == myself\"\n"
             "then = [\"sl.send_reply(200, 'OK')\", \"exit\"]\n"
             "[[route.request]]\ndo = [\"$du = 'sip:127.0.0.1:@PORT@'\", \"forward()\"]\n";
  Daemon d(o);
  ASSERT_TRUE(d.ready()) << d.log();
  SipClient c(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", d.port());
  std::string msg = c.options("sip:bob@example.invalid", 3);
  msg.replace(0, 7, "MESSAGE");
  msg.replace(msg.find("3 OPTIONS"), 9, "3 MESSAGE");
  ASSERT_TRUE(c.send(msg));
  auto r = c.receive(2s);
  ASSERT_TRUE(r.has_value()) << d.log();
  EXPECT_EQ(statusOf(*r), 482) << *r;
}

}  // namespace
}  // namespace pinhole::test
