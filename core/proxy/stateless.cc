#include "proxy/stateless.h"

#include <netdb.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>
#include <string>

#include "pinhole/sip/serializer.h"
#include "pinhole/sip/uri.h"
#include "pinhole/strings.h"
#include "proxy/hash.h"

namespace pinhole::proxy {
namespace {

std::string_view transportToken(net::Transport t) {
  return t == net::Transport::Tcp ? "TCP" : "UDP";
}

// Per-worker buffers: no heap allocation per message once they have grown. Edits copy what
// they are given into the message arena.
thread_local std::string t_out;   // the rendered message
thread_local std::string t_line;  // a header line being built

// "Record-Route: <sip:host:port;transport=tcp;lr;r2=on;params>" for one of our sockets.
std::string_view recordRouteLine(const net::LocalSocket& s, bool double_rr,
                                 std::string_view params) {
  t_line.assign("Record-Route: <sip:").append(s.advertised_host).append(":");
  char port[8];
  auto [end, ec] = std::to_chars(port, port + sizeof port, s.advertised_port);
  t_line.append(port, static_cast<std::size_t>(end - port));
  if (s.transport == net::Transport::Tcp) t_line.append(";transport=tcp");
  t_line.append(";lr");
  if (double_rr) t_line.append(";r2=on");
  t_line.append(params).append(">");
  return t_line;
}

// Whether an edit in the chain already touches Max-Forwards (the maxfwd module decremented the
// value, or added the header), so that the core does not do it twice.
bool maxForwardsEdited(const sip::EditList& edits, uint32_t value_offset, bool present) {
  for (const sip::EditList* l = &edits; l; l = l->parent()) {
    for (const sip::RecordedEdit& e : l->own()) {
      if (present && e.edit.offset <= value_offset &&
          value_offset <= e.edit.offset + e.edit.length && e.edit.length > 0)
        return true;
      if (!present && str::iequals(e.edit.text.substr(0, 13), "Max-Forwards:")) return true;
    }
  }
  return false;
}

// RFC 3261 16.6 step 3: the forwarded request carries Max-Forwards one lower, or 70 when the
// request had none.
Result<void> decrementMaxForwards(sip::Message& msg, sip::EditList& edits, Arena& arena) {
  const sip::HeaderField* h = msg.header(sip::HeaderType::MaxForwards);
  auto mf = msg.maxForwards();
  if (!mf) return {};  // malformed: refused earlier by the sanity checks
  if (!h) {
    if (maxForwardsEdited(edits, 0, false)) return {};
    return edits.prependHeader("Max-Forwards: 70");
  }
  uint32_t offset = msg.offsetOf(h->value);
  if (maxForwardsEdited(edits, offset, true) || !mf->has_value() || **mf == 0) return {};
  std::string_view text = arena.copy(std::to_string(**mf - 1));
  return edits.replace(offset, static_cast<uint32_t>(h->value.size()), text);
}

}  // namespace

Result<Target> resolveUri(std::string_view uri_text, Arena& arena) {
  auto uri = sip::parseUri(uri_text, arena);
  if (!uri) return uri.error();
  if (!uri->isSip()) return makeError(sip::Errc::BadUri, "only sip: URIs can be routed", 0);
  if (uri->kind == sip::Scheme::Sips)
    return makeError(sip::Errc::BadUri, "sips: needs TLS, which is not supported yet", 0);
  Target t;
  std::string_view transport = uri->params.value("transport");
  if (str::iequals(transport, "tcp"))
    t.transport = net::Transport::Tcp;
  else if (!transport.empty() && !str::iequals(transport, "udp"))
    return makeError(sip::Errc::BadUri, "transport not supported (udp and tcp are)", 0);
  // maddr overrides the host for where the request is sent (RFC 3261 19.1.1).
  std::string_view host =
      uri->params.has("maddr") ? uri->params.value("maddr") : uri->host.address();
  t.endpoint.port = uri->host.has_port ? uri->host.port : 5060;
  boost::system::error_code ec;
  t.endpoint.address = boost::asio::ip::make_address(std::string(str::unbracket(host)), ec);
  if (ec) {
    // A host name: the system resolver (A/AAAA). RFC 3263 NAPTR/SRV comes with the DNS work.
    addrinfo hints{};
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* res = nullptr;
    std::string name(host);
    if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0 || res == nullptr)
      return makeError(sip::Errc::BadHost, "host name does not resolve", 0);
    if (res->ai_family == AF_INET) {
      auto* sa = reinterpret_cast<sockaddr_in*>(res->ai_addr);
      t.endpoint.address = boost::asio::ip::address_v4(ntohl(sa->sin_addr.s_addr));
    } else {
      auto* sa = reinterpret_cast<sockaddr_in6*>(res->ai_addr);
      boost::asio::ip::address_v6::bytes_type bytes;
      std::copy(std::begin(sa->sin6_addr.s6_addr), std::end(sa->sin6_addr.s6_addr), bytes.begin());
      t.endpoint.address = boost::asio::ip::address_v6(bytes);
    }
    freeaddrinfo(res);
  }
  return t;
}

