#include "pinhole/sip/uri.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>

#include "pinhole/sip/errors.h"
#include "pinhole/strings.h"

namespace pinhole::sip {
namespace {

class UriTest : public ::testing::Test {
 protected:
  Result<Uri> parse(std::string_view s) { return parseUri(s, arena_); }
  Arena arena_;
};

TEST_F(UriTest, SipWithEverything) {
  auto u = parse("sip:alice:secret@example.com:5070;transport=tcp;lr;maddr=10.0.0.1?subject=hi&x=");
  ASSERT_TRUE(u.ok()) << u.error().detail;
  EXPECT_EQ(u->kind, Scheme::Sip);
  EXPECT_EQ(u->scheme, "sip");
  EXPECT_EQ(u->user, "alice");
  EXPECT_TRUE(u->has_password);
  EXPECT_EQ(u->password, "secret");
  EXPECT_EQ(u->host.host, "example.com");
  EXPECT_EQ(u->host.kind, HostKind::Name);
  EXPECT_TRUE(u->host.has_port);
  EXPECT_EQ(u->host.port, 5070);
  ASSERT_EQ(u->params.size(), 3u);
  EXPECT_EQ(u->params.value("transport"), "tcp");
  EXPECT_TRUE(u->hasParam("LR"));
  EXPECT_FALSE(u->param("lr")->has_value);
  EXPECT_EQ(u->params.value("maddr"), "10.0.0.1");
  EXPECT_EQ(u->params_raw, ";transport=tcp;lr;maddr=10.0.0.1");
  ASSERT_EQ(u->headers.size(), 2u);
  EXPECT_EQ(u->headers.value("subject"), "hi");
  EXPECT_TRUE(u->headers.find("x")->value.empty());
}

TEST_F(UriTest, HostOnlyAndCaseInsensitiveScheme) {
  auto u = parse("SIPS:proxy.example.net");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->kind, Scheme::Sips);
  EXPECT_TRUE(u->user.empty());
  EXPECT_FALSE(u->host.has_port);
  EXPECT_TRUE(u->isSip());
}

TEST_F(UriTest, IPv4AndIPv6Hosts) {
  auto v4 = parse("sip:bob@192.0.2.4:5060");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host.kind, HostKind::IPv4);
  EXPECT_EQ(v4->host.address(), "192.0.2.4");

  auto v6 = parse("sip:bob@[2001:db8::10]:5061;transport=tls");
  ASSERT_TRUE(v6.ok()) << v6.error().detail;
  EXPECT_EQ(v6->host.kind, HostKind::IPv6);
  EXPECT_EQ(v6->host.host, "[2001:db8::10]");
  EXPECT_EQ(v6->host.address(), "2001:db8::10");
  EXPECT_EQ(v6->host.port, 5061);

  auto v6only = parse("sip:[::1]");
  ASSERT_TRUE(v6only.ok());
  EXPECT_EQ(v6only->host.address(), "::1");
}

TEST_F(UriTest, BadHostsAndPorts) {
  EXPECT_EQ(errcOf(parse("sip:bob@256.0.0.1").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(parse("sip:bob@1.2.3").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(parse("sip:bob@[2001:db8::zz]").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(parse("sip:bob@[::1").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(parse("sip:bob@host:70000").error()), Errc::BadPort);
  EXPECT_EQ(errcOf(parse("sip:bob@host:").error()), Errc::BadPort);
  EXPECT_EQ(errcOf(parse("sip:bob@-host").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(parse("sip:bob@").error()), Errc::BadHost);
  EXPECT_EQ(errcOf(parse("sip:@host").error()), Errc::BadUri);
}

TEST_F(UriTest, EscapedUserKeptRawAndUnescapedOnDemand) {
  auto u = parse("sip:sips%3Auser%40example.com@example.net");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->user, "sips%3Auser%40example.com");
  auto plain = unescape(u->user, arena_);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "sips:user@example.com");

  auto nul = parse("sip:null-%00-null@example.com");
  ASSERT_TRUE(nul.ok());
  auto decoded = unescape(nul->user, arena_);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->size(), 11u);  // the NUL does not truncate
  EXPECT_EQ((*decoded)[5], '\0');

  EXPECT_EQ(errcOf(parse("sip:bad%4@example.com").error()), Errc::BadEscape);
  EXPECT_EQ(errcOf(parse("sip:bad%zz@example.com").error()), Errc::BadEscape);
  EXPECT_EQ(errcOf(unescape("%4", arena_).error()), Errc::BadEscape);
}

TEST_F(UriTest, UserPartMayHoldSemicolonsAndQuestionMarks) {
  auto u = parse("sip:user;par=u%40example.net@example.com");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->user, "user;par=u%40example.net");
  EXPECT_EQ(u->host.host, "example.com");
  EXPECT_TRUE(u->params.empty());
}

TEST_F(UriTest, TelAndOpaqueSchemes) {
  auto tel = parse("tel:+1-201-555-0123;phone-context=example.com");
  ASSERT_TRUE(tel.ok());
  EXPECT_EQ(tel->kind, Scheme::Tel);
  EXPECT_EQ(tel->user, "+1-201-555-0123");
  EXPECT_EQ(tel->params.value("phone-context"), "example.com");

  auto other = parse("soap.beep://192.0.2.103:3002");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->kind, Scheme::Other);
  EXPECT_EQ(other->scheme, "soap.beep");
  EXPECT_EQ(other->opaque, "//192.0.2.103:3002");

  EXPECT_EQ(errcOf(parse("nocolon").error()), Errc::BadUri);
  EXPECT_EQ(errcOf(parse(":x").error()), Errc::BadUri);
  EXPECT_EQ(errcOf(parse("urn:").error()), Errc::BadUri);
  EXPECT_EQ(errcOf(parse("urn:a b").error()), Errc::BadUri);
}

