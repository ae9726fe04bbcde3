#include "support/message_exercise.h"

#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/sdp.h"
#include "pinhole/sip/serializer.h"
#include "pinhole/sip/validate.h"

namespace pinhole::test {
namespace {

// Reads every byte of a view so that ASan sees a view reaching outside the buffer.
volatile unsigned g_sink = 0;
void touch(std::string_view v) {
  unsigned s = 0;
  for (char c : v) s += static_cast<unsigned char>(c);
  g_sink = g_sink + s;
}

void touchUri(const sip::Uri& u) {
  touch(u.raw);
  touch(u.user);
  touch(u.password);
  touch(u.host.host);
  for (const auto& p : u.params) touch(p.value);
  for (const auto& p : u.headers) touch(p.value);
}

void touchNameAddr(const sip::NameAddr& na) {
  touch(na.display);
  touchUri(na.uri());
  for (const auto& p : na.params) touch(p.value);
}

void touchEverything(sip::Message& msg) {
  if (auto u = msg.requestUri(); u) touchUri(**u);
  if (auto vias = msg.vias(); vias)
    for (const auto& v : *vias) {
      touch(v.sent_by);
      touch(v.branch);
      touch(v.received);
    }
  if (auto f = msg.from(); f) touchNameAddr(**f);
  if (auto t = msg.to(); t) touchNameAddr(**t);
  if (auto c = msg.callId(); c) touch(*c);
  if (auto c = msg.cseq(); c) touch(c->method);
  (void)msg.maxForwards();
  (void)msg.expires();
  (void)msg.contentLength();
  if (auto c = msg.contacts(); c)
    for (const auto& na : (*c)->contacts) touchNameAddr(na);
  if (auto r = msg.routes(); r)
    for (const auto& na : *r) touchNameAddr(na);
  if (auto r = msg.recordRoutes(); r)
    for (const auto& na : *r) touchNameAddr(na);
  (void)msg.supported();
  (void)msg.require();
  if (auto s = msg.sdp(); s && *s)
    for (const auto& m : (*s)->media) touch(m.line);
  touch(msg.body());
}

// The edits a NAT-traversal proxy makes; each may legitimately be refused (e.g. overlap).
Result<void> proxyEdits(sip::Message& msg, sip::EditList& edits) {
  PH_TRY(edits.prependHeader("Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKexercise"));
  PH_TRY(edits.addHeader("Record-Route: <sip:127.0.0.1;lr>"));
  if (msg.isRequest())
    PH_TRY(edits.replace(msg.offsetOf(msg.requestUriText()),
                         static_cast<uint32_t>(msg.requestUriText().size()), "sip:b@127.0.0.1"));
  if (auto via = msg.topVia(); via) {
    std::string_view raw = (*via)->raw;
    PH_TRY(edits.insert(msg.offsetOf(raw) + static_cast<uint32_t>(raw.size()),
                        ";received=192.0.2.1"));
  }
  if (auto mf = msg.maxForwards(); mf && mf->has_value()) {
    std::string_view v = msg.header(sip::HeaderType::MaxForwards)->value;
    PH_TRY(edits.replace(msg.offsetOf(v), static_cast<uint32_t>(v.size()), "69"));
  }
  if (auto s = msg.sdp(); s && *s) {
    if (const auto* c = (*s)->connection)
      PH_TRY(edits.replace(msg.offsetOf(c->address), static_cast<uint32_t>(c->address.size()),
                           c->ipv6 ? "2001:db8::77" : "203.0.113.77"));
    for (const auto& m : (*s)->media)
      PH_TRY(edits.replace(msg.offsetOf(m.port_text), static_cast<uint32_t>(m.port_text.size()),
                           "40000"));
  }
  return {};
}

}  // namespace

ExerciseOutcome exerciseMessage(std::string_view bytes, Arena& arena,
                                const sip::ParseLimits& limits) {
  ExerciseOutcome out;
  sip::Message msg(arena);
  auto parsed = msg.parse(bytes, limits);
  if (!parsed) {
    out.error = parsed.error();
    return out;
  }
  touchEverything(msg);
  auto valid = sip::validate(msg);
  if (!valid) {
    out.error = valid.error();
    return out;
  }
  out.accepted = true;

  sip::EditList request_edits(arena, msg.layout());
  auto edited = proxyEdits(msg, request_edits);
  if (!edited) {
    out.render_error = edited.error();
    return out;
  }
  sip::EditList branch(arena, request_edits);
  auto branch_edit = branch.addHeader("X-Branch: 1");
  if (!branch_edit) {
    out.render_error = branch_edit.error();
    return out;
  }
  auto rendered = sip::render(msg.layout(), branch, out.output);
  if (!rendered) {
    out.render_error = rendered.error();
    return out;
  }
  out.rendered = true;

  sip::ParseLimits relaxed = limits;
  relaxed.max_message_size = limits.max_message_size + 4096;  // our edits add a few headers
  relaxed.max_headers = limits.max_headers + 8;
  sip::Message again(arena);
  auto reparsed = again.parse(out.output, relaxed);
  if (reparsed) reparsed = sip::validate(again);
  if (!reparsed) {
    out.render_error = reparsed.error();
    return out;
  }
  out.reparsed = true;
  return out;
}

}  // namespace pinhole::test
