// pinhole-sipdump's JSON: one object per SIP message, built apart from main() so that tests can
// check the output without spawning the tool. Keys keep insertion order (ordered_json) so the
// output reads like the message: start line, typed headers, raw headers, SDP, body.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/message.h"

namespace pinhole::sipdump {

using Json = nlohmann::ordered_json;

// Text as a JSON string value: valid UTF-8 is kept, every other byte b becomes U+00bb (its
// Latin-1 reading), so any input gives valid JSON and no byte is silently dropped. NUL and other
// control bytes are valid UTF-8 and come out \u-escaped when dumped.
std::string jsonText(std::string_view s);

// Parts of a URI: raw, scheme, user, password, host, host_kind, port, params, headers (sip,
// sips), the number and params (tel), or the opaque rest (any other scheme).
Json uriJson(const sip::Uri& uri);

// A name-addr (From, To, Route, ...): display, uri, tag, params.
Json nameAddrJson(const sip::NameAddr& na);

// The error object: {"file", "stage", "error", "reason", "offset"} (offset null when unknown).
Json errorJson(std::string_view file, std::string_view stage, const Error& e);

// The object for a message that parsed and validated. A typed field that still fails here
// (a Content-Length conflict, which validate() leaves to the framing layer) is null and listed
// in "field_errors".
Json messageJson(std::string_view file, sip::Message& msg);

struct Dump {
  Json json;
  bool ok = false;  // parsed and validated
};

// Parse `buffer` as one datagram, validate it, and build the message or the error object.
// The arena is used for the message and may be reset once this returns.
Dump dumpMessage(std::string_view file, std::string_view buffer, Arena& arena,
                 const sip::ParseLimits& limits = {});

// One line (or indented with `pretty`); invalid UTF-8 cannot remain after jsonText(), but the
// dump replaces rather than throws should any slip through.
std::string render(const Json& j, bool pretty);

}  // namespace pinhole::sipdump
