#include "proxy/stateless.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pinhole/sip/message.h"

namespace pinhole::proxy {
namespace {

struct Sent {
  uint16_t from_socket;
  std::string to;
  std::string data;
};

class NullCore final : public CoreApi {
 public:
  Result<void> sendReply(MsgContext&, int, std::string_view) override { return {}; }
  Result<void> forwardStateless(MsgContext&) override { return {}; }
  bool isMyself(std::string_view, uint16_t) const noexcept override { return false; }
  bool logEnabled(LogLevel, std::string_view) const noexcept override { return false; }
  void log(LogLevel, std::string_view, std::string_view) noexcept override {}
};

net::LocalSocket socket(uint16_t id, net::Transport t, const char* ip, uint16_t port) {
  net::LocalSocket s;
  s.id = id;
  s.transport = t;
  s.bound = {boost::asio::ip::make_address(ip), port};
  s.advertised_host = ip;
  s.advertised_port = port;
  return s;
}

class StatelessTest : public ::testing::Test {
 protected:
  StatelessTest()
      : sockets_{socket(0, net::Transport::Udp, "127.0.0.1", 5060),
                 socket(1, net::Transport::Tcp, "127.0.0.1", 5060)},
        proxy_(sockets_, {"example.com"}, 42,
               [this](const net::LocalSocket& from, const net::Endpoint& to, std::string_view data,
                      uint64_t) -> Result<void> {
                 sent_.push_back({from.id, to.toString(), std::string(data)});
                 return {};
               }) {}

  // Runs forwardRequest on `text` as received from 10.0.0.1:5999 over UDP socket 0.
  ForwardResult forward(const std::string& text, std::string_view du = {},
                        std::string_view ruri = {}, bool rr = false) {
    arena_.reset();
    sip::Message msg(arena_);
    EXPECT_TRUE(msg.parse(text).ok());
    sip::EditList edits(arena_, msg.layout());
    PeerInfo src{"10.0.0.1", 5999, Transport::Udp, false};
    LocalInfo local{0, "127.0.0.1", 5060, Transport::Udp, "127.0.0.1", 5060};
    MsgContext ctx(msg, edits, Hook::Request, src, local, core_);
    if (!du.empty()) ctx.setDestinationUri(du);
    if (!ruri.empty()) ctx.setRequestUri(ruri);
    if (rr) ctx.requestRecordRoute(";ftag=x");
    return proxy_.forwardRequest(ctx, sockets_[0]);
  }

  std::vector<net::LocalSocket> sockets_;
  StatelessProxy proxy_;
  std::vector<Sent> sent_;
  NullCore core_;
  Arena arena_;
};

const std::string kInvite =
    "INVITE sip:bob@127.0.0.2:5070 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKabc;rport\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@example.com>;tag=f1\r\n"
    "To: <sip:bob@example.com>\r\n"
    "Call-ID: c1@192.168.1.10\r\n"
    "CSeq: 1 INVITE\r\n"
    "Content-Length: 0\r\n\r\n";

TEST_F(StatelessTest, ForwardsToTheRequestUriWithOurViaOnTop) {
  ASSERT_TRUE(forward(kInvite).ok());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].to, "127.0.0.2:5070");
  EXPECT_EQ(sent_[0].from_socket, 0);
  Arena a;
  sip::Message out(a);
  ASSERT_TRUE(out.parse(sent_[0].data).ok());
  auto vias = out.vias();
  ASSERT_TRUE(vias.ok());
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ((*vias)[0].sent_by, "127.0.0.1:5060");
  EXPECT_TRUE((*vias)[0].hasMagicCookie());
  EXPECT_EQ((*vias)[0].branch.size(), 32u);
  // The sender's Via got what RFC 3581 asks for.
  EXPECT_EQ((*vias)[1].received, "10.0.0.1");
  EXPECT_EQ((*vias)[1].rport_value, "5999");
}

