#include "pinhole/sip/errors.h"

#include <string>

namespace pinhole::sip {
namespace {

class SipCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "pinhole.sip"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
      case Errc::Ok: return "ok";
#define PINHOLE_SIP_ERRC_TEXT(name, text) \
  case Errc::name: return text;
      PINHOLE_SIP_ERRORS(PINHOLE_SIP_ERRC_TEXT)
#undef PINHOLE_SIP_ERRC_TEXT
    }
    return "unknown sip error";
  }
};

}  // namespace

const std::error_category& sipCategory() noexcept {
  static const SipCategory category;
  return category;
}

std::string_view errcName(Errc e) noexcept {
  switch (e) {
    case Errc::Ok: return "Ok";
#define PINHOLE_SIP_ERRC_NAME(name, text) \
  case Errc::name: return #name;
    PINHOLE_SIP_ERRORS(PINHOLE_SIP_ERRC_NAME)
#undef PINHOLE_SIP_ERRC_NAME
  }
  return "Unknown";
}

int suggestedStatus(Errc e) noexcept {
  switch (e) {
    case Errc::VersionNotSupported: return 505;
    case Errc::MessageTooLarge: return 513;
    default: return 400;
  }
}

}  // namespace pinhole::sip
