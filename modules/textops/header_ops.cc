#include "textops/header_ops.h"

#include "common/log_line.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "pinhole/strings.h"

namespace pinhole::modules::textops {
namespace {

// True when an edit in the chain already deletes exactly [offset, offset + length).
bool alreadyRemoved(const sip::EditList& edits, uint32_t offset, uint32_t length) noexcept {
  for (const sip::EditList* layer = &edits; layer; layer = layer->parent())
    for (const sip::RecordedEdit& r : layer->own())
      if (r.kind == sip::EditKind::Replace && r.edit.offset == offset &&
          r.edit.length == length && r.edit.text.empty())
        return true;
  return false;
}

}  // namespace

bool HeaderName::matches(const sip::HeaderField& h) const noexcept {
  if (type != sip::HeaderType::Other) return h.type == type;
  return h.type == sip::HeaderType::Other && str::iequals(h.name, text);
}

std::optional<HeaderName> parseHeaderName(std::string_view name) noexcept {
  name = str::trimLws(name);
  if (!name.empty() && name.back() == ':') name = str::trimLws(name.substr(0, name.size() - 1));
  if (!str::isTokenString(name)) return std::nullopt;
  return HeaderName{sip::classifyHeader(name), name};
}

Outcome appendHf(MsgContext& ctx, std::string_view line) noexcept {
  CoreApi& core = ctx.core();
  // Kamailio's append_hf wants the line end written out; here it is optional.
  if (line.size() >= 2 && line.substr(line.size() - 2) == "\r\n") {
    line.remove_suffix(2);
  } else if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
  }
  if (line.find_first_of("\r\n") != std::string_view::npos) {
    log(core, LogLevel::Error, kLogger, "append_hf: line break inside the header text");
    return Outcome::False;
  }
  std::size_t colon = line.find(':');
  std::string_view name =
      colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (!str::isTokenString(name)) {
    log(core, LogLevel::Error, kLogger, "append_hf: not a header line: '", line, "'");
    return Outcome::False;
  }
  if (Result<void> r = ctx.edits().addHeader(line); !r) {
    log(core, LogLevel::Error, kLogger, "append_hf: ", r.error().detail);
    return Outcome::False;
  }
  return Outcome::True;
}

Outcome removeHf(MsgContext& ctx, std::string_view name_text) noexcept {
  CoreApi& core = ctx.core();
  std::optional<HeaderName> name = parseHeaderName(name_text);
  if (!name) {
    log(core, LogLevel::Error, kLogger, "remove_hf: not a header name: '", name_text, "'");
    return Outcome::False;
  }
  sip::Message& msg = ctx.msg();
  int removed = 0;
  for (const sip::HeaderField& h : msg.headers()) {
    if (!name->matches(h)) continue;
    uint32_t offset = msg.offsetOf(h.line);
    uint32_t length = static_cast<uint32_t>(h.line.size());
    if (alreadyRemoved(ctx.edits(), offset, length)) {
      ++removed;
      continue;
    }
    if (Result<void> r = ctx.edits().remove(offset, length); !r) {
      // Another function changed part of this header already (edits never overlap).
      log(core, LogLevel::Warn, kLogger, "remove_hf: cannot remove a ", h.name, " header: ",
          r.error().detail);
      continue;
    }
    ++removed;
  }
  return removed ? Outcome::True : Outcome::False;
}

Outcome isPresentHf(MsgContext& ctx, std::string_view name_text) noexcept {
  std::optional<HeaderName> name = parseHeaderName(name_text);
  if (!name) {
    log(ctx.core(), LogLevel::Error, kLogger, "is_present_hf: not a header name: '", name_text,
        "'");
    return Outcome::False;
  }
  for (const sip::HeaderField& h : ctx.msg().headers())
    if (name->matches(h)) return Outcome::True;
  return Outcome::False;
}

}  // namespace pinhole::modules::textops
