#include "net/errors.h"

#include <string>

namespace pinhole::net {
namespace {

class NetCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "pinhole.net"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
      case Errc::Ok: return "ok";
#define PINHOLE_NET_ERRC_TEXT(name, text) \
  case Errc::name: return text;
      PINHOLE_NET_ERRORS(PINHOLE_NET_ERRC_TEXT)
#undef PINHOLE_NET_ERRC_TEXT
    }
    return "unknown net error";
  }
};

}  // namespace

const std::error_category& netCategory() noexcept {
  static const NetCategory category;
  return category;
}

std::string_view errcName(Errc e) noexcept {
  switch (e) {
    case Errc::Ok: return "Ok";
#define PINHOLE_NET_ERRC_NAME(name, text) \
  case Errc::name: return #name;
    PINHOLE_NET_ERRORS(PINHOLE_NET_ERRC_NAME)
#undef PINHOLE_NET_ERRC_NAME
  }
  return "Unknown";
}

}  // namespace pinhole::net
