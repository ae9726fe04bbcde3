#include "sipdump/json_dump.h"

#include <cstdint>
#include <optional>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/scalars.h"
#include "pinhole/sip/sdp.h"
#include "pinhole/sip/validate.h"

namespace pinhole::sipdump {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n;
  uint32_t cp;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    n = 2, cp = c & 0x1Fu, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, cp = c & 0x0Fu, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, cp = c & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

Json text(std::string_view s) { return jsonText(s); }

// A view that may be absent: null rather than "" so that "no tag" and "tag=" stay apart.
Json optText(std::string_view s, bool present) { return present ? text(s) : Json(nullptr); }
Json optText(std::string_view s) { return optText(s, !s.empty()); }

Json paramsJson(const sip::ParamList& params) {
  Json out = Json::array();
  for (const sip::Param& p : params)
    out.push_back({{"name", text(p.name)}, {"value", optText(p.value, p.has_value)}});
  return out;
}

std::string_view hostKindName(sip::HostKind k) {
  switch (k) {
    case sip::HostKind::Name: return "name";
    case sip::HostKind::IPv4: return "ipv4";
    case sip::HostKind::IPv6: return "ipv6";
    case sip::HostKind::None: break;
  }
  return {};
}

Json portJson(const sip::HostPort& hp) { return hp.has_port ? Json(hp.port) : Json(nullptr); }

std::string_view errorName(const Error& e) {
  sip::Errc errc = sip::errcOf(e);
  return errc != sip::Errc::Ok ? sip::errcName(errc) : std::string_view("Unknown");
}

Json viaJson(const sip::Via& via) {
  Json j;
  j["transport"] = text(via.transport);
  j["host"] = text(via.host.host);
  j["port"] = portJson(via.host);
  j["branch"] = optText(via.branch, via.has_branch);
  j["received"] = optText(via.received, via.has_received);
  // rport: absent, requested (no value: RFC 3581 asks the server to fill it), or filled in.
  if (!via.has_rport)
    j["rport"] = nullptr;
  else if (via.rport_value.empty())
    j["rport"] = true;
  else
    j["rport"] = str::parseUnsigned(via.rport_value, 65535).value_or(0);
  j["maddr"] = optText(via.maddr);
  j["ttl"] = via.ttl < 0 ? Json(nullptr) : Json(via.ttl);
  j["params"] = paramsJson(via.params);
  return j;
}

Json contactJson(const sip::NameAddr& na) {
  Json j;
  j["display"] = optText(na.display);
  j["uri"] = uriJson(na.uri());
  const sip::Param* expires = na.params.find("expires");
  if (!expires || !expires->has_value) {
    j["expires"] = nullptr;
  } else if (auto seconds = sip::parseDeltaSeconds(expires->value)) {
    j["expires"] = *seconds;
  } else {
    j["expires"] = text(expires->value);  // validate() refuses this; kept readable regardless
  }
  // q stays text: "0.33" as written, no float rounding for the operator to puzzle over.
  const sip::Param* q = na.params.find("q");
  j["q"] = q ? optText(q->value, q->has_value) : Json(nullptr);
  j["params"] = paramsJson(na.params);
  return j;
}

Json nameAddrListJson(std::span<const sip::NameAddr> list) {
  Json out = Json::array();
  for (const sip::NameAddr& na : list) out.push_back(nameAddrJson(na));
  return out;
}

Json connectionAddress(const sdp::Connection* c) {
  return c ? text(c->address) : Json(nullptr);
}

Json sdpJson(const sdp::Session& session) {
  Json j;
  j["origin"] = session.origin ? text(session.origin->address) : Json(nullptr);
  j["connection"] = connectionAddress(session.connection);
  Json media = Json::array();
  for (const sdp::Media& m : session.media) {
    Json mj;
    mj["type"] = text(m.type);
    mj["port"] = m.port;
    mj["port_count"] = m.port_count;
    mj["proto"] = text(m.proto);
    Json formats = Json::array();
    std::string_view rest = m.formats;
    while (!rest.empty()) {
      std::size_t sp = rest.find(' ');
      if (sp != 0) formats.push_back(text(rest.substr(0, sp)));
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
    mj["formats"] = std::move(formats);
    mj["connection"] = connectionAddress(m.connection());
    mj["direction"] = text(sdp::directionName(sdp::effectiveDirection(session, m)));
    if (m.rtcp) {
      mj["rtcp"] = {{"port", m.rtcp->port}, {"address", connectionAddress(m.rtcp->connection)}};
    } else {
      mj["rtcp"] = nullptr;
    }
    mj["candidates"] = m.candidates.size();
    media.push_back(std::move(mj));
  }
  j["media"] = std::move(media);
  return j;
}

}  // namespace

std::string jsonText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = utf8Length(s, i);
    if (n != 0) {
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    auto b = static_cast<unsigned char>(s[i++]);
    out.push_back(static_cast<char>(0xC0 | (b >> 6)));
    out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
  }
  return out;
}

