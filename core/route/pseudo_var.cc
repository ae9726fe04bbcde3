#include "route/pseudo_var.h"

#include <array>
#include <string>

namespace pinhole::route {

namespace {

using sip::HeaderType;

constexpr std::array kPvs{
    PvInfo{"ru", Pv::RequestUri, HeaderType::Other, false, "Request-URI (as rewritten)"},
    PvInfo{"rU", Pv::RequestUser, HeaderType::Other, false, "user part of $ru"},
    PvInfo{"rd", Pv::RequestHost, HeaderType::Other, false, "host of $ru"},
    PvInfo{"rp", Pv::RequestPort, HeaderType::Other, false, "port of $ru as written ('' if none)"},
    PvInfo{"du", Pv::DestinationUri, HeaderType::Other, false, "destination URI (next hop)"},
    PvInfo{"dd", Pv::DestinationHost, HeaderType::Other, false, "host of $du"},
    PvInfo{"dp", Pv::DestinationPort, HeaderType::Other, false, "port of $du as written"},
    PvInfo{"si", Pv::SourceIp, HeaderType::Other, false, "source IP of the message"},
    PvInfo{"sp", Pv::SourcePort, HeaderType::Other, false, "source port (integer)"},
    PvInfo{"pr", Pv::Protocol, HeaderType::Other, false, "transport received on: udp, tcp, ..."},
    PvInfo{"proto", Pv::Protocol, HeaderType::Other, false, "same as $pr"},
    PvInfo{"rm", Pv::Method, HeaderType::Other, false, "method (of CSeq in a reply)"},
    PvInfo{"rs", Pv::Status, HeaderType::Other, false, "reply status code (integer)"},
    PvInfo{"rr", Pv::Reason, HeaderType::Other, false, "reply reason phrase"},
    PvInfo{"fu", Pv::FromUri, HeaderType::Other, false, "From URI"},
    PvInfo{"fU", Pv::FromUser, HeaderType::Other, false, "From URI user"},
    PvInfo{"fd", Pv::FromHost, HeaderType::Other, false, "From URI host"},
    PvInfo{"ft", Pv::FromTag, HeaderType::Other, false, "From tag"},
    PvInfo{"tu", Pv::ToUri, HeaderType::Other, false, "To URI"},
    PvInfo{"tU", Pv::ToUser, HeaderType::Other, false, "To URI user"},
    PvInfo{"td", Pv::ToHost, HeaderType::Other, false, "To URI host"},
    PvInfo{"tt", Pv::ToTag, HeaderType::Other, false, "To tag"},
    PvInfo{"ci", Pv::CallId, HeaderType::Other, false, "Call-ID"},
    PvInfo{"cs", Pv::CSeqNumber, HeaderType::Other, false, "CSeq number (integer)"},
    PvInfo{"Ri", Pv::LocalIp, HeaderType::Other, false, "local IP the message came in on"},
    PvInfo{"Rp", Pv::LocalPort, HeaderType::Other, false, "local port (integer)"},
    PvInfo{"ml", Pv::MessageLength, HeaderType::Other, false, "message length in bytes (integer)"},
    PvInfo{"ct", Pv::Header, HeaderType::Contact, false, "first Contact value, as $hdr(Contact)"},
    PvInfo{"ua", Pv::Header, HeaderType::UserAgent, false, "User-Agent, as $hdr(User-Agent)"},
    PvInfo{"T_reply_code", Pv::TmReplyCode, HeaderType::Other, false,
           "tm: the winning reply's code in a failure hook, the reply's in a reply hook"},
    PvInfo{"hdr", Pv::Header, HeaderType::Other, true, "value of the first header of that name"},
};

constexpr std::array kKeywords{
    KeywordInfo{"method", Pv::Method},     KeywordInfo{"uri", Pv::RequestUri},
    KeywordInfo{"status", Pv::Status},     KeywordInfo{"src_ip", Pv::SourceIp},
    KeywordInfo{"src_port", Pv::SourcePort}, KeywordInfo{"proto", Pv::Protocol},
    KeywordInfo{"from_uri", Pv::FromUri},  KeywordInfo{"to_uri", Pv::ToUri},
};

}  // namespace

std::span<const PvInfo> pseudoVariables() noexcept { return kPvs; }

const PvInfo* findPseudoVariable(std::string_view name) noexcept {
  for (const PvInfo& info : kPvs)
    if (info.name == name) return &info;
  return nullptr;
}

std::span<const KeywordInfo> valueKeywords() noexcept { return kKeywords; }

std::optional<Pv> findValueKeyword(std::string_view word) noexcept {
  for (const KeywordInfo& k : kKeywords)
    if (k.keyword == word) return k.pv;
  return std::nullopt;
}

std::string pvSpelling(const PvRef& ref) {
  if (ref.pv == Pv::Header) {
    std::string_view name =
        ref.header_name.empty() ? sip::headerCanonicalName(ref.header) : ref.header_name;
    return "$hdr(" + std::string(name) + ")";
  }
  for (const PvInfo& info : kPvs)
    if (info.pv == ref.pv) return "$" + std::string(info.name);
  return "$?";
}

}  // namespace pinhole::route