TEST_F(StatelessTest, MaxForwardsIsDecrementedOnceOrAdded) {
  ASSERT_TRUE(forward(kInvite).ok());
  EXPECT_NE(sent_[0].data.find("\r\nMax-Forwards: 69\r\n"), std::string::npos) << sent_[0].data;
  std::string none = kInvite;
  none.erase(none.find("Max-Forwards: 70\r\n"), 18);
  ASSERT_TRUE(forward(none).ok());
  EXPECT_NE(sent_[1].data.find("\r\nMax-Forwards: 70\r\n"), std::string::npos) << sent_[1].data;

  // The maxfwd module already decremented it: the core leaves the value alone.
  arena_.reset();
  sip::Message msg(arena_);
  ASSERT_TRUE(msg.parse(kInvite).ok());
  sip::EditList edits(arena_, msg.layout());
  std::string_view v = msg.header(sip::HeaderType::MaxForwards)->value;
  ASSERT_TRUE(edits.replace(msg.offsetOf(v), 2, "10").ok());
  PeerInfo src{"10.0.0.1", 5999, Transport::Udp, false};
  LocalInfo local{0, "127.0.0.1", 5060, Transport::Udp, "127.0.0.1", 5060};
  MsgContext ctx(msg, edits, Hook::Request, src, local, core_);
  ASSERT_TRUE(proxy_.forwardRequest(ctx, sockets_[0]).ok());
  EXPECT_NE(sent_[2].data.find("\r\nMax-Forwards: 10\r\n"), std::string::npos) << sent_[2].data;
}

TEST_F(StatelessTest, SameRequestSameBranchOtherRequestOtherBranch) {
  ASSERT_TRUE(forward(kInvite).ok());
  ASSERT_TRUE(forward(kInvite).ok());  // a retransmission
  std::string other = kInvite;
  other.replace(other.find("z9hG4bKabc"), 10, "z9hG4bKxyz");
  ASSERT_TRUE(forward(other).ok());
  auto branchOf = [](const std::string& data) {
    std::size_t at = data.find("branch=");
    return data.substr(at, data.find("\r\n", at) - at);
  };
  EXPECT_EQ(branchOf(sent_[0].data), branchOf(sent_[1].data));
  EXPECT_NE(branchOf(sent_[0].data), branchOf(sent_[2].data));
}

TEST_F(StatelessTest, DestinationUriAndRequestUriRewrite) {
  ASSERT_TRUE(forward(kInvite, "sip:127.0.0.9:6000", "sip:carol@example.net").ok());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].to, "127.0.0.9:6000");
  EXPECT_EQ(sent_[0].data.substr(0, 38), "INVITE sip:carol@example.net SIP/2.0\r\n");
}

