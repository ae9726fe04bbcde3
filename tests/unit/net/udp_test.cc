// WorkerPool over UDP: bound sockets, what the handler sees, replies from the receiving socket,
// oversize drops, start-up errors. Loopback only, port 0, deadlines instead of sleeps.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/errors.h"
#include "net/worker_pool.h"
#include "test_peers.h"

namespace pinhole::net {
namespace {

using namespace test;

std::vector<ListenSpec> specs(std::initializer_list<std::string_view> texts) {
  std::vector<ListenSpec> out;
  for (auto t : texts) out.push_back(*parseListen(t));
  return out;
}

class NetUdp : public ::testing::Test {
 protected:
  void startPool(TransportConfig config,
                 std::initializer_list<std::string_view> listen = {"udp:127.0.0.1:0",
                                                                   "udp:[::1]:0",
                                                                   "tcp:127.0.0.1:0"}) {
    pool_ = std::make_unique<WorkerPool>(std::move(config), specs(listen),
                                         [this](const Received& r) { onMessage(r); });
    pool_->start();
  }
  void startPool() {
    TransportConfig config;
    config.workers = 2;
    startPool(std::move(config));
  }

  void onMessage(const Received& r) {
    if (r.data == "boom") throw std::runtime_error("handler failure");
    inbox_.push(r);
    if (echo_) (void)pool_->send(*r.local, r.source, "re:" + std::string(r.data));
  }

  const LocalSocket& socket(std::size_t i) { return pool_->localSockets().at(i); }

  Inbox inbox_;
  std::atomic<bool> echo_{false};
  std::unique_ptr<WorkerPool> pool_;
};

TEST_F(NetUdp, LocalSocketsHaveActualPorts) {
  startPool();
  const auto& sockets = pool_->localSockets();
  ASSERT_EQ(sockets.size(), 3u);
  for (std::size_t i = 0; i < sockets.size(); ++i) {
    EXPECT_EQ(sockets[i].id, i);
    EXPECT_NE(sockets[i].bound.port, 0);
    EXPECT_EQ(sockets[i].advertised_port, sockets[i].bound.port);
  }
  EXPECT_EQ(sockets[0].transport, Transport::Udp);
  EXPECT_EQ(sockets[0].advertised_host, "127.0.0.1");
  EXPECT_EQ(sockets[1].advertised_host, "[::1]");
  EXPECT_EQ(sockets[1].name(), "udp:[::1]:" + std::to_string(sockets[1].bound.port));
  EXPECT_EQ(sockets[2].transport, Transport::Tcp);
  EXPECT_EQ(pool_->workerCount(), 2u);
  EXPECT_TRUE(pool_->running());
}

TEST_F(NetUdp, DatagramArrivesWithSourceAndLocalSocket) {
  startPool();
  UdpPeer v4;
  UdpPeer v6(loopback6());
  ASSERT_TRUE(v4.sendTo(socket(0).bound, "hello v4"));
  ASSERT_TRUE(inbox_.waitFor(1));
  ASSERT_TRUE(v6.sendTo(socket(1).bound, "hello v6"));
  ASSERT_TRUE(inbox_.waitFor(2));
  auto seen = inbox_.all();
  EXPECT_EQ(seen[0].data, "hello v4");
  EXPECT_EQ(seen[0].source, v4.endpoint());
  EXPECT_EQ(seen[0].local_id, 0);
  EXPECT_EQ(seen[0].connection_id, 0u);
  EXPECT_LT(seen[0].worker, 2u);
  EXPECT_EQ(seen[1].data, "hello v6");
  EXPECT_EQ(seen[1].source, v6.endpoint());
  EXPECT_EQ(seen[1].local_id, 1);
  EXPECT_EQ(pool_->counters().udp_received, 2u);
}

TEST_F(NetUdp, ManyDatagramsFromManySourcesAllArrive) {
  TransportConfig config;
  config.workers = 2;
  config.udp_batch = 4;  // several recvmmsg() batches per wake-up
  startPool(std::move(config));
  constexpr int kPeers = 8, kEach = 25;
  std::vector<std::unique_ptr<UdpPeer>> peers;
  std::set<std::string> expected;
  for (int p = 0; p < kPeers; ++p) peers.push_back(std::make_unique<UdpPeer>());
  for (int i = 0; i < kEach; ++i) {
    for (int p = 0; p < kPeers; ++p) {
      std::string text = "m" + std::to_string(p) + "." + std::to_string(i);
      expected.insert(text);
      ASSERT_TRUE(peers[p]->sendTo(socket(0).bound, text));
    }
  }
  ASSERT_TRUE(inbox_.waitFor(kPeers * kEach)) << inbox_.size();
  std::set<std::string> got;
  for (const auto& s : inbox_.all()) {
    got.insert(s.data);
    EXPECT_LT(s.worker, 2u);
  }
  EXPECT_EQ(got, expected);
}

TEST_F(NetUdp, ReplyFromHandlerLeavesFromTheReceivingSocket) {
  echo_ = true;
  startPool();
  UdpPeer v4;
  ASSERT_TRUE(v4.sendTo(socket(0).bound, "ping"));
  auto reply = v4.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->first, "re:ping");
  EXPECT_EQ(reply->second, socket(0).bound);

  UdpPeer v6(loopback6());
  ASSERT_TRUE(v6.sendTo(socket(1).bound, "ping6"));
  reply = v6.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->first, "re:ping6");
  EXPECT_EQ(reply->second, socket(1).bound);
  pool_->stop();  // joins the workers: their counter updates are all visible
  EXPECT_EQ(pool_->counters().sent, 2u);
}

