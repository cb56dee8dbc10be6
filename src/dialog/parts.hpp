#pragma once
// Private helpers of the dialog layer: the pieces of a message a dialog copies out of it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/dialog/dialog.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::dialog::detail {

/// The tag parameter of a From or To value; "" when absent (an RFC 2543 peer, §12.1.1).
inline std::string tag_of(const sip::NameAddr& address) {
    return std::string(address.tag().value_or(std::string_view{}));
}

/// The URI of the first Contact element; bad_contact when absent, "*" or malformed.
Result<std::string> contact_uri(const sip::Message& message);

/// The Contact URI when the message carries one (nullopt when it has none).
Result<std::optional<std::string>> optional_contact_uri(const sip::Message& message);

/// Every Record-Route element in wire order, each checked to parse (§20.30).
Result<std::vector<std::string>> record_route(const sip::Message& message);

/// The URI of a route set element without the parts a Request-URI may not carry: the
/// "method" parameter and the headers (RFC 3261 §12.2.1.1, §19.1.1 table 1).
Result<std::string> request_uri_of_route(std::string_view route);

/// True when the route element's URI carries the lr parameter (§16.12.1.1 loose routing).
bool is_loose(std::string_view route);

}  // namespace sessioncore::dialog::detail
