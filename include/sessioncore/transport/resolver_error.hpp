#pragma once
// Errors of target resolution (resolver.hpp). One enum and one category, "sessioncore.transport",
// following sip/error.hpp. Cancellation is not in this enum: a cancelled or destroyed resolve
// completes with boost::asio::error::operation_aborted, as Asio operations do.

#include <cstdint>

#include <boost/system/error_code.hpp>

namespace sessioncore::transport {

/// Why a SIP target could not be turned into destinations.
enum class resolver_errc : std::uint8_t {
    bad_target = 1,        ///< empty host, malformed IP literal ("[192.0.2.1]", "[::1"), bad name
    insecure_transport,    ///< sips with transport=udp: TLS needs a stream (RFC 3261 §26.2.2)
    host_not_found,        ///< the name does not exist (NXDOMAIN), in DNS or the hosts file
    no_addresses,          ///< the name exists but has no A or AAAA record
    timeout,               ///< no name server answered within the configured tries
    server_failure,        ///< SERVFAIL, REFUSED, a malformed answer or an unreachable server
    resolver_unavailable,  ///< c-ares could not be initialised (see Resolver::init_error())
};

/// The category of resolver_errc; its name is "sessioncore.transport".
const boost::system::error_category& resolver_category() noexcept;

inline boost::system::error_code make_error_code(resolver_errc e) noexcept {
    return {static_cast<int>(e), resolver_category()};
}

}  // namespace sessioncore::transport

template <>
struct boost::system::is_error_code_enum<sessioncore::transport::resolver_errc> : std::true_type {};