StatelessProxy::StatelessProxy(std::vector<net::LocalSocket> sockets,
                               std::vector<std::string> domains, uint64_t secret, SendFn send)
    : sockets_(std::move(sockets)),
      domains_(std::move(domains)),
      secret_(secret),
      send_(std::move(send)) {
  // What isMyself compares against, made once: it runs for every response and `myself` test.
  for (const net::LocalSocket& sock : sockets_) {
    bound_ips_.push_back(std::string(str::unbracket(net::hostString(sock.bound.address))));
  }
}

bool StatelessProxy::isMyself(std::string_view host, uint16_t port) const noexcept {
  host = str::unbracket(host);
  for (std::size_t i = 0; i < sockets_.size(); ++i) {
    const net::LocalSocket& s = sockets_[i];
    bool host_match =
        str::iequals(str::unbracket(s.advertised_host), host) || bound_ips_[i] == host;
    bool port_match = port == 0 || port == s.advertised_port || port == s.bound.port;
    if (host_match && port_match) return true;
  }
  for (const std::string& d : domains_) {
    if (!str::iequals(d, host)) continue;
    if (port == 0) return true;
    for (const net::LocalSocket& s : sockets_)
      if (port == s.advertised_port || port == s.bound.port) return true;
  }
  return false;
}

bool StatelessProxy::isOurVia(const sip::Via& via) const noexcept {
  return isMyself(via.host.host, via.host.has_port ? via.host.port : 5060);
}

const net::LocalSocket* StatelessProxy::socketFor(
    net::Transport t, const net::Endpoint& to, const net::LocalSocket* preferred) const noexcept {
  auto fits = [&](const net::LocalSocket& s) {
    return s.transport == t && s.bound.address.is_v6() == to.address.is_v6();
  };
  if (preferred && fits(*preferred)) return preferred;
  for (const net::LocalSocket& s : sockets_)
    if (fits(s)) return &s;
  return nullptr;
}

// The identity of the request as received, for loop detection (RFC 3261 16.3 step 4): the same
// request coming back with the same Request-URI is a loop; with another one it is a spiral.
uint32_t StatelessProxy::loopKey(sip::Message& msg) const {
  Fnv64 h(secret_ ^ 0x6c6f6f70);
  if (auto id = msg.callId(); id) h.add(*id);
  if (auto from = msg.from(); from) h.add((*from)->tag());
  if (auto cseq = msg.cseq(); cseq) h.add(uint64_t{cseq->number});
  h.add(msg.requestUriText());
  return static_cast<uint32_t>(h.value() ^ (h.value() >> 32));
}

std::string_view StatelessProxy::branchFor(sip::Message& msg, std::string_view target) const {
  // RFC 3261 16.11: the same request (and its CANCEL / non-2xx ACK, which repeat the top Via
  // branch) must get the same branch; different requests different ones. The branch ends with
  // the request's loop key so that a looping request can be recognised when it comes back.
  Fnv64 h(secret_);
  auto via = msg.topVia();
  if (via && (*via)->hasMagicCookie()) {
    h.add((*via)->branch);
  } else {
    // RFC 2543 peers: the transaction is identified by the request's own fields.
    if (auto to = msg.to(); to) h.add((*to)->tag());
    if (auto from = msg.from(); from) h.add((*from)->tag());
    if (auto id = msg.callId(); id) h.add(*id);
    if (auto cseq = msg.cseq(); cseq) h.add(uint64_t{cseq->number});
    h.add(msg.requestUriText());
  }
  h.add(target);
  char* b = static_cast<char*>(msg.arena().allocate(kBranchLength, 1));
  std::memcpy(b, "z9hG4bK", 7);
  toHex16(h.value(), b + 7);
  b[23] = '.';
  char key[16];
  toHex16(loopKey(msg), key);
  std::memcpy(b + 24, key + 8, 8);
  return {b, kBranchLength};
}

