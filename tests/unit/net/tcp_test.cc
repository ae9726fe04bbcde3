// WorkerPool over TCP: framing across writes, keep-alive pongs, refusals that close the
// connection, idle timeout, connection limit, connection reuse and outbound connections, and a
// stop with traffic in flight. Loopback only, port 0, deadlines instead of sleeps.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "net/errors.h"
#include "net/worker_pool.h"
#include "test_peers.h"

namespace pinhole::net {
namespace {

using namespace test;

class NetTcp : public ::testing::Test {
 protected:
  void startPool(TransportConfig config = {}) {
    if (config.workers == TransportConfig{}.workers) config.workers = 2;
    std::vector<ListenSpec> listen;
    for (auto t : {"tcp:127.0.0.1:0", "tcp:[::1]:0", "udp:127.0.0.1:0"})
      listen.push_back(*parseListen(t));
    pool_ = std::make_unique<WorkerPool>(std::move(config), std::move(listen),
                                         [this](const Received& r) { onMessage(r); });
    pool_->start();
  }

  void onMessage(const Received& r) {
    inbox_.push(r);
    if (echo_) {
      // Answer on the connection it came in on (a reply), with a framed message.
      (void)pool_->send(*r.local, r.source, sipMessage("re", r.data.substr(0, 7)),
                        r.connection_id);
    }
  }

  const LocalSocket& tcp4() { return pool_->localSockets().at(0); }
  const LocalSocket& tcp6() { return pool_->localSockets().at(1); }
  const LocalSocket& udp4() { return pool_->localSockets().at(2); }

  Inbox inbox_;
  std::atomic<bool> echo_{false};
  std::unique_ptr<WorkerPool> pool_;
};

TEST_F(NetTcp, TwoMessagesInOneWrite) {
  startPool();
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  ASSERT_GE(peer.fd(), 0);
  const std::string a = sipMessage("a", "body-a"), b = sipMessage("b");
  ASSERT_TRUE(peer.write(a + b));
  ASSERT_TRUE(inbox_.waitFor(2));
  auto seen = inbox_.all();
  EXPECT_EQ(seen[0].data, a);
  EXPECT_EQ(seen[1].data, b);
  EXPECT_EQ(seen[0].source, peer.endpoint());
  EXPECT_EQ(seen[0].local_id, tcp4().id);
  EXPECT_NE(seen[0].connection_id, 0u);
  EXPECT_EQ(seen[0].connection_id, seen[1].connection_id);
  EXPECT_EQ(pool_->openConnections(), 1u);
}

TEST_F(NetTcp, OneMessageSplitInThreeWrites) {
  startPool();
  TcpPeer peer = TcpPeer::connectTo(tcp6().bound);
  ASSERT_GE(peer.fd(), 0);
  const std::string m = sipMessage("split", "v=0\r\no=- 1 1 IN IP6 ::1\r\n");
  const std::size_t cut1 = 10, cut2 = m.find("\r\n\r\n") + 2;  // inside the header end
  ASSERT_TRUE(peer.write(m.substr(0, cut1)));
  ASSERT_TRUE(peer.write(m.substr(cut1, cut2 - cut1)));
  ASSERT_TRUE(peer.write(m.substr(cut2)));
  ASSERT_TRUE(inbox_.waitFor(1));
  auto seen = inbox_.all();
  EXPECT_EQ(seen[0].data, m);
  EXPECT_EQ(seen[0].local_id, tcp6().id);
  EXPECT_EQ(seen[0].source, peer.endpoint());
}

TEST_F(NetTcp, LargeMessageAcrossManyReads) {
  startPool();
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  const std::string m = sipMessage("large", std::string(60000, 'z'));  // grows the buffer
  ASSERT_TRUE(peer.write(m + sipMessage("next")));
  ASSERT_TRUE(inbox_.waitFor(2));
  EXPECT_EQ(inbox_.all()[0].data, m);
  EXPECT_EQ(inbox_.all()[1].data, sipMessage("next"));
}

TEST_F(NetTcp, PingGetsPong) {
  startPool();
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  ASSERT_TRUE(peer.write("\r\n\r\n"));
  EXPECT_EQ(peer.read(2), "\r\n");
  ASSERT_TRUE(peer.write("\r\n"));  // a pong from the peer is not answered
  ASSERT_TRUE(peer.write(sipMessage("after")));
  ASSERT_TRUE(inbox_.waitFor(1));
  EXPECT_EQ(inbox_.all()[0].data, sipMessage("after"));
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_keepalive_pings, 1u);
}

TEST_F(NetTcp, MessageWithoutContentLengthClosesTheConnection) {
  startPool();
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  ASSERT_TRUE(peer.write("OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n"));
  EXPECT_TRUE(peer.waitClosed());
  EXPECT_EQ(inbox_.size(), 0u);
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_framing_errors, 1u);
  EXPECT_EQ(pool_->openConnections(), 0u);
}

