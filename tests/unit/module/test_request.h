// A parsed request with its edit list and a MsgContext over it, to call module functions the
// way a hook would.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/context.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/serializer.h"

namespace pinhole::mod::test {

inline constexpr std::string_view kInvite =
    "INVITE sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@example.com>\r\n"
    "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@192.0.2.10>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

class TestRequest {
 public:
  TestRequest(CoreApi& core, std::string_view text = kInvite, Hook hook = Hook::Request)
      : text_(text), msg_(arena_) {
    Result<void> parsed = msg_.parse(text_);
    parse_ok_ = parsed.ok();
    if (parse_ok_) {
      edits_.emplace(arena_, msg_.layout());
      ctx_.emplace(msg_, *edits_, hook, source_, local_, core);
    }
  }

  bool ok() const { return parse_ok_; }
  MsgContext& ctx() { return *ctx_; }
  std::string render() {
    std::string out;
    Result<void> r = sip::render(msg_.layout(), *edits_, out);
    return r.ok() ? out : std::string("render failed: ") + std::string(r.error().detail);
  }

 private:
  std::string text_;
  Arena arena_;
  sip::Message msg_;
  bool parse_ok_ = false;
  std::optional<sip::EditList> edits_;
  PeerInfo source_{.ip = "192.0.2.10", .port = 5060};
  LocalInfo local_{.ip = "198.51.100.1", .port = 5060};
  std::optional<MsgContext> ctx_;
};

}  // namespace pinhole::mod::test
