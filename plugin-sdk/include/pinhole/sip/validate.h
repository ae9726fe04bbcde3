// validate(): the full syntax check of a parsed message. Every known header present is parsed
// (each instance, not only the first), and the rules RFC 3261 states across fields are checked.
// What is missing or repeated is left to the layers above (RFC 4475 calls those semantic errors);
// a proxy that wants the cheap path uses the lazy accessors instead.
#pragma once

#include "pinhole/result.h"
#include "pinhole/sip/message.h"

namespace pinhole::sip {

Result<void> validate(Message& msg);

}  // namespace pinhole::sip