TEST_F(NetUdp, SendFromANonWorkerThread) {
  startPool();
  EXPECT_FALSE(pool_->currentWorker());
  UdpPeer peer;
  ASSERT_TRUE(pool_->send(socket(0), peer.endpoint(), "from main").ok());
  auto got = peer.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, "from main");
  EXPECT_EQ(got->second, socket(0).bound);

  LocalSocket copy = socket(0);  // a copy of a pool socket is accepted too
  ASSERT_TRUE(pool_->send(copy, peer.endpoint(), "via copy").ok());
  got = peer.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, "via copy");
}

TEST_F(NetUdp, SendErrors) {
  startPool();
  auto r = pool_->send(socket(0), loopback6(5060), "x");  // IPv4 socket, IPv6 destination
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(errcOf(r.error()), Errc::FamilyMismatch);

  LocalSocket stranger;
  stranger.id = 99;
  r = pool_->send(stranger, loopback4(5060), "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(errcOf(r.error()), Errc::UnknownSocket);

  pool_->stop();
  pool_->stop();  // idempotent
  EXPECT_FALSE(pool_->running());
  r = pool_->send(socket(0), loopback4(5060), "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(errcOf(r.error()), Errc::NotRunning);
}

TEST_F(NetUdp, OversizeDatagramIsDropped) {
  TransportConfig config;
  config.workers = 2;
  config.max_message_size = 1000;
  startPool(std::move(config));
  UdpPeer peer;
  ASSERT_TRUE(peer.sendTo(socket(0).bound, std::string(1500, 'x')));
  ASSERT_TRUE(peer.sendTo(socket(0).bound, std::string(1000, 'y')));  // exactly the limit
  ASSERT_TRUE(peer.sendTo(socket(0).bound, "small"));
  // One source goes to one SO_REUSEPORT socket, so the three are handled in order.
  ASSERT_TRUE(inbox_.waitFor(2));
  auto seen = inbox_.all();
  EXPECT_EQ(seen[0].data, std::string(1000, 'y'));
  EXPECT_EQ(seen[1].data, "small");
  EXPECT_EQ(pool_->counters().udp_dropped_oversize, 1u);
}

TEST_F(NetUdp, HandlerExceptionIsCountedAndReceivingGoesOn) {
  startPool();
  UdpPeer peer;
  ASSERT_TRUE(peer.sendTo(socket(0).bound, "boom"));
  ASSERT_TRUE(peer.sendTo(socket(0).bound, "after"));
  ASSERT_TRUE(inbox_.waitFor(1));
  EXPECT_EQ(inbox_.all()[0].data, "after");
  EXPECT_EQ(pool_->counters().handler_exceptions, 1u);
}

TEST_F(NetUdp, AdvertisedAddressIsReported) {
  TransportConfig config;
  config.workers = 1;
  startPool(std::move(config), {"udp:127.0.0.1:0 advertise 203.0.113.5:5080",
                                "tcp:127.0.0.1:0 advertise sip.example.com", "udp:0.0.0.0:0"});
  EXPECT_EQ(socket(0).advertised_host, "203.0.113.5");
  EXPECT_EQ(socket(0).advertised_port, 5080);
  EXPECT_EQ(socket(1).advertised_host, "sip.example.com");
  EXPECT_EQ(socket(1).advertised_port, socket(1).bound.port);
  EXPECT_EQ(socket(2).advertised_host, "");  // wildcard, no advertise: the SIP layer decides
}

TEST_F(NetUdp, BindConflictIsAClearStartupError) {
  UdpPeer taken;  // bound without SO_REUSEPORT, so the pool cannot share the port
  const uint16_t port = taken.endpoint().port;
  const std::string listen = "udp:127.0.0.1:" + std::to_string(port);
  std::vector<std::string> log;
  TransportConfig config;
  config.log = [&log](std::string_view line) { log.emplace_back(line); };
  WorkerPool pool(std::move(config), specs({listen}), [](const Received&) {});
  try {
    pool.start();
    FAIL() << "start() should have thrown";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot bind " + listen + ": Address already in use");
  }
  EXPECT_FALSE(pool.running());
  EXPECT_THROW(pool.start(), std::logic_error);
}

TEST_F(NetUdp, StartLogsListeners) {
  std::vector<std::string> log;
  TransportConfig config;
  config.workers = 2;
  config.log = [&log](std::string_view line) { log.emplace_back(line); };
  startPool(std::move(config), {"udp:127.0.0.1:0"});
  bool found = false;
  for (const auto& line : log)
    found = found || line == "listening on " + socket(0).name() + " (2 workers)";
  EXPECT_TRUE(found);
}

TEST_F(NetUdp, BadConfigIsRefused) {
  auto make = [](TransportConfig c) {
    WorkerPool pool(std::move(c), {}, [](const Received&) {});
  };
  TransportConfig c;
  c.workers = 0;
  EXPECT_THROW(make(c), std::invalid_argument);
  c = TransportConfig{};
  c.udp_batch = 0;
  EXPECT_THROW(make(c), std::invalid_argument);
  c = TransportConfig{};
  c.max_message_size = 0;
  EXPECT_THROW(make(c), std::invalid_argument);
  EXPECT_THROW(WorkerPool(TransportConfig{}, {}, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace pinhole::net
