#pragma once
// Command line of sc-responder.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::responder {

struct Options {
    transport::Endpoint bind;                   ///< UDP and TCP listen here
    std::uint16_t invite_status = 486;          ///< final response to INVITE
    std::chrono::milliseconds invite_delay{0};  ///< wait before that final response
    std::string tls_cert, tls_key;
    std::optional<std::uint16_t> tls_port;
    std::size_t workers = 0;                 ///< 0: one per core
    std::chrono::seconds drain_timeout{32};  ///< graceful shutdown bound
    std::chrono::milliseconds t1{500};       ///< RFC 3261 T1 (tests shrink it)
    std::chrono::milliseconds t4{5000};      ///< RFC 3261 T4
};

/// The parsed options, or a message for the user (usage errors start with "error: ").
struct ParsedOptions {
    std::optional<Options> options;
    std::string message;
    bool help = false;
};

ParsedOptions parse_options(const std::vector<std::string_view>& args);

extern const std::string_view usage_text;

}  // namespace sessioncore::responder
