// Torture corpora sent to the running daemon over UDP (and TCP for what a datagram cannot
// carry): every invalid RFC 4475 message gets a 4xx/5xx answer or silence, nothing kills the
// daemon, and an OPTIONS after each message or batch still gets 200.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "integration/daemon_fixture.h"
#include "pinhole/sip/framer.h"
#include "pinhole/sip/message.h"
#include "robustness/protos_case.h"

namespace pinhole::test {
namespace {

using namespace std::chrono_literals;

struct Row {
  std::string file, expectation;
};

std::vector<Row> manifest() {
  std::ifstream in(Daemon::sourceDir() + "/tests/corpus/data/rfc4475/manifest.tsv");
  std::vector<Row> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    Row r;
    std::string section;
    std::getline(ss, r.file, '\t');
    std::getline(ss, section, '\t');
    std::getline(ss, r.expectation, '\t');
    rows.push_back(r);
  }
  return rows;
}

enum class Wire { Udp4, Tcp4, Udp6 };

// Sends every RFC 4475 message and checks what comes back. Over UDP, replies to requests without
// rport go to the source address and the Via port, 5060 by default (RFC 3261 18.2.2): the client
// listens there when it is free so that it sees them. Over TCP each message gets its own
// connection and the reply comes back on it.
void tortureRfc4475(Wire wire) {
  DaemonOptions o;
  o.ipv6 = wire == Wire::Udp6;
  Daemon d(o);
  ASSERT_TRUE(d.ready()) << d.log();
  const std::string ip = wire == Wire::Udp6 ? "::1" : "127.0.0.1";
  const uint16_t port = wire == Wire::Udp6 ? d.port6() : d.port();
  std::unique_ptr<SipClient> udp;
  if (wire != Wire::Tcp4) {
    try {
      udp = std::make_unique<SipClient>(SipClient::Kind::Udp, ip, ip, port, 5060);
    } catch (const std::exception&) {
      udp = std::make_unique<SipClient>(SipClient::Kind::Udp, ip, ip, port);
    }
  }
  int invalid = 0, answered = 0, silent = 0;
  for (const Row& row : manifest()) {
    std::string bytes = readFile(Daemon::sourceDir() + "/tests/corpus/data/rfc4475/" + row.file);
    ASSERT_FALSE(bytes.empty()) << row.file;
    std::unique_ptr<SipClient> tcp;
    if (wire == Wire::Tcp4) {
      tcp = std::make_unique<SipClient>(SipClient::Kind::Tcp, ip, ip, port);
      ASSERT_TRUE(tcp->connected()) << row.file;
    }
    SipClient& c = tcp ? *tcp : *udp;
    ASSERT_TRUE(c.send(bytes)) << row.file;
    if (row.expectation == "invalid") {
      ++invalid;
      // A reply can be built when the headers scan and the top Via parses; it reaches us over
      // TCP when the stream frames it as one message, over UDP when the Via names port 5060.
      Arena arena;
      sip::Message m(arena);
      bool replyable = m.parse(bytes).ok() && m.isRequest() && m.topVia().ok();
      std::string call_id = replyable && m.callId() ? std::string(*m.callId()) : std::string();
      bool reaches_us = replyable && !call_id.empty();
      if (wire == Wire::Tcp4) {
        auto f = sip::frameStream(bytes, 1 << 20);
        reaches_us = reaches_us && f.message();
      } else {
        reaches_us = reaches_us && c.localPort() == 5060 &&
                     (!(*m.topVia())->host.has_port || (*m.topVia())->host.port == 5060);
      }
      // Replies to earlier messages may still arrive (two workers answer in any order): only
      // one that carries this message's Call-ID counts.
      std::optional<std::string> r;
      auto until = std::chrono::steady_clock::now() + (reaches_us ? 2000ms : 300ms);
      while (!r) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        auto got = c.receive(left);
        if (!got) break;
        if (!call_id.empty() && got->find(call_id) != std::string::npos) r = got;
      }
      if (r) {
        int status = statusOf(*r);
        EXPECT_TRUE(status == 400 || status == 505) << row.file << " got: " << *r;
        ++answered;
      } else {
        EXPECT_FALSE(reaches_us) << row.file << ": no 400 although the reply could reach us";
        ++silent;  // no reply could be built, or it goes elsewhere
      }
    }
    // Whatever it was, the daemon still answers.
    ASSERT_EQ(d.probe(wire == Wire::Tcp4 ? SipClient::Kind::Tcp : SipClient::Kind::Udp, ip), 200)
        << "no answer to OPTIONS after " << row.file << "\n" << d.log();
  }
  EXPECT_GT(invalid, 15);
  ::testing::Test::RecordProperty("invalid_answered", answered);
  ::testing::Test::RecordProperty("invalid_silent", silent);
}