TEST_F(UriTest, ParamErrors) {
  EXPECT_EQ(errcOf(parse("sip:host;;lr").error()), Errc::BadParam);
  EXPECT_EQ(errcOf(parse("sip:host;a=").error()), Errc::BadParam);
  EXPECT_EQ(errcOf(parse("sip:host;a b").error()), Errc::BadParam);
  EXPECT_EQ(errcOf(parse("sip:host?noequals").error()), Errc::BadUri);
  auto e = parse("sip:host;a=%x1");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(errcOf(e.error()), Errc::BadEscape);
  EXPECT_TRUE(e.error().hasOffset());
}

TEST(HostPort, Parse) {
  auto hp = parseHostPort("example.com:5060");
  ASSERT_TRUE(hp.ok());
  EXPECT_EQ(hp->host, "example.com");
  EXPECT_EQ(hp->port_text, "5060");
  EXPECT_EQ(errcOf(parseHostPort("[::1]x").error()), Errc::BadHost);
  EXPECT_TRUE(isIPv6Address("fe80::1"));
  EXPECT_FALSE(isIPv6Address("[fe80::1]"));
  EXPECT_TRUE(isIPv4Address("10.0.0.255"));
  EXPECT_FALSE(isIPv4Address("10.0.0.256"));
  EXPECT_FALSE(isIPv4Address("10.0.0."));
}

// The host scan as it was written first, one byte and one rule at a time: the reference for the
// faster scan (names as RFC 1123 labels with '_' tolerated, IPv4 as four octets up to 255).
namespace reference {
bool isIPv4(std::string_view s) {
  int parts = 0;
  unsigned octet = 0;
  int digits = 0;
  for (char c : s) {
    if (c == '.') {
      if (digits == 0 || ++parts > 3) return false;
      octet = 0;
      digits = 0;
    } else if (str::isDigit(c)) {
      octet = octet * 10 + static_cast<unsigned>(c - '0');
      if (++digits > 3 || octet > 255) return false;
    } else {
      return false;
    }
  }
  return parts == 3 && digits > 0;
}

bool isNameChar(char c) { return str::isAlpha(c) || str::isDigit(c) || c == '-' || c == '_'; }

// Returns the kind and sets end; HostKind::None for an invalid host.
HostKind scanHostChars(std::string_view s, std::size_t start, std::size_t& end) {
  end = start;
  while (end < s.size() && (isNameChar(s[end]) || s[end] == '.')) ++end;
  std::string_view host = s.substr(start, end - start);
  if (host.empty() || host.size() > 255) return HostKind::None;
  bool digits_and_dots = true;
  for (std::size_t k = 0; k < host.size(); ++k) {
    char c = host[k];
    if (c == '.' && (k == 0 || host[k - 1] == '.')) return HostKind::None;  // empty label
    if (c == '-' && (k == 0 || host[k - 1] == '.' || k + 1 == host.size() || host[k + 1] == '.'))
      return HostKind::None;
    if (c != '.' && !str::isDigit(c)) digits_and_dots = false;
  }
  if (digits_and_dots) return isIPv4(host) ? HostKind::IPv4 : HostKind::None;
  return HostKind::Name;
}
}  // namespace reference

TEST(HostPort, ScanAgreesWithTheReference) {
  std::mt19937 rng(1123);
  const std::string alphabet = "0123456789..--_abcXYZ:;>@ [";
  for (int round = 0; round < 20000; ++round) {
    std::size_t n = 1 + rng() % 40;
    std::string text(n, 'x');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    if (round % 3 == 0) {  // mostly plausible addresses
      text = std::to_string(rng() % 300) + "." + std::to_string(rng() % 300) + "." +
             std::to_string(rng() % 300) + "." + std::to_string(rng() % 1000);
      if (rng() % 2) text += ":5060;branch=z9hG4bK776asdhds";
    } else if (round % 3 == 1) {  // names, long ones too, across 16-byte blocks
      const char* labels[] = {"example", "a", "x-y", "-b", "c-", "1", "_srv", "", "biloxi", "7"};
      text.clear();
      for (std::size_t k = 1 + rng() % 10; k > 0; --k)
        text += std::string(labels[rng() % 10]) + (k > 1 ? "." : "");
      if (rng() % 2) text += rng() % 2 ? ":5060" : ">";
    }
    // An exactly sized heap copy, so that ASan sees any read past the end.
    std::unique_ptr<char[]> copy(new char[text.size()]);
    std::memcpy(copy.get(), text.data(), text.size());
    std::string_view s(copy.get(), text.size());
    for (std::size_t start = 0; start < s.size(); ++start) {
      if (s[start] == '[') continue;  // IPv6 references: not this scan
      std::size_t end = 0;
      HostKind expected = reference::scanHostChars(s, start, end);
      HostPort hp;
      std::size_t i = start;
      auto r = scanHost(s, i, hp);
      ASSERT_EQ(r.ok(), expected != HostKind::None) << text << " from " << start;
      if (!r.ok()) {
        EXPECT_EQ(errcOf(r.error()), Errc::BadHost);
        EXPECT_EQ(r.error().offset, start);
        continue;
      }
      EXPECT_EQ(hp.kind, expected) << text << " from " << start;
      EXPECT_EQ(i, end) << text << " from " << start;
      EXPECT_EQ(hp.host, s.substr(start, end - start));
      EXPECT_EQ(isIPv4Address(hp.host), expected == HostKind::IPv4) << hp.host;
    }
  }
}

}  // namespace
}  // namespace pinhole::sip
