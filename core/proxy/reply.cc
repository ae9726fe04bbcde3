#include "proxy/reply.h"

#include <charconv>
#include <utility>

#include "pinhole/sip/errors.h"
#include "pinhole/sip/headers.h"
#include "pinhole/sip/uri.h"
#include "pinhole/strings.h"
#include "proxy/hash.h"

namespace pinhole::proxy {
namespace {

std::string_view portText(uint16_t port, Arena& arena) {
  char buf[8];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, port);
  return arena.copy(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

bool sameHost(std::string_view via_host, std::string_view ip) noexcept {
  return str::unbracket(via_host) == ip;
}

void appendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

Destination replyDestination(const sip::Via& via, const Source& source, bool force_rport) noexcept {
  Destination d;
  d.host = source.ip;
  if (via.has_rport || force_rport || source.reliable) {
    d.port = source.port;
  } else if (via.host.has_port) {
    d.port = via.host.port;
  }
  return d;
}

std::string_view statelessToTag(sip::Message& request, uint64_t secret) {
  Fnv64 h(secret);
  if (auto id = request.callId(); id) h.add(*id);
  if (auto from = request.from(); from) h.add((*from)->tag());
  if (auto via = request.topVia(); via) h.add((*via)->branch);
  if (auto cseq = request.cseq(); cseq) h.add(uint64_t{cseq->number});
  char* tag = static_cast<char*>(request.arena().allocate(16, 1));
  toHex16(h.value(), tag);
  return {tag, 16};
}

std::string_view stampVia(const sip::Via& via, const Source& source, bool force_rport,
                          Arena& arena) {
  const bool add_received = !sameHost(via.host.host, source.ip);
  const bool fill_rport = (via.has_rport && via.rport_value.empty()) || force_rport;
  if (!add_received && !fill_rport) return via.raw;

  std::string_view port = portText(source.port, arena);
  const sip::Param* rport = via.params.find("rport");
  // Changes inside the via-parm, applied from the back so earlier offsets stay valid.
  struct Change {
    std::size_t at, length;
    std::string_view text;
    std::string_view prefix;
  };
  Change changes[2];
  int n = 0;
  if (fill_rport && rport && !rport->has_value)
    changes[n++] = {
        static_cast<std::size_t>(rport->name.data() + rport->name.size() - via.raw.data()), 0, port,
        "="};
  if (add_received && via.has_received)
    changes[n++] = {static_cast<std::size_t>(via.received.data() - via.raw.data()),
                    via.received.size(), source.ip, ""};
  if (n == 2 && changes[0].at < changes[1].at) std::swap(changes[0], changes[1]);
  thread_local std::string text;  // per worker: no heap allocation once grown
  text.assign(via.raw);
  for (int i = 0; i < n; ++i) {
    text.replace(changes[i].at, changes[i].length, changes[i].text);
    text.insert(changes[i].at, changes[i].prefix);
  }
  if (fill_rport && !rport) text.append(";rport=").append(port);
  if (add_received && !via.has_received) text.append(";received=").append(source.ip);
  return arena.copy(text);
}

Result<void> buildReply(sip::Message& request, int code, std::string_view reason,
                        const Source& source, bool force_rport, std::string_view to_tag,
                        std::string& out) {
  auto top = request.topVia();
  if (!top) return top.error();
  Arena& arena = request.arena();
  out.clear();
  out.reserve(512 + request.headers().size() * 16);
  char code_text[4];
  std::to_chars(code_text, code_text + 3, code);
  out.append("SIP/2.0 ").append(code_text, 3).append(" ").append(reason).append("\r\n");

  bool first_via = true;
  for (const sip::HeaderField& h : request.headers()) {
    switch (h.type) {
      case sip::HeaderType::Via:
        if (first_via) {
          // The top via-parm is a prefix of the first Via header's value.
          std::string_view stamped = stampVia(**top, source, force_rport, arena);
          std::size_t rest =
              static_cast<std::size_t>((*top)->raw.data() + (*top)->raw.size() - h.value.data());
          out.append("Via: ").append(stamped).append(h.value.substr(rest)).append("\r\n");
          first_via = false;
        } else {
          appendHeader(out, "Via", h.value);
        }
        break;
      case sip::HeaderType::From:
      case sip::HeaderType::CallId:
      case sip::HeaderType::CSeq:
        appendHeader(out, sip::headerCanonicalName(h.type), h.value);
        break;
      case sip::HeaderType::To: {
        out.append("To: ").append(h.value);
        auto to = request.to();
        if (code > 100 && !to_tag.empty() && to && (*to)->tag().empty())
          out.append(";tag=").append(to_tag);
        out.append("\r\n");
        break;
      }
      default:
        break;
    }
  }
  out.append("Server: Pinhole\r\nContent-Length: 0\r\n\r\n");
  return {};
}

std::string_view reasonForError(const Error& e, Arena& arena) {
  std::string text = e.code.message();
  if (!e.detail.empty() && e.detail != text) text.append(": ").append(e.detail);
  // A Reason-Phrase holds no CR/LF (and we keep it printable).
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return arena.copy(text);
}

}  // namespace pinhole::proxy
