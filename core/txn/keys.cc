#include "txn/keys.h"

#include <charconv>

namespace pinhole::txn {
namespace {

constexpr std::string_view kPrefix = "z9hG4bKt";

void appendHex(uint64_t v, int digits, char* out) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 0xf];
}

std::optional<uint64_t> readHex(std::string_view s) noexcept {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// ACK belongs to the INVITE transaction (17.2.3: "the method of the request matches the one
// that created the transaction, except for ACK, where the method is INVITE").
std::string_view keyMethod(sip::Message& m, std::string_view as_method) {
  if (!as_method.empty()) return as_method;
  return m.method() == sip::Method::Ack ? std::string_view("INVITE") : m.methodText();
}

}  // namespace

bool serverKey(sip::Message& request, std::string& out, std::string_view as_method) {
  auto via = request.topVia();
  if (!via) return false;
  const sip::Via& v = **via;
  out.clear();
  if (v.hasMagicCookie()) {
    out.append("1|").append(v.branch).append("|").append(v.host.host).append(":");
    out.append(v.host.port_text).append("|").append(keyMethod(request, as_method));
    return true;
  }
  auto id = request.callId();
  auto from = request.from();
  auto cseq = request.cseq();
  if (!id || !from || !*from || !cseq) return false;
  char num[16];
  auto [end, ec] = std::to_chars(num, num + sizeof num, cseq->number);
  out.append("2|").append(*id).append("|").append((*from)->tag()).append("|");
  out.append(num, static_cast<std::size_t>(end - num)).append("|");
  out.append(request.requestUriText()).append("|").append(v.raw).append("|");
  out.append(keyMethod(request, as_method));
  return true;
}

void formatBranchId(const BranchId& id, char* out) noexcept {
  std::copy(kPrefix.begin(), kPrefix.end(), out);
  appendHex(id.worker, 2, out + 8);
  appendHex(id.transaction, 12, out + 10);
  appendHex(id.branch, 2, out + 22);
}

std::optional<BranchId> parseBranchId(std::string_view branch) noexcept {
  if (branch.size() < kBranchIdLength || branch.substr(0, kPrefix.size()) != kPrefix)
    return std::nullopt;
  if (branch.size() > kBranchIdLength && branch[kBranchIdLength] != '.') return std::nullopt;
  auto worker = readHex(branch.substr(8, 2));
  auto txn = readHex(branch.substr(10, 12));
  auto index = readHex(branch.substr(22, 2));
  if (!worker || !txn || !index) return std::nullopt;
  return BranchId{static_cast<unsigned>(*worker), *txn, static_cast<unsigned>(*index)};
}

}  // namespace pinhole::txn