TEST_F(NetTcp, OversizeMessageClosesTheConnection) {
  TransportConfig config;
  config.max_message_size = 1000;
  startPool(std::move(config));
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  ASSERT_TRUE(peer.write(sipMessage("ok", std::string(100, 'a'))));
  ASSERT_TRUE(inbox_.waitFor(1));
  ASSERT_TRUE(peer.write(sipMessage("big", std::string(2000, 'b'))));
  EXPECT_TRUE(peer.waitClosed());
  EXPECT_EQ(inbox_.size(), 1u);
}

TEST_F(NetTcp, IdleTimeoutClosesTheConnection) {
  TransportConfig config;
  config.tcp_idle_timeout = std::chrono::seconds(1);
  startPool(std::move(config));
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  ASSERT_TRUE(peer.write(sipMessage("hello")));
  ASSERT_TRUE(inbox_.waitFor(1));
  const auto since = Clock::now();
  EXPECT_TRUE(peer.waitClosed(4s));
  const auto waited = Clock::now() - since;
  EXPECT_GE(waited, 800ms);  // the deadline counts from the last traffic, just before `since`
  EXPECT_LT(waited, 3s);
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_closed_idle, 1u);
}

TEST_F(NetTcp, ConnectionLimitRefusesTheSecond) {
  TransportConfig config;
  config.tcp_max_connections = 1;
  startPool(std::move(config));
  TcpPeer first = TcpPeer::connectTo(tcp4().bound);
  ASSERT_TRUE(first.write(sipMessage("first")));
  ASSERT_TRUE(inbox_.waitFor(1));  // accepted and counted
  TcpPeer second = TcpPeer::connectTo(tcp4().bound);
  ASSERT_GE(second.fd(), 0);  // the kernel completes the handshake; the pool then closes it
  EXPECT_TRUE(second.waitClosed());
  ASSERT_TRUE(first.write(sipMessage("still")));
  ASSERT_TRUE(inbox_.waitFor(2));
  EXPECT_EQ(inbox_.all()[1].data, sipMessage("still"));
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_refused, 1u);
  EXPECT_EQ(pool_->counters().tcp_accepted, 1u);
}

TEST_F(NetTcp, RepliesReuseTheAcceptedConnection) {
  echo_ = true;
  startPool();
  TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
  ASSERT_TRUE(peer.write(sipMessage("q1")));
  const std::string reply = sipMessage("re", sipMessage("q1").substr(0, 7));
  EXPECT_EQ(peer.read(reply.size()), reply);  // by connection_id, from the handler

  // From a non-worker thread, without connection_id: found by the peer's address.
  const std::string pushed = sipMessage("pushed");
  ASSERT_TRUE(pool_->send(tcp4(), peer.endpoint(), pushed).ok());
  EXPECT_EQ(peer.read(pushed.size()), pushed);

  // With the connection_id from a non-worker thread.
  const uint64_t id = inbox_.all()[0].connection_id;
  const std::string by_id = sipMessage("by-id");
  ASSERT_TRUE(pool_->send(tcp4(), peer.endpoint(), by_id, id).ok());
  EXPECT_EQ(peer.read(by_id.size()), by_id);
  EXPECT_EQ(pool_->openConnections(), 1u);
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_connected, 0u);  // no outbound connection was opened
  EXPECT_EQ(pool_->counters().sent, 3u);
}

TEST_F(NetTcp, OpensAnOutboundConnectionAndReusesIt) {
  echo_ = true;
  startPool();
  TcpServerPeer server;
  const std::string first = sipMessage("out1");
  ASSERT_TRUE(pool_->send(tcp4(), server.endpoint(), first).ok());
  TcpPeer conn = server.accept();
  ASSERT_GE(conn.fd(), 0);
  EXPECT_EQ(conn.read(first.size()), first);

  // The second send rides the same connection: no new connection is made.
  const std::string second = sipMessage("out2");
  ASSERT_TRUE(pool_->send(tcp4(), server.endpoint(), second).ok());
  EXPECT_EQ(conn.read(second.size()), second);
  EXPECT_FALSE(server.pendingConnection(100ms));

  // What the peer sends back arrives on that connection, for the socket it was sent from; the
  // handler's reply goes back on it.
  ASSERT_TRUE(conn.write(sipMessage("answer")));
  ASSERT_TRUE(inbox_.waitFor(1));
  auto seen = inbox_.all();
  EXPECT_EQ(seen[0].data, sipMessage("answer"));
  EXPECT_EQ(seen[0].source, server.endpoint());
  EXPECT_EQ(seen[0].local_id, tcp4().id);
  EXPECT_NE(seen[0].connection_id, 0u);
  const std::string reply = sipMessage("re", sipMessage("answer").substr(0, 7));
  EXPECT_EQ(conn.read(reply.size()), reply);
  EXPECT_EQ(pool_->openConnections(), 1u);
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_connected, 1u);
  EXPECT_EQ(pool_->counters().sent, 3u);
}

