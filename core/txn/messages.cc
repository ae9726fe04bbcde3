#include "txn/messages.h"

#include <charconv>

#include "pinhole/sip/errors.h"

namespace pinhole::txn {
namespace {

Result<void> build(sip::Message& request, std::string_view method, std::string_view to,
                   std::string& out) {
  auto via = request.topVia();
  auto cseq = request.cseq();
  auto call_id = request.callId();
  const sip::HeaderField* from = request.header(sip::HeaderType::From);
  if (!via || !cseq || !call_id || !from)
    return makeError(sip::Errc::MissingHeader, "branch request lacks Via/From/Call-ID/CSeq");
  out.clear();
  out.append(method).append(" ").append(request.requestUriText()).append(" SIP/2.0\r\n");
  out.append("Via: ").append((*via)->raw).append("\r\n");
  // The Route set exactly as sent (RFC 3261 9.1: the CANCEL's Route header fields are the
  // request's; 17.1.1.3 says the same for the ACK).
  for (const sip::HeaderField& h : request.headers())
    if (h.type == sip::HeaderType::Route) out.append(h.line);
  out.append("From: ").append(from->value).append("\r\n");
  out.append("To: ").append(to).append("\r\n");
  out.append("Call-ID: ").append(*call_id).append("\r\n");
  char num[16];
  auto [end, ec] = std::to_chars(num, num + sizeof num, cseq->number);
  out.append("CSeq: ").append(num, static_cast<std::size_t>(end - num)).append(" ");
  out.append(method).append("\r\n");
  out.append("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
  return {};
}

}  // namespace

Result<void> buildCancel(sip::Message& request, std::string& out) {
  const sip::HeaderField* to = request.header(sip::HeaderType::To);
  if (!to) return makeError(sip::Errc::MissingHeader, "branch request has no To");
  return build(request, "CANCEL", to->value, out);
}

Result<void> buildAck(sip::Message& request, sip::Message& response, std::string& out) {
  const sip::HeaderField* to = response.header(sip::HeaderType::To);
  if (!to) return makeError(sip::Errc::MissingHeader, "response has no To");
  return build(request, "ACK", to->value, out);
}

}  // namespace pinhole::txn
