#include "pinhole/sip/via.h"

#include <gtest/gtest.h>

#include "pinhole/sip/errors.h"
#include "pinhole/strings.h"

namespace pinhole::sip {
namespace {

class ViaTest : public ::testing::Test {
 protected:
  Result<Via> one(std::string_view s) { return parseVia(s, arena_); }
  Arena arena_;
};

TEST_F(ViaTest, Typical) {
  auto v = one("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport");
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v->protocol, "SIP");
  EXPECT_EQ(v->version, "2.0");
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host.host, "192.0.2.1");
  EXPECT_EQ(v->host.kind, HostKind::IPv4);
  EXPECT_EQ(v->host.port, 5060);
  EXPECT_EQ(v->sent_by, "192.0.2.1:5060");
  EXPECT_EQ(v->branch, "z9hG4bK776asdhds");
  EXPECT_TRUE(v->hasMagicCookie());
  EXPECT_TRUE(v->has_rport);
  EXPECT_TRUE(v->rport_value.empty());
  EXPECT_FALSE(v->has_received);
  EXPECT_EQ(v->ttl, -1);
}

TEST_F(ViaTest, ReceivedRportWithValueMaddrTtl) {
  auto v = one("SIP/2.0/TCP pc.example.com;received=203.0.113.9;rport=40001;maddr=224.2.0.1;ttl=16;"
               "branch=abc");
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v->received, "203.0.113.9");
  EXPECT_EQ(v->rport_value, "40001");
  EXPECT_EQ(v->maddr, "224.2.0.1");
  EXPECT_EQ(v->ttl, 16);
  EXPECT_FALSE(v->hasMagicCookie());
  EXPECT_FALSE(v->host.has_port);
}

TEST_F(ViaTest, IPv6SentByAndReceived) {
  auto v = one("SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKx;received=2001:db8::1");
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v->host.kind, HostKind::IPv6);
  EXPECT_EQ(v->host.address(), "2001:db8::9");
  EXPECT_EQ(v->host.port, 5070);
  EXPECT_EQ(v->received, "2001:db8::1");
  auto bracketed = one("SIP/2.0/UDP [::1];received=[::2]");
  ASSERT_TRUE(bracketed.ok());
  EXPECT_EQ(bracketed->received, "[::2]");
}

TEST_F(ViaTest, LwsEverywhereAllowed) {
  auto v = one("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2 : 5062 ;  branch  =  z9hG4bK1");
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host.host, "192.0.2.2");
  EXPECT_EQ(v->host.port, 5062);
  EXPECT_EQ(v->branch, "z9hG4bK1");
}

TEST_F(ViaTest, SeveralPerHeaderAndUnknownTransports) {
  ArenaVector<Via> out;
  auto r = parseViaHeader(
      "SIP/2.0/SCTP a.example.com;branch=z9hG4bK1, SIP/2.0/UNKNOWN b.example.com;branch=2 ,"
      "SIP/2.0/WSS [::1]",
      arena_, out);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].transport, "SCTP");
  EXPECT_EQ(out[1].transport, "UNKNOWN");
  EXPECT_EQ(out[1].branch, "2");
  EXPECT_EQ(out[2].transport, "WSS");
}

TEST_F(ViaTest, Errors) {
  ArenaVector<Via> out;
  auto r = parseViaHeader("SIP/2.0/UDP 192.0.2.15;;,;,,", arena_, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(errcOf(r.error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0 192.0.2.1").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(one("SIP/7.0/UDP host").error()), Errc::VersionNotSupported);
  EXPECT_EQ(errcOf(one("HTTP/2.0/UDP host").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP host:99999").error()), Errc::BadPort);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP host:").error()), Errc::BadPort);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP host;received=example.com").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP host;rport=x").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP host;ttl=300").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP host;branch").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/UDP ho st").error()), Errc::BadVia);
  ArenaVector<Via> empty_member;
  EXPECT_FALSE(parseViaHeader("SIP/2.0/UDP a, ,SIP/2.0/UDP b", arena_, empty_member).ok());
}

TEST_F(ViaTest, SentProtocolFastPathAndGeneralPathAgree) {
  // "SIP/2.0/" is matched as one word; anything else goes token by token. Same fields either way.
  for (std::string_view text : {"sip/2.0/udp h;branch=z9hG4bK1", "Sip/2.0/Tls h:5061",
                                "SIP/2.0/UDP h", "SIP /2.0/UDP h", "SIP/2.0 /UDP h",
                                "SIP/2.0/ UDP h", "SIP\t/2.0/UDP h"}) {
    auto v = one(text);
    ASSERT_TRUE(v.ok()) << text << ": " << v.error().detail;
    EXPECT_TRUE(str::iequals(v->protocol, "sip")) << text;
    EXPECT_EQ(v->version, "2.0") << text;
    EXPECT_FALSE(v->transport.empty()) << text;
    EXPECT_EQ(v->host.host, "h") << text;
  }
  EXPECT_EQ(one("sip/2.0/udp h").value().transport, "udp");
  EXPECT_EQ(one("SIP/2.0/").error().offset, 8u);
  EXPECT_EQ(errcOf(one("SIP/2.0/").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.0/;").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("SIP/2.00/UDP h").error()), Errc::VersionNotSupported);
  EXPECT_EQ(errcOf(one("SIP/2.0./UDP h").error()), Errc::VersionNotSupported);
  EXPECT_EQ(errcOf(one("SIQ/2.0/UDP h").error()), Errc::BadVia);
  EXPECT_EQ(errcOf(one("S\x09P/2.0/UDP h").error()), Errc::BadVia);
}

}  // namespace
}  // namespace pinhole::sip
