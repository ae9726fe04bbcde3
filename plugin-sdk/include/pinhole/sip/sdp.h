// SDP (RFC 4566/8866) as a NAT-traversal proxy needs it: origin, connections, media ports,
// direction, a=rtcp (RFC 3605) and ICE candidates (RFC 8445/8839).
// Zero-copy: every view points into the body given to parse(), so a caller can turn a field into
// a byte offset of the message (str::offsetIn) and record an edit there. The structures live in
// the arena and die with it. A view of an absent field is empty with data() == nullptr.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"

namespace pinhole::sdp {

inline constexpr std::size_t kMaxMedia = 64;                // m= sections per body
inline constexpr std::size_t kMaxCandidatesPerMedia = 64;   // a=candidate per m= section
inline constexpr std::size_t kMaxConnectionsPerMedia = 16;  // c= per m= section (multicast layers)
inline constexpr std::size_t kMaxLineLength = 4096;         // bytes, without the line end

enum class Direction : uint8_t { Unspecified, SendRecv, SendOnly, RecvOnly, Inactive };

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>. Kept as written: the
// address is not validated (UAs put odd things there), only the six fields are required.
struct Origin {
  std::string_view line;  // the whole o= line, without its line end
  std::string_view username;
  std::string_view sess_id;
  std::string_view sess_version;
  std::string_view net_type;
  std::string_view addr_type;
  std::string_view address;
  bool ipv6 = false;  // addr_type is IP6
};

// c=IN IP4|IP6 <address>[/ttl][/count], also the optional address part of a=rtcp.
struct Connection {
  std::string_view line;       // the line it came from (c= or a=rtcp), without its line end
  std::string_view net_type;   // "IN"
  std::string_view addr_type;  // "IP4" or "IP6"
  std::string_view address;    // dotted quad, IPv6 address or host name, without the suffix
  std::string_view suffix;     // "/127/3" right after address (starts with '/'), or absent
  uint16_t ttl = 0;            // IP4 multicast TTL from the suffix, 0 when none
  uint16_t address_count = 1;  // multicast address count from the suffix, 1 when none
  bool ipv6 = false;           // addr_type is IP6
};

// a=rtcp:<port> [<nettype> <addrtype> <address>] (RFC 3605).
struct Rtcp {
  std::string_view line;  // the whole a=rtcp line
  uint16_t port = 0;
  std::string_view port_text;
  const Connection* connection = nullptr;  // the optional address part
};

// a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
//   [raddr <address>] [rport <port>] *(<ext-name> <ext-value>)
struct Candidate {
  std::string_view line;        // the whole a=candidate line
  std::string_view foundation;
  uint16_t component = 0;       // 1..256 (1 = RTP, 2 = RTCP)
  std::string_view transport;   // "UDP", "TCP", ... as written
  uint32_t priority = 0;
  std::string_view address;     // IPv4, IPv6 or host name (e.g. an mDNS "<uuid>.local")
  bool ipv6 = false;
  uint16_t port = 0;
  std::string_view port_text;
  std::string_view type;        // "host", "srflx", "prflx", "relay" or an extension
  std::string_view raddr;       // related address, absent if none
  bool raddr_ipv6 = false;
  uint16_t rport = 0;
  std::string_view rport_text;  // related port, absent if none
};

// One m= section: the m= line and the lines after it up to the next m= line or the body's end.
struct Media {
  std::string_view section;     // from the m= line through the end of the section
  std::string_view line;        // the m= line, without its line end
  std::string_view type;        // "audio", "video", "application", ...
  uint16_t port = 0;            // 0 means the stream is rejected/disabled
  std::string_view port_text;   // digits only, without "/count"
  uint16_t port_count = 1;      // from "port/count"
  std::string_view proto;       // "RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVPF", ...
  std::string_view formats;     // the whole format list ("0 8 101")
  uint32_t format_count = 0;
  ArenaVector<Connection> connections;  // media-level c= lines; usually zero or one
  Direction direction = Direction::Unspecified;
  const Rtcp* rtcp = nullptr;
  ArenaVector<Candidate> candidates;

  // The media-level connection (the first c= of the section), or nullptr.
  const Connection* connection() const noexcept {
    return connections.empty() ? nullptr : &connections[0];
  }
};

struct Session {
  std::string_view body;                   // the body that was parsed
  uint32_t version = 0;                    // v=, always 0
  const Origin* origin = nullptr;          // o=, nullptr if the body has none
  std::string_view session_name;           // s= value as written, absent if none
  const Connection* connection = nullptr;  // session-level c=, or nullptr
  Direction direction = Direction::Unspecified;
  ArenaVector<Media> media;
};

// Parses an SDP body. Errors are sip::Errc::BadSdp with the offset in body of the fault.
Result<const Session*> parse(std::string_view body, Arena& arena);

// The direction in force for a media section: its own attribute, else the session's, else
// sendrecv (RFC 3264 section 5.1).
Direction effectiveDirection(const Session& session, const Media& media) noexcept;

// "sendrecv", "sendonly", "recvonly", "inactive" ("" for Unspecified).
std::string_view directionName(Direction d) noexcept;

// The media-level connection if the section has one, else the session-level one, else nullptr.
const Connection* effectiveConnection(const Session& session, const Media& media) noexcept;

}  // namespace pinhole::sdp