std::string_view StatelessProxy::withLoopKey(sip::Message& msg, std::string_view id) const {
  char* b = static_cast<char*>(msg.arena().allocate(id.size() + 9, 1));
  std::memcpy(b, id.data(), id.size());
  b[id.size()] = '.';
  char key[16];
  toHex16(loopKey(msg), key);
  std::memcpy(b + id.size() + 1, key + 8, 8);
  return {b, id.size() + 9};
}

bool StatelessProxy::looped(sip::Message& msg) const {
  auto vias = msg.vias();
  if (!vias) return false;
  char key[16];
  toHex16(loopKey(msg), key);
  std::string_view want(key + 8, 8);
  // Stateless (z9hG4bK<16>.<key>) and stateful (z9hG4bK<id>.<key>) branches end the same way.
  for (const sip::Via& v : *vias) {
    std::size_t n = v.branch.size();
    if (n > 16 && v.branch[n - 9] == '.' && v.branch.substr(n - 8) == want && isOurVia(v))
      return true;
  }
  return false;
}

ForwardResult StatelessProxy::send(const net::LocalSocket& out, const net::Endpoint& to,
                                   const sip::MessageLayout& layout, const sip::EditList& edits,
                                   std::string* rendered) {
  if (!sip::render(layout, edits, t_out))
    return {ForwardError::Render, "edits could not be applied"};
  if (rendered) rendered->assign(t_out);
  auto sent = send_(out, to, t_out, 0);
  if (!sent) return {ForwardError::SendFailed, sent.error().detail};
  return {};
}

int statusFor(ForwardError e) noexcept {
  switch (e) {
    case ForwardError::None: return 0;
    case ForwardError::TooManyHops: return 483;
    case ForwardError::LoopDetected: return 482;
    case ForwardError::BadTarget: return 416;
    case ForwardError::UnresolvableTarget: return 478;
    case ForwardError::NoSocket:
    case ForwardError::SendFailed: return 503;  // RFC 3261 16.9: a transport error is a 503
    case ForwardError::Render: return 500;
  }
  return 500;
}

std::string_view reasonFor(ForwardError e) noexcept {
  switch (statusFor(e)) {
    case 483: return "Too Many Hops";
    case 482: return "Loop Detected";
    case 416: return "Unsupported URI Scheme";
    case 478: return "Unresolvable Destination";
    case 503: return "Service Unavailable";
    default: return "Server Internal Error";
  }
}

ForwardResult StatelessProxy::forwardRequest(MsgContext& ctx, const net::LocalSocket& in) {
  NextHop hop;
  ForwardResult r = prepareRequest(ctx, in, {}, hop, t_out);
  if (!r.ok()) return r;
  auto sent = send_(*hop.out, hop.to, t_out, 0);
  if (!sent) return {ForwardError::SendFailed, sent.error().detail};
  return {};
}

