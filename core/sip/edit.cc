#include "pinhole/sip/edit.h"

#include <algorithm>
#include <cstring>

#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

uint32_t clampedEnd(const MessageLayout& l) noexcept {
  uint64_t end = uint64_t{l.body_offset} + l.body_length;
  return static_cast<uint32_t>(std::min<uint64_t>(end, l.buffer.size()));
}

// The first byte after the start line (headers_end when there are no header lines).
uint32_t firstHeader(const MessageLayout& l) noexcept {
  return std::min(l.first_header, l.headers_end);
}

// Sort key inside one layer; prepends at an offset go newest first, everything else oldest first.
bool goesBefore(const RecordedEdit& a, const RecordedEdit& b) noexcept {
  if (a.edit.offset != b.edit.offset) return a.edit.offset < b.edit.offset;
  return static_cast<uint8_t>(a.kind) < static_cast<uint8_t>(b.kind);
}

}  // namespace

EditList::EditList(Arena& arena, const MessageLayout& layout) noexcept
    : arena_(arena),
      layout_(layout),
      message_end_(clampedEnd(layout)),
      first_header_(firstHeader(layout)) {}

EditList::EditList(Arena& arena, const EditList& parent) noexcept
    : arena_(arena),
      parent_(&parent),
      layout_(parent.layout_),
      depth_(parent.depth_ + 1),
      message_end_(parent.message_end_),
      first_header_(parent.first_header_) {}

int64_t EditList::sizeDelta() const noexcept {
  int64_t d = 0;
  for (const EditList* l = this; l; l = l->parent_) d += l->size_delta_;
  return d;
}

int64_t EditList::bodyDelta() const noexcept {
  int64_t d = 0;
  for (const EditList* l = this; l; l = l->parent_) d += l->body_delta_;
  return d;
}

bool EditList::bodyEdited() const noexcept {
  for (const EditList* l = this; l; l = l->parent_)
    if (l->body_edited_) return true;
  return false;
}

bool EditList::bodyReplaced() const noexcept {
  for (const EditList* l = this; l; l = l->parent_)
    if (l->body_set_) return true;
  return false;
}

Result<void> EditList::insert(uint32_t offset, std::string_view text) {
  return record(offset, 0, text, EditKind::Insert, false, false);
}

Result<void> EditList::remove(uint32_t offset, uint32_t length) {
  return record(offset, length, {}, EditKind::Replace, false, false);
}

Result<void> EditList::replace(uint32_t offset, uint32_t length, std::string_view text) {
  return record(offset, length, text, length ? EditKind::Replace : EditKind::Insert, false, false);
}

Result<void> EditList::addHeader(std::string_view line) {
  return addLine(layout_.headers_end, line, EditKind::Insert);
}

Result<void> EditList::prependHeader(std::string_view line) {
  return addLine(first_header_, line, EditKind::Prepend);
}

Result<void> EditList::setBody(std::string_view body) {
  uint32_t len = message_end_ - std::min(layout_.body_offset, message_end_);
  return record(layout_.body_offset, len, body, len ? EditKind::Replace : EditKind::Insert, true,
                false);
}

Result<void> EditList::addLine(uint32_t offset, std::string_view line, EditKind kind) {
  // An empty line would end the header section; a line break would smuggle in more headers.
  if (line.empty() || line.find_first_of("\r\n") != std::string_view::npos)
    return makeError(Errc::BadHeaderLine, "added header line empty or with a line break", offset);
  char* p = static_cast<char*>(arena_.allocate(line.size() + 2, 1));
  std::memcpy(p, line.data(), line.size());
  p[line.size()] = '\r';
  p[line.size() + 1] = '\n';
  return record(offset, 0, {p, line.size() + 2}, kind, false, true);
}

Result<void> EditList::checkConflicts(uint32_t offset, uint32_t length, bool set_body,
                                      bool is_body) const {
  if (set_body && (bodyEdited() || bodyReplaced()))
    return makeError(Errc::EditConflict, "setBody after the body was edited", offset);
  if (!set_body && is_body && bodyReplaced())
    return makeError(Errc::EditConflict, "body edit after setBody", offset);
  uint64_t end = uint64_t{offset} + length;
  for (const EditList* l = this; l; l = l->parent_) {
    for (const RecordedEdit& r : l->own()) {
      const Edit& e = r.edit;
      uint64_t e_end = uint64_t{e.offset} + e.length;
      if (e.offset >= end && length) break;  // sorted by offset: nothing further can overlap
      bool hit;
      if (length && r.kind == EditKind::Replace) {
        hit = e.offset < end && offset < e_end;
      } else if (length) {
        hit = offset < e.offset && e.offset < end;  // an earlier insert inside this range
      } else if (r.kind == EditKind::Replace) {
        hit = e.offset < offset && offset < e_end;  // this insert inside an earlier range
      } else {
        hit = false;  // inserts at one offset keep their order
      }
      if (hit) return makeError(Errc::EditConflict, "edit overlaps a recorded edit", offset);
    }
  }
  return {};
}

Result<void> EditList::record(uint32_t offset, uint32_t length, std::string_view text,
                              EditKind kind, bool set_body, bool copied) {
  if (depth_ > kMaxLayers)
    return makeError(Errc::EditOutOfRange, "edit layers nested too deeply", offset);
  if (offset > message_end_ || length > message_end_ - offset)
    return makeError(Errc::EditOutOfRange, "edit outside the message", offset);
  // The empty line ending the headers belongs to the serializer: nothing may cut or split it.
  uint64_t end = uint64_t{offset} + length;
  uint32_t blank_begin = layout_.headers_end;
  uint32_t blank_end = layout_.body_offset;
  bool touches_blank = length ? (offset < blank_end && blank_begin < end)
                              : (blank_begin < offset && offset < blank_end);
  if (touches_blank)
    return makeError(Errc::EditOutOfRange, "edit inside the empty line ending the headers",
                     offset);
  if (length == 0 && text.empty() && !set_body) return {};  // a no-op changes nothing
  bool is_body = set_body || (length ? end > blank_end : offset >= blank_end);
  PH_TRY(checkConflicts(offset, length, set_body, is_body));

  if (set_body) body_set_ = true;
  if (length == 0 && text.empty()) return {};  // setBody("") of an empty body
  int64_t delta = static_cast<int64_t>(text.size()) - static_cast<int64_t>(length);
  size_delta_ += delta;
  if (is_body) {
    body_delta_ += delta;
    body_edited_ = true;
  }
  insertSorted({Edit{offset, length, copied ? text : arena_.copy(text)}, kind});
  return {};
}

void EditList::insertSorted(const RecordedEdit& e) {
  // Usually appended in order; otherwise shift the (few) later edits up by one.
  edits_.push(arena_, e);
  std::size_t i = edits_.size() - 1;
  bool newest_first = e.kind == EditKind::Prepend;
  while (i > 0) {
    const RecordedEdit& prev = edits_[i - 1];
    bool move = goesBefore(e, prev) || (newest_first && !goesBefore(prev, e));
    if (!move) break;
    edits_[i] = prev;
    --i;
  }
  edits_[i] = e;
}

}  // namespace pinhole::sip
