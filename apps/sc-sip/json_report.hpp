#pragma once
// The JSON document `sc-sip parse --json` prints for one file.

#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::tools {

/// {"file", "ok", "error"?, "kind", start line, "version", "headers", "decoded", "body"...}.
/// `parsed` is the datagram parse of the file; `verdict` is validate()'s answer and is only read
/// when the parse succeeded.
boost::json::object json_report(std::string_view file, const sip::Result<sip::Message>& parsed,
                                const sip::Result<void>& verdict);

/// Serializes with two-space indentation and a final newline.
std::string pretty_json(const boost::json::value& value);

}  // namespace sessioncore::tools