TEST_F(NetTcp, SendFromTheHandlerOpensAConnectionOnThatWorker) {
  // A UDP message makes the handler send over TCP to a fresh server (worker thread path).
  TcpServerPeer server;
  std::atomic<bool> sent_ok{false};
  TransportConfig config;
  config.workers = 2;
  std::vector<ListenSpec> listen{*parseListen("udp:127.0.0.1:0"), *parseListen("tcp:127.0.0.1:0")};
  WorkerPool* self = nullptr;
  WorkerPool pool(std::move(config), std::move(listen), [&](const Received& r) {
    const std::string m = sipMessage("fwd", r.data);
    sent_ok = self->send(self->localSockets()[1], server.endpoint(), m).ok();
  });
  self = &pool;
  pool.start();
  UdpPeer peer;
  ASSERT_TRUE(peer.sendTo(pool.localSockets()[0].bound, "trigger"));
  TcpPeer conn = server.accept();
  ASSERT_GE(conn.fd(), 0);
  const std::string expected = sipMessage("fwd", "trigger");
  EXPECT_EQ(conn.read(expected.size()), expected);
  EXPECT_TRUE(sent_ok);
}

TEST_F(NetTcp, SendToAClosedPortCountsAConnectFailure) {
  startPool();
  uint16_t closed_port;
  {
    TcpServerPeer gone;  // bound then closed: nothing listens there afterwards
    closed_port = gone.endpoint().port;
  }
  ASSERT_TRUE(pool_->send(tcp4(), loopback4(closed_port), sipMessage("lost")).ok());
  // The refusal is asynchronous; a connection to a listening server afterwards shows it
  // has been processed (worker 0 runs both in order).
  TcpServerPeer server;
  ASSERT_TRUE(pool_->send(tcp4(), server.endpoint(), sipMessage("kept")).ok());
  TcpPeer conn = server.accept();
  EXPECT_EQ(conn.read(sipMessage("kept").size()), sipMessage("kept"));
  pool_->stop();
  EXPECT_EQ(pool_->counters().tcp_connect_failed, 1u);
  EXPECT_EQ(pool_->counters().send_errors, 1u);
}

TEST_F(NetTcp, StopIsCleanWithTrafficInFlight) {
  echo_ = true;
  startPool();
  std::atomic<bool> done{false};
  TcpServerPeer server;  // outbound target: accepted but never read, so writes pile up
  std::vector<std::thread> load;
  load.emplace_back([&] {  // UDP datagrams, echoed back
    UdpPeer peer;
    while (!done) (void)peer.sendTo(udp4().bound, "udp-load");
  });
  for (int c = 0; c < 2; ++c) {
    load.emplace_back([&] {  // TCP messages, echoed back on the connection (never read)
      TcpPeer peer = TcpPeer::connectTo(tcp4().bound);
      const std::string m = sipMessage("tcp-load");
      while (!done && peer.write(m)) {
      }
    });
  }
  load.emplace_back([&] {  // non-worker sends, UDP and TCP
    UdpPeer sink;
    while (!done) {
      (void)pool_->send(udp4(), sink.endpoint(), "push");
      (void)pool_->send(tcp4(), server.endpoint(), sipMessage("push"));
    }
  });
  ASSERT_TRUE(inbox_.waitFor(200, 5s)) << inbox_.size();
  pool_->stop();
  const std::size_t after_stop = inbox_.size();
  EXPECT_FALSE(pool_->running());
  EXPECT_EQ(errcOf(pool_->send(udp4(), loopback4(9), "x").error()), Errc::NotRunning);
  done = true;
  for (auto& t : load) t.join();
  EXPECT_EQ(inbox_.size(), after_stop);  // no handler runs after stop() returned
  EXPECT_EQ(pool_->openConnections(), 0u);
}

}  // namespace
}  // namespace pinhole::net
