#pragma once
// Errors of RTP over sockets that the operating system does not already name: the port range
// is used up, or the configuration asks for something impossible. Socket errors themselves
// stay boost::system (asio) error codes.

#include <boost/system/error_code.hpp>

namespace sessioncore::media {

enum class rtp_io_errc {
    port_range_exhausted = 1,  ///< every port pair of the range is leased or in use elsewhere
    bad_port_range,            ///< first > last, or the range holds no even port with a successor
    not_running,               ///< the stream was stopped (or never started)
    no_remote,                 ///< nothing to send to: no SDP address and nothing latched yet
    payload_too_large,         ///< the packet does not fit the stream's send buffer
};

[[nodiscard]] const boost::system::error_category& rtp_io_category() noexcept;

[[nodiscard]] inline boost::system::error_code make_error_code(rtp_io_errc e) noexcept {
    return {static_cast<int>(e), rtp_io_category()};
}

}  // namespace sessioncore::media

template <>
struct boost::system::is_error_code_enum<sessioncore::media::rtp_io_errc> : std::true_type {};