TEST(DaemonTorture, Rfc4475OverUdp) { tortureRfc4475(Wire::Udp4); }
TEST(DaemonTorture, Rfc4475OverTcp) { tortureRfc4475(Wire::Tcp4); }
TEST(DaemonTorture, Rfc4475OverIpv6) { tortureRfc4475(Wire::Udp6); }

TEST(DaemonTorture, RegressionsAndHeaderRemoval) {
  // A UAS stand-in: a UDP socket the proxy forwards to.
  SipClient uas(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", 9);
  DaemonOptions o;
  o.routes = "[[route.request]]\ndo = [\"textops.remove_hf('X-Bypass-me')\", \"$du = "
             "'sip:127.0.0.1:" + std::to_string(uas.localPort()) + "'\", \"forward()\"]\n";
  o.routes = "[[route.request]]\nif = \"method == 'OPTIONS' and uri == myself\"\n"
             "then = [\"sl.send_reply(200, 'OK')\", \"exit\"]\n" + o.routes;
  Daemon d(o);
  ASSERT_TRUE(d.ready()) << d.log();
  SipClient c(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", d.port());
  const std::string dir = Daemon::sourceDir() + "/tests/corpus/data/regressions/";

  std::string bypass = readFile(dir + "cve-2020-28361-kamailio-header-name-trailing-space.sip");
  ASSERT_TRUE(c.send(bypass));
  auto forwarded = uas.receive(2s);
  ASSERT_TRUE(forwarded.has_value()) << d.log();
  EXPECT_EQ(forwarded->find("X-Bypass-me"), std::string::npos) << *forwarded;

  for (const char* f : {"cve-2018-8828-kamailio-tmx-long-from-tag.sip",
                        "cve-2018-8828-kamailio-tmx-long-from-tag.sip",
                        "ghsa-wxfg-3gwh-rhvx-opensips-malformed-via.sip"}) {
    ASSERT_TRUE(c.send(readFile(dir + f)));
    EXPECT_EQ(d.probe(), 200) << "after " << f << "\n" << d.log();
  }
}

TEST(DaemonTorture, ProtosC07SipOverUdpAndTcp) {
  const std::string dir = PINHOLE_PROTOS;
  if (readFile(dir + "/groups.tsv").empty())
    GTEST_SKIP() << "PROTOS c07-sip corpus not found at " << dir;
  Daemon d;
  ASSERT_TRUE(d.ready()) << d.log();
  SipClient udp(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", d.port());
  int sent_tcp = 0;
  for (int n = 0; n <= 4526; ++n) {
    char name[16];
    std::snprintf(name, sizeof name, "%07d", n);
    auto c = loadProtosCase(dir + "/cases/" + name, n);
    ASSERT_TRUE(c.has_value()) << name;
    for (const std::string* m : {&c->invite, &c->teardown}) {
      if (m->size() <= 65000) {
        ASSERT_TRUE(udp.send(*m));
      } else {
        // Too large for a datagram: over TCP, where the size limit closes the connection.
        SipClient tcp(SipClient::Kind::Tcp, "127.0.0.1", "127.0.0.1", d.port());
        tcp.send(*m);
        ++sent_tcp;
      }
    }
    if (n % 250 == 0 || n == 4526) {
      ASSERT_EQ(d.probe(), 200) << "no answer after PROTOS case " << n << "\n" << d.log();
    }
  }
  EXPECT_GT(sent_tcp, 0);
  EXPECT_TRUE(d.process().running());
}

}  // namespace
}  // namespace pinhole::test
