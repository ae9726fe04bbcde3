// parseListen(): the Kamailio listen forms, advertise, and every refusal with its offset;
// Endpoint formatting, parsing and hashing.
#include "net/listen_spec.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

#include "net/endpoint.h"
#include "net/errors.h"

namespace pinhole::net {
namespace {

ListenSpec good(std::string_view text) {
  auto r = parseListen(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().detail);
  return r.ok() ? *r : ListenSpec{};
}

TEST(NetListenSpec, UdpIpv4WithPort) {
  ListenSpec s = good("udp:0.0.0.0:5060");
  EXPECT_EQ(s.transport, Transport::Udp);
  EXPECT_EQ(s.address.to_string(), "0.0.0.0");
  EXPECT_EQ(s.port, 5060);
  EXPECT_TRUE(s.advertise_host.empty());
  EXPECT_EQ(s.advertise_port, 0);
}

TEST(NetListenSpec, TcpIpv6InBrackets) {
  ListenSpec s = good("tcp:[::1]:5070");
  EXPECT_EQ(s.transport, Transport::Tcp);
  EXPECT_TRUE(s.address.is_v6());
  EXPECT_EQ(s.address.to_string(), "::1");
  EXPECT_EQ(s.port, 5070);
  EXPECT_EQ(good("tcp:[::]:5060").address.to_string(), "::");
  EXPECT_EQ(good("udp:[2001:db8::5]").port, 5060);
}

TEST(NetListenSpec, PortZeroAndDefaultPort) {
  EXPECT_EQ(good("udp:127.0.0.1:0").port, 0);
  EXPECT_EQ(good("udp:127.0.0.1").port, kDefaultSipPort);
}

TEST(NetListenSpec, TransportIsCaseInsensitiveAndSpacesAreTrimmed) {
  ListenSpec s = good("  TCP:10.0.0.1:5060  ");
  EXPECT_EQ(s.transport, Transport::Tcp);
  EXPECT_EQ(s.address.to_string(), "10.0.0.1");
}

TEST(NetListenSpec, Advertise) {
  ListenSpec s = good("udp:10.0.0.5:5060 advertise 203.0.113.5:5080");
  EXPECT_EQ(s.address.to_string(), "10.0.0.5");
  EXPECT_EQ(s.advertise_host, "203.0.113.5");
  EXPECT_EQ(s.advertise_port, 5080);

  s = good("tcp:[::]:5060 ADVERTISE [2001:db8::7]:5062");
  EXPECT_EQ(s.advertise_host, "[2001:db8::7]");
  EXPECT_EQ(s.advertise_port, 5062);

  s = good("udp:0.0.0.0:5060 advertise sip.example.com");
  EXPECT_EQ(s.advertise_host, "sip.example.com");
  EXPECT_EQ(s.advertise_port, 0);  // the bound port

  s = good("udp:0.0.0.0:5060\tadvertise\t203.0.113.5");
  EXPECT_EQ(s.advertise_host, "203.0.113.5");
}

TEST(NetListenSpec, ToStringRoundTrips) {
  for (std::string_view text : {"udp:127.0.0.1:5060", "tcp:[::1]:5070",
                                "udp:10.0.0.5:5060 advertise 203.0.113.5:5080",
                                "tcp:0.0.0.0:5060 advertise sip.example.com"}) {
    EXPECT_EQ(good(text).toString(), text);
  }
}

struct Bad {
  std::string_view text;
  std::string_view detail_part;
  uint32_t offset;
};

TEST(NetListenSpec, Refusals) {
  const Bad cases[] = {
      {"", "missing transport", 0},
      {"127.0.0.1:5060", "missing transport", 0},
      {"[::1]:5060", "missing transport", 0},
      {"tls:127.0.0.1:5061", "unknown transport", 0},
      {"sctp:127.0.0.1", "unknown transport", 0},
      {"udp:", "missing address", 4},
      {"udp::5060", "missing address", 4},
      {"udp:::1:5060", "must be in brackets", 4},
      {"udp:fe80::1", "must be in brackets", 4},
      {"udp:[::1:5060", "unterminated", 4},
      {"udp:[1.2.3.4]:5060", "not an IPv6 address", 4},
      {"udp:example.com:5060", "not an IP address", 4},
      {"udp:eth0:5060", "not an IP address", 4},
      {"udp:1.2.3:5060", "not an IP address", 4},
      {"udp:1.2.3.4:65536", "port is not a number", 12},
      {"udp:1.2.3.4:50x", "port is not a number", 12},
      {"udp:1.2.3.4:", "port is not a number", 12},
      {"udp:1.2.3.4:-1", "port is not a number", 12},
      {"udp:1.2.3.4:5060 name foo", "expected advertise", 17},
      {"udp:1.2.3.4:5060 advertise", "missing advertised address", 26},
      {"udp:1.2.3.4:5060 advertise ", "missing advertised address", 27},
      {"udp:1.2.3.4:5060 advertise 5.6.7.8:0", "advertised port", 35},
      {"udp:1.2.3.4:5060 advertise 5.6.7.8:99999", "advertised port", 35},
      {"udp:1.2.3.4:5060 advertise bad_host!", "not an IP address or host name", 27},
      {"udp:1.2.3.4:5060 advertise [::1", "unterminated", 27},
      {"udp:1.2.3.4:5060 advertise 5.6.7.8 extra", "after the advertised address", 35},
  };
  for (const Bad& c : cases) {
    auto r = parseListen(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(errcOf(r.error()), Errc::BadListen) << c.text;
    EXPECT_NE(r.error().detail.find(c.detail_part), std::string_view::npos)
        << c.text << ": " << r.error().detail;
    EXPECT_EQ(r.error().offset, c.offset) << c.text << ": " << r.error().detail;
  }
}

TEST(NetEndpoint, ToStringAndParse) {
  auto v4 = parseEndpoint("192.0.2.1:5060");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->toString(), "192.0.2.1:5060");
  auto v6 = parseEndpoint("[2001:db8::1]:5070");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->port, 5070);
  EXPECT_EQ(v6->toString(), "[2001:db8::1]:5070");
  EXPECT_FALSE(parseEndpoint("192.0.2.1"));
  EXPECT_FALSE(parseEndpoint("::1:5060"));
  EXPECT_FALSE(parseEndpoint("[::1]:70000"));
  EXPECT_FALSE(parseEndpoint("host:5060"));
}

TEST(NetEndpoint, EqualityHashAndV4Mapped) {
  Endpoint a = *parseEndpoint("10.0.0.1:5060");
  Endpoint b = *parseEndpoint("10.0.0.1:5060");
  Endpoint c = *parseEndpoint("10.0.0.1:5061");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_TRUE(a < c);
  std::unordered_set<Endpoint> set{a, b, c, *parseEndpoint("[::1]:5060")};
  EXPECT_EQ(set.size(), 3u);
  Endpoint mapped = *parseEndpoint("[::ffff:10.0.0.1]:5060");
  EXPECT_EQ((Endpoint{unmapV4(mapped.address), mapped.port}), a);
  EXPECT_EQ(hostString(mapped.address), "[::ffff:10.0.0.1]");
}

}  // namespace
}  // namespace pinhole::net
