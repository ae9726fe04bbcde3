// The SIP parse benchmark's fixtures and the reads a NAT-traversal proxy makes, shared by
// pinhole-bench-parse (Google Benchmark, wall-clock) and pinhole-parse-driver (a plain loop to
// count instructions under callgrind). `keep(value)` keeps the compiler from dropping a read.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "pinhole/sip/message.h"
#include "pinhole/sip/sdp.h"

namespace pinhole::bench {

using pinhole::sip::Message;

// Joins header lines with CRLF, fills in "Content-Length:" from the body, appends the body.
inline std::string buildMessage(std::initializer_list<std::string_view> lines, std::string_view body) {
  std::string m;
  for (std::string_view line : lines) {
    m += line;
    if (line == "Content-Length:") m += " " + std::to_string(body.size());
    m += "\r\n";
  }
  m += "\r\n";
  m += body;
  return m;
}

// An INVITE as a record-routing proxy in the middle of a dialog set-up receives it: the upstream
// proxy's Via on top, the NATed UA's Via (received/rport filled in) below, a route set.
inline const std::string& inviteMessage() {
  static const std::string m = buildMessage(
      {
          "INVITE sip:bob@biloxi.com SIP/2.0",
          "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK4b43c2ff8.1;rport",
          "Via: SIP/2.0/UDP 192.168.1.20:5060;received=203.0.113.45;rport=40312"
          ";branch=z9hG4bK74bf9a1c",
          "Max-Forwards: 69",
          "Route: <sip:203.0.113.1;lr>",
          "Route: <sip:proxy2.biloxi.com;lr>",
          "Record-Route: <sip:198.51.100.10;lr;ftag=9fxced76sl>",
          "From: \"Alice\" <sip:alice@atlanta.com>;tag=9fxced76sl",
          "To: Bob <sip:bob@biloxi.com>",
          "Call-ID: a84b4c76e66710@pc33.atlanta",
          "CSeq: 31862 INVITE",
          "Contact: <sip:alice@192.168.1.20:5060;transport=udp;ob>;expires=3600",
          "Content-Type: application/sdp",
          "Content-Length:",
          "User-Agent: Pinhole-Bench-UA/1.0",
          "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE",
          "Supported: replaces, timer",
      },
      "v=0\r\n"
      "o=alice 2890844526 2890844526 IN IP4 192.168.1.20\r\n"
      "s=-\r\n"
      "c=IN IP4 192.168.1.20\r\n"
      "t=0 0\r\n"
      "m=audio 49170 RTP/AVP 0 8 101\r\n"
      "a=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:8 PCMA/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\n"
      "a=fmtp:101 0-16\r\n"
      "a=sendrecv\r\n");
  return m;
}

// A REGISTER straight from a UA behind NAT: its Contact carries the RFC 1918 address.
inline const std::string& registerMessage() {
  static const std::string m = buildMessage(
      {
          "REGISTER sip:registrar.example.com SIP/2.0",
          "Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bKnashds7a8f2",
          "Max-Forwards: 70",
          "From: Alice <sip:alice@example.com>;tag=456248",
          "To: Alice <sip:alice@example.com>",
          "Call-ID: 843817637684230@998sdasdh09",
          "CSeq: 1826 REGISTER",
          "Contact: <sip:alice@192.168.1.20:5060;transport=udp>;expires=3600"
          ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\";reg-id=1",
          "Expires: 3600",
          "User-Agent: Pinhole-Bench-UA/1.0",
          "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, REFER, NOTIFY, INFO",
          "Content-Length:",
      },
      "");
  return m;
}

// Reads what a NAT-traversal proxy reads before relaying (loose_route, nat_uac_test,
// fix_nated_contact, record_route, t_relay, save). Returns the name of the first accessor that
// failed, or nullptr.
template <class Keep>
const char* touchProxyHeaders(Message& msg, Keep&& keep) {
  auto top = msg.topVia();
  if (!top) return "topVia() failed";
  keep((*top)->branch);
  keep((*top)->has_rport);
  keep((*top)->rport_value);
  keep((*top)->received);

  auto vias = msg.vias();
  if (!vias) return "vias() failed";
  keep(vias->size());

  auto from = msg.from();
  if (!from) return "from() failed";
  std::string_view from_tag = (*from)->tag();
  keep(from_tag);

  auto to = msg.to();
  if (!to) return "to() failed";
  std::string_view to_tag = (*to)->tag();
  keep(to_tag);

  auto call_id = msg.callId();
  if (!call_id) return "callId() failed";
  keep(*call_id);

  auto cseq = msg.cseq();
  if (!cseq) return "cseq() failed";
  keep(*cseq);

  auto contacts = msg.contacts();
  if (!contacts) return "contacts() failed";
  for (const pinhole::sip::NameAddr& c : (*contacts)->contacts) {
    keep(c.uri().host.host);
    keep(c.uri().host.port);
    std::string_view expires = c.params.value("expires");
    keep(expires);
  }

  auto routes = msg.routes();
  if (!routes) return "routes() failed";
  keep(routes->size());

  auto max_forwards = msg.maxForwards();
  if (!max_forwards) return "maxForwards() failed";
  keep(*max_forwards);

  auto expires = msg.expires();
  if (!expires) return "expires() failed";
  keep(*expires);

  auto content_length = msg.contentLength();
  if (!content_length) return "contentLength() failed";
  keep(*content_length);
  return nullptr;
}

// The SDP fields an RTP relay rewrites: the connection address and each media port.
template <class Keep>
const char* touchSdp(Message& msg, Keep&& keep) {
  auto session = msg.sdp();
  if (!session) return "sdp() failed";
  if (!*session) return "sdp() found no SDP body";
  const pinhole::sdp::Session& s = **session;
  if (s.connection) keep(s.connection->address);
  for (const pinhole::sdp::Media& m : s.media) {
    keep(m.port);
    const pinhole::sdp::Connection* c = pinhole::sdp::effectiveConnection(s, m);
    keep(c);
  }
  return nullptr;
}

}  // namespace pinhole::bench