TEST_F(StatelessTest, TooManyHopsAndLoops) {
  std::string zero = kInvite;
  zero.replace(zero.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
  EXPECT_EQ(forward(zero).error, ForwardError::TooManyHops);
  EXPECT_TRUE(sent_.empty());

  // What we sent comes back to us unchanged: a loop.
  ASSERT_TRUE(forward(kInvite).ok());
  std::string back = sent_[0].data;
  EXPECT_EQ(forward(back).error, ForwardError::LoopDetected);
  // Sent back with another Request-URI it is a spiral, and goes on.
  std::string spiral = back;
  spiral.replace(spiral.find("sip:bob@127.0.0.2:5070"), 22, "sip:bob@127.0.0.3:5070");
  EXPECT_TRUE(forward(spiral).ok());
}

TEST_F(StatelessTest, RecordRouteSingleAndDouble) {
  ASSERT_TRUE(forward(kInvite, {}, {}, true).ok());
  EXPECT_NE(sent_[0].data.find("Record-Route: <sip:127.0.0.1:5060;lr;ftag=x>\r\n"),
            std::string::npos);
  // UDP in, TCP out: two Record-Routes, the outgoing socket's on top.
  ASSERT_TRUE(forward(kInvite, "sip:127.0.0.2:5070;transport=tcp", {}, true).ok());
  const std::string& d = sent_[1].data;
  EXPECT_EQ(sent_[1].from_socket, 1);
  std::size_t tcp_rr = d.find("Record-Route: <sip:127.0.0.1:5060;transport=tcp;lr;r2=on;ftag=x>");
  std::size_t udp_rr = d.find("Record-Route: <sip:127.0.0.1:5060;lr;r2=on;ftag=x>");
  ASSERT_NE(tcp_rr, std::string::npos);
  ASSERT_NE(udp_rr, std::string::npos);
  EXPECT_LT(tcp_rr, udp_rr);
  EXPECT_NE(d.find("Via: SIP/2.0/TCP 127.0.0.1:5060;branch="), std::string::npos);
}

TEST_F(StatelessTest, BadTargets) {
  EXPECT_EQ(forward(kInvite, "tel:+123").error, ForwardError::BadTarget);
  EXPECT_EQ(forward(kInvite, "sip:a@[::1]:5060").error, ForwardError::NoSocket);  // no IPv6 socket
  EXPECT_EQ(forward(kInvite, "sip:a@host.invalid").error, ForwardError::UnresolvableTarget);
}

TEST_F(StatelessTest, MyselfAndOurVia) {
  EXPECT_TRUE(proxy_.isMyself("127.0.0.1", 5060));
  EXPECT_TRUE(proxy_.isMyself("127.0.0.1", 0));
  EXPECT_FALSE(proxy_.isMyself("127.0.0.1", 5070));
  EXPECT_TRUE(proxy_.isMyself("EXAMPLE.com", 0));
  EXPECT_TRUE(proxy_.isMyself("example.com", 5060));
  EXPECT_FALSE(proxy_.isMyself("example.org", 0));
}

TEST_F(StatelessTest, ResponsesGoBackByTheViaStack) {
  const std::string response =
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKours, SIP/2.0/UDP 192.168.1.10:5062;"
      "branch=z9hG4bKabc;rport=40000;received=203.0.113.9\r\n"
      "From: <sip:alice@example.com>;tag=f1\r\nTo: <sip:bob@example.com>;tag=t\r\n"
      "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  sip::Message msg(arena_);
  ASSERT_TRUE(msg.parse(response).ok());
  sip::EditList edits(arena_, msg.layout());
  ASSERT_TRUE(proxy_.forwardResponse(msg, edits).ok());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].to, "203.0.113.9:40000");
  EXPECT_EQ(sent_[0].data.find("z9hG4bKours"), std::string::npos);
  EXPECT_NE(sent_[0].data.find("Via: SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKabc"),
            std::string::npos);

  // Our Via alone in its header: the whole line goes.
  const std::string two_lines =
      "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKours\r\n"
      "Via: SIP/2.0/UDP 10.9.9.9:5080;branch=z9hG4bKabc\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n\r\n";
  sip::Message m2(arena_);
  ASSERT_TRUE(m2.parse(two_lines).ok());
  sip::EditList e2(arena_, m2.layout());
  ASSERT_TRUE(proxy_.forwardResponse(m2, e2).ok());
  EXPECT_EQ(sent_[1].to, "10.9.9.9:5080");
  EXPECT_EQ(sent_[1].data.find("Via: SIP/2.0/UDP 127.0.0.1"), std::string::npos);

  // Not ours: dropped.
  const std::string foreign =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.1.1.1;branch=z9hG4bK1\r\n"
      "Via: SIP/2.0/UDP 10.2.2.2;branch=z9hG4bK2\r\nCall-ID: c\r\nCSeq: 1 A\r\n\r\n";
  sip::Message m3(arena_);
  ASSERT_TRUE(m3.parse(foreign).ok());
  sip::EditList e3(arena_, m3.layout());
  EXPECT_EQ(proxy_.forwardResponse(m3, e3).error, ForwardError::BadTarget);
  EXPECT_EQ(sent_.size(), 2u);
}

}  // namespace
}  // namespace pinhole::proxy
