// Pseudo-variables: the message values a configuration can read ($ru, $si, $hdr(X), ...), with
// Kamailio's names and meanings. Resolved to a PvRef when the configuration is compiled.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "pinhole/sip/headers.h"

namespace pinhole::route {

enum class Pv : uint8_t {
  RequestUri,      // $ru
  RequestUser,     // $rU
  RequestHost,     // $rd
  RequestPort,     // $rp
  DestinationUri,  // $du
  DestinationHost, // $dd
  DestinationPort, // $dp
  SourceIp,        // $si
  SourcePort,      // $sp
  Protocol,        // $pr
  Method,          // $rm
  Status,          // $rs
  Reason,          // $rr
  FromUri,         // $fu
  FromUser,        // $fU
  FromHost,        // $fd
  FromTag,         // $ft
  ToUri,           // $tu
  ToUser,          // $tU
  ToHost,          // $td
  ToTag,           // $tt
  CallId,          // $ci
  CSeqNumber,      // $cs
  LocalIp,         // $Ri
  LocalPort,       // $Rp
  MessageLength,   // $ml
  Header,          // $hdr(Name), $ct, $ua
  TmReplyCode,     // $T_reply_code
};

struct PvRef {
  Pv pv = Pv::RequestUri;
  // Header: the type when the name is known (looked up by type), else Other and the name.
  sip::HeaderType header = sip::HeaderType::Other;
  std::string_view header_name;  // as written in the configuration (Header only)
};

// Values that are numbers ($sp, $rs, $cs, $Rp, $ml): compared as integers with other numbers.
constexpr bool isInteger(Pv pv) {
  return pv == Pv::SourcePort || pv == Pv::Status || pv == Pv::CSeqNumber ||
         pv == Pv::LocalPort || pv == Pv::MessageLength || pv == Pv::TmReplyCode;
}
// Values that may be assigned: $ru, $du, $rU.
constexpr bool isWritable(Pv pv) {
  return pv == Pv::RequestUri || pv == Pv::DestinationUri || pv == Pv::RequestUser;
}

struct PvInfo {
  std::string_view name;      // without '$' ("ru", "hdr")
  Pv pv;
  sip::HeaderType header;     // for the header shorthands ($ct, $ua)
  bool takes_name;            // $hdr(Name)
  std::string_view doc;
};

// Every pseudo-variable by name (case-sensitive, as in Kamailio: $rU is not $ru).
std::span<const PvInfo> pseudoVariables() noexcept;
const PvInfo* findPseudoVariable(std::string_view name) noexcept;

// Keywords that read a value: `method` ($rm), `uri` ($ru), `status` ($rs), `src_ip` ($si), ...
struct KeywordInfo {
  std::string_view keyword;
  Pv pv;
};
std::span<const KeywordInfo> valueKeywords() noexcept;
std::optional<Pv> findValueKeyword(std::string_view word) noexcept;

// The spelling used in messages: "$ru", "$hdr(X-Foo)".
std::string pvSpelling(const PvRef& ref);

}  // namespace pinhole::route
