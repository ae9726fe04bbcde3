// EditList: changes to a received message recorded as edits against spans of the original buffer
// (Kamailio's lumps, as values), applied once by render() (sip/serializer.h).
//
// A branch stacks its own list on the request's list: it sees the parent's edits plus its own,
// and recording into it never changes the parent. Conflicting edits are refused, never merged.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/layout.h"

namespace pinhole::sip {

// One change of the original buffer: insert (length 0), delete (empty text) or replace (both).
struct Edit {
  uint32_t offset = 0;
  uint32_t length = 0;
  std::string_view text;
};

// Where an edit goes among edits at the same offset: prepended headers first (newest on top),
// then inserts (record order, parent layers first), then the delete/replace starting there.
enum class EditKind : uint8_t { Prepend = 0, Insert = 1, Replace = 3 };

struct RecordedEdit {
  Edit edit;
  EditKind kind = EditKind::Insert;
};

class EditList {
 public:
  // Branch layers nested deeper than this are refused (render merges layers on the stack).
  static constexpr uint32_t kMaxLayers = 8;

  // The request's own list. The layout (and the buffer it views) must outlive the list.
  EditList(Arena& arena, const MessageLayout& layout) noexcept;
  // A branch layer on top of parent (same message); parent must outlive it.
  EditList(Arena& arena, const EditList& parent) noexcept;
  EditList(const EditList&) = delete;
  EditList& operator=(const EditList&) = delete;

  // Offsets and lengths are in the original buffer; texts are copied into the arena.
  Result<void> insert(uint32_t offset, std::string_view text);
  Result<void> remove(uint32_t offset, uint32_t length);
  Result<void> replace(uint32_t offset, uint32_t length, std::string_view text);
  // A full header line without CRLF, appended at the end of the header section (call order).
  Result<void> addHeader(std::string_view line);
  // A full header line without CRLF, put above the first header (later calls go on top).
  Result<void> prependHeader(std::string_view line);
  // Replaces the whole body; the serializer fixes Content-Length.
  Result<void> setBody(std::string_view body);

  const MessageLayout& layout() const noexcept { return layout_; }
  const EditList* parent() const noexcept { return parent_; }
  // This layer's edits, sorted for rendering (offset, then EditKind, then the rules above).
  std::span<const RecordedEdit> own() const noexcept { return {edits_.data(), edits_.size()}; }
  // Layers in the chain including this one (1 for a request's list).
  uint32_t depth() const noexcept { return depth_; }
  // Over the whole chain: rendered size minus original size, body length change, body touched.
  int64_t sizeDelta() const noexcept;
  int64_t bodyDelta() const noexcept;
  bool bodyEdited() const noexcept;
  bool bodyReplaced() const noexcept;
  // End of the framed message (body_offset + body_length): bytes beyond it are not rendered.
  uint32_t messageEnd() const noexcept { return message_end_; }
  // Where prepended headers go: the first byte after the start line.
  uint32_t firstHeaderOffset() const noexcept { return first_header_; }

 private:
  Result<void> record(uint32_t offset, uint32_t length, std::string_view text, EditKind kind,
                      bool set_body, bool copied);
  Result<void> checkConflicts(uint32_t offset, uint32_t length, bool set_body,
                              bool is_body) const;
  Result<void> addLine(uint32_t offset, std::string_view line, EditKind kind);
  void insertSorted(const RecordedEdit& e);

  Arena& arena_;
  const EditList* parent_ = nullptr;
  MessageLayout layout_;
  ArenaVector<RecordedEdit> edits_;
  uint32_t depth_ = 1;
  uint32_t message_end_ = 0;
  uint32_t first_header_ = 0;
  int64_t size_delta_ = 0;   // this layer only
  int64_t body_delta_ = 0;   // this layer only
  bool body_edited_ = false; // this layer has an edit in the body (setBody included)
  bool body_set_ = false;    // this layer called setBody
};

}  // namespace pinhole::sip
