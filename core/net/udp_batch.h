// One worker's recvmmsg() scratch space: `count` datagram slots in one allocation, reused for
// every batch on every UDP socket of that worker (no allocation per datagram).
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace pinhole::net {

class UdpBatch {
 public:
  UdpBatch(unsigned count, std::size_t slot_size)
      : slot_size_(slot_size),
        storage_(new char[slot_size * count]),
        msgs_(count),
        iovs_(count),
        addrs_(count) {
    for (unsigned i = 0; i < count; ++i) {
      iovs_[i].iov_base = storage_.get() + i * slot_size;
      iovs_[i].iov_len = slot_size;
    }
  }

  // Resets the per-call fields recvmmsg() overwrites, and returns the vector to pass it.
  mmsghdr* prepare() noexcept {
    for (std::size_t i = 0; i < msgs_.size(); ++i) {
      msghdr& h = msgs_[i].msg_hdr;
      h = msghdr{};
      h.msg_name = &addrs_[i];
      h.msg_namelen = sizeof(sockaddr_storage);
      h.msg_iov = &iovs_[i];
      h.msg_iovlen = 1;
      msgs_[i].msg_len = 0;
    }
    return msgs_.data();
  }

  unsigned count() const noexcept { return static_cast<unsigned>(msgs_.size()); }
  bool truncated(unsigned i) const noexcept {
    return (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
  }
  std::string_view data(unsigned i) const noexcept {
    return {storage_.get() + i * slot_size_, msgs_[i].msg_len};
  }
  const sockaddr_storage& source(unsigned i) const noexcept { return addrs_[i]; }

 private:
  std::size_t slot_size_;
  std::unique_ptr<char[]> storage_;
  std::vector<mmsghdr> msgs_;
  std::vector<iovec> iovs_;
  std::vector<sockaddr_storage> addrs_;
};

}  // namespace pinhole::net