ForwardResult StatelessProxy::prepareRequest(MsgContext& ctx, const net::LocalSocket& in,
                                             std::string_view branch_id, NextHop& hop,
                                             std::string& out_text) {
  sip::Message& msg = ctx.msg();
  sip::EditList& edits = ctx.edits();
  Arena& arena = ctx.arena();

  // RFC 3261 16.3 step 2: a request with Max-Forwards 0 is not forwarded (483).
  if (auto mf = msg.maxForwards(); mf && mf->has_value() && **mf == 0)
    return {ForwardError::TooManyHops, "Max-Forwards is 0"};

  std::string_view target_uri =
      ctx.destinationUri().empty() ? ctx.requestUri() : ctx.destinationUri();
  auto target = resolveUri(target_uri, arena);
  if (!target) {
    bool unresolvable = sip::errcOf(target.error()) == sip::Errc::BadHost;
    return {unresolvable ? ForwardError::UnresolvableTarget : ForwardError::BadTarget,
            target.error().detail};
  }
  const net::LocalSocket* out = socketFor(target->transport, target->endpoint, &in);
  if (!out) return {ForwardError::NoSocket, "no listening socket for that transport and family"};

  // RFC 3261 16.3 step 4: our own Via carrying this request's loop key means it came back.
  if (looped(msg)) return {ForwardError::LoopDetected, "the request came back unchanged"};
  std::string_view branch =
      branch_id.empty() ? branchFor(msg, target_uri) : withLoopKey(msg, branch_id);

  // The sender's Via: received/rport as RFC 3261 18.2.1 and RFC 3581 say. Over TCP rport is
  // always filled, so that responses find the connection.
  if (auto top = msg.topVia(); top) {
    Source src{ctx.source().ip, ctx.source().port, ctx.source().transport != Transport::Udp};
    std::string_view stamped = stampVia(**top, src, ctx.forceRport() || src.reliable, arena);
    if (stamped.data() != (*top)->raw.data()) {
      auto r = edits.replace(msg.offsetOf((*top)->raw), static_cast<uint32_t>((*top)->raw.size()),
                             stamped);
      if (!r) return {ForwardError::Render, r.error().detail};
    }
  }
  if (auto r = decrementMaxForwards(msg, edits, arena); !r)
    return {ForwardError::Render, r.error().detail};
  if (ctx.requestUriRewritten()) {
    auto r = edits.replace(msg.offsetOf(msg.requestUriText()),
                           static_cast<uint32_t>(msg.requestUriText().size()), ctx.requestUri());
    if (!r) return {ForwardError::Render, r.error().detail};
  }
  t_line.assign("Via: SIP/2.0/").append(transportToken(out->transport)).append(" ");
  t_line.append(out->advertised_host).append(":");
  char port[8];
  auto [port_end, ec] = std::to_chars(port, port + sizeof port, out->advertised_port);
  t_line.append(port, static_cast<std::size_t>(port_end - port)).append(";branch=").append(branch);
  if (auto r = edits.prependHeader(t_line); !r) return {ForwardError::Render, r.error().detail};
  // Record-Route above our Via (prepended later = on top), so that the Via rows stay together.
  // Record-Route: the incoming socket's, and the outgoing one's on top when they differ (r2=on).
  if (ctx.recordRouteRequested()) {
    bool double_rr = out != &in;
    auto r = edits.prependHeader(recordRouteLine(in, double_rr, ctx.recordRouteParams()));
    if (r && double_rr)
      r = edits.prependHeader(recordRouteLine(*out, true, ctx.recordRouteParams()));
    if (!r) return {ForwardError::Render, r.error().detail};
  }
  if (!sip::render(msg.layout(), edits, out_text))
    return {ForwardError::Render, "edits could not be applied"};
  hop.out = out;
  hop.to = target->endpoint;
  return {};
}

ForwardResult StatelessProxy::forwardResponse(sip::Message& msg, sip::EditList& edits,
                                              std::string* rendered) {
  auto vias = msg.vias();
  if (!vias || vias->empty()) return {ForwardError::BadTarget, "response without a usable Via"};
  const sip::Via& top = (*vias)[0];
  if (!isOurVia(top)) return {ForwardError::BadTarget, "top Via is not ours"};
  if (vias->size() < 2) return {ForwardError::BadTarget, "no Via left to route the response to"};
  const sip::Via& next = (*vias)[1];

  // Remove our via-parm: the whole header line when it holds only ours, else up to the next.
  const sip::HeaderField* own = msg.header(sip::HeaderType::Via);
  Result<void> removed;
  if (own && next.raw.data() > own->line.data() &&
      next.raw.data() < own->line.data() + own->line.size()) {
    removed = edits.remove(msg.offsetOf(top.raw),
                           static_cast<uint32_t>(next.raw.data() - top.raw.data()));
  } else if (own) {
    removed = edits.remove(msg.offsetOf(own->line), static_cast<uint32_t>(own->line.size()));
  }
  if (!removed) return {ForwardError::Render, removed.error().detail};

  // RFC 3261 18.2.2 / RFC 3581: received and rport of the next Via say where it really is.
  Target t;
  t.transport = str::iequals(next.transport, "TCP") ? net::Transport::Tcp : net::Transport::Udp;
  std::string_view host = next.has_received ? next.received : next.host.address();
  boost::system::error_code ec;
  t.endpoint.address = boost::asio::ip::make_address(std::string(str::unbracket(host)), ec);
  if (ec) {
    auto resolved = resolveUri(std::string("sip:").append(host), msg.arena());
    if (!resolved) return {ForwardError::UnresolvableTarget, "next Via host does not resolve"};
    t.endpoint.address = resolved->endpoint.address;
  }
  uint16_t rport = 0;
  if (!next.rport_value.empty())
    std::from_chars(next.rport_value.data(), next.rport_value.data() + next.rport_value.size(),
                    rport);
  t.endpoint.port = rport ? rport : (next.host.has_port ? next.host.port : 5060);
  const net::LocalSocket* out = socketFor(t.transport, t.endpoint, nullptr);
  if (!out) return {ForwardError::NoSocket, "no listening socket for that transport and family"};
  return send(*out, t.endpoint, msg.layout(), edits, rendered);
}

}  // namespace pinhole::proxy
