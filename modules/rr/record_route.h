// record_route() and add_rr_param(): ask the core to insert our Record-Route when it sends the
// request (only then is the outgoing socket known, and with it whether one entry or two with
// r2=on are needed), with URI parameters chosen by the configuration.
#pragma once

#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"

namespace pinhole::modules::rr {

struct RecordRouteOptions {
  // Kamailio's append_fromtag: add ";ftag=<From tag>" so that in-dialog requests can tell
  // their direction (the tag that opened the dialog comes back in the Route).
  bool append_fromtag = true;
};

// Requests the Record-Route with `params` (";name=value..." URI parameters, the leading ';'
// optional; may be empty). False, with a log line, when record-routing was already requested
// for this message (Kamailio: "double attempt to record-route") or the parameters are not
// valid URI parameters.
Outcome recordRoute(MsgContext& ctx, std::string_view params,
                    const RecordRouteOptions& options) noexcept;

// Appends `param` (";name=value", leading ';' optional) to the pending Record-Route
// parameters. Only after record_route() in this message (Kamailio also accepts it before):
// False, with a log line, otherwise or when the text is not a valid URI parameter.
Outcome addRrParam(MsgContext& ctx, std::string_view param) noexcept;

// True when `s` is a sequence of ";pname[=pvalue]" of RFC 3261 uri-parameter characters
// (unreserved, escaped, "[]/:&+$"); the empty string is valid.
bool validUriParams(std::string_view s) noexcept;

}  // namespace pinhole::modules::rr