Json uriJson(const sip::Uri& uri) {
  Json j;
  j["raw"] = text(uri.raw);
  j["scheme"] = text(uri.scheme);
  switch (uri.kind) {
    case sip::Scheme::Sip:
    case sip::Scheme::Sips:
      j["user"] = optText(uri.user);
      j["password"] = optText(uri.password, uri.has_password);
      j["host"] = text(uri.host.host);
      j["host_kind"] = optText(hostKindName(uri.host.kind));
      j["port"] = portJson(uri.host);
      j["params"] = paramsJson(uri.params);
      j["headers"] = paramsJson(uri.headers);
      break;
    case sip::Scheme::Tel:
      j["number"] = text(uri.user);
      j["params"] = paramsJson(uri.params);
      break;
    case sip::Scheme::Other:
      j["opaque"] = text(uri.opaque);
      break;
  }
  return j;
}

Json nameAddrJson(const sip::NameAddr& na) {
  Json j;
  j["display"] = optText(na.display);
  j["uri"] = uriJson(na.uri());
  const sip::Param* tag = na.params.find("tag");
  j["tag"] = tag ? optText(tag->value, tag->has_value) : Json(nullptr);
  j["params"] = paramsJson(na.params);
  return j;
}

Json errorJson(std::string_view file, std::string_view stage, const Error& e) {
  Json j;
  j["file"] = text(file);
  j["stage"] = text(stage);
  j["error"] = text(errorName(e));
  j["reason"] = text(e.detail);
  j["offset"] = e.hasOffset() ? Json(e.offset) : Json(nullptr);
  return j;
}

Json messageJson(std::string_view file, sip::Message& msg) {
  Json j;
  Json field_errors = Json::array();
  // Sets j[key] from a typed accessor: fn(value) on success, null and a field error otherwise.
  auto field = [&](const char* key, auto result, auto&& fn) {
    if (result) {
      j[key] = fn(*result);
      return;
    }
    j[key] = nullptr;
    Json e = errorJson(file, "field", result.error());
    e.erase("file");
    e.erase("stage");
    e["field"] = key;
    field_errors.push_back(std::move(e));
  };

  j["file"] = text(file);
  if (msg.isRequest()) {
    j["kind"] = "request";
    j["method"] = text(msg.methodText());
    field("request_uri", msg.requestUri(), [](const sip::Uri* u) { return uriJson(*u); });
  } else {
    j["kind"] = "response";
    j["status"] = msg.statusCode();
    j["reason"] = text(msg.reason());
  }

  field("via", msg.vias(), [](std::span<const sip::Via> vias) {
    Json out = Json::array();
    for (const sip::Via& v : vias) out.push_back(viaJson(v));
    return out;
  });
  // From, To, Call-ID and CSeq are required by RFC 3261 but their absence is a semantic error
  // (RFC 4475 insuf.dat), not a parse failure: null here, no field error.
  auto single = [&](const char* key, sip::HeaderType type, auto result, auto&& fn) {
    if (!msg.header(type))
      j[key] = nullptr;
    else
      field(key, std::move(result), fn);
  };
  single("from", sip::HeaderType::From, msg.from(),
         [](const sip::NameAddr* na) { return nameAddrJson(*na); });
  single("to", sip::HeaderType::To, msg.to(),
         [](const sip::NameAddr* na) { return nameAddrJson(*na); });
  single("call_id", sip::HeaderType::CallId, msg.callId(),
         [](std::string_view id) { return text(id); });
  single("cseq", sip::HeaderType::CSeq, msg.cseq(), [](const sip::CSeq& c) {
    return Json{{"number", c.number}, {"method", text(c.method)}};
  });
  field("max_forwards", msg.maxForwards(),
        [](std::optional<uint32_t> v) { return v ? Json(*v) : Json(nullptr); });
  field("contacts", msg.contacts(), [](const sip::ContactList* list) {
    if (list->star) return Json("*");
    Json out = Json::array();
    for (const sip::NameAddr& na : list->contacts) out.push_back(contactJson(na));
    return out;
  });
  field("route", msg.routes(), nameAddrListJson);
  field("record_route", msg.recordRoutes(), nameAddrListJson);
  field("content_length", msg.contentLength(),
        [](std::optional<uint32_t> v) { return v ? Json(*v) : Json(nullptr); });
  field("content_type", msg.contentType(), [](const sip::ContentType* ct) {
    if (!ct) return Json(nullptr);
    return Json{{"type", text(ct->type)},
                {"subtype", text(ct->subtype)},
                {"params", paramsJson(ct->params)}};
  });

  Json headers = Json::array();
  for (const sip::HeaderField& h : msg.headers()) {
    std::string_view type = sip::headerCanonicalName(h.type);
    headers.push_back({{"name", text(h.name)},
                       {"type", type.empty() ? Json("other") : text(type)},
                       {"value", text(h.value)}});
  }
  j["headers"] = std::move(headers);

  field("sdp", msg.sdp(),
        [](const sdp::Session* s) { return s ? sdpJson(*s) : Json(nullptr); });
  j["body_length"] = msg.layout().body_length;
  if (!field_errors.empty()) j["field_errors"] = std::move(field_errors);
  return j;
}

Dump dumpMessage(std::string_view file, std::string_view buffer, Arena& arena,
                 const sip::ParseLimits& limits) {
  sip::Message msg(arena);
  if (auto parsed = msg.parse(buffer, limits); !parsed)
    return {errorJson(file, "parse", parsed.error()), false};
  if (auto valid = sip::validate(msg); !valid)
    return {errorJson(file, "validate", valid.error()), false};
  return {messageJson(file, msg), true};
}

std::string render(const Json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace pinhole::sipdump
