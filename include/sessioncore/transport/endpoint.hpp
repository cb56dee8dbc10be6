#pragma once
// Addresses of the transport layer, without Asio in the header (STYLE.md §6 include weight).

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sessioncore::transport {

/// The SIP transports we run (RFC 3261 §18; TLS per RFC 5922/5630 over TCP).
enum class Protocol : std::uint8_t { Udp, Tcp, Tls };

/// "UDP", "TCP", "TLS": the Via transport token.
std::string_view via_token(Protocol p) noexcept;
/// The Via transport token (case-insensitive) to a Protocol; nullopt for SCTP, WS, ...
std::optional<Protocol> protocol_from_via_token(std::string_view token) noexcept;
/// 5060 for UDP/TCP, 5061 for TLS (RFC 3261 §19.1.2).
std::uint16_t default_port(Protocol p) noexcept;
/// Reliable transports (TCP, TLS) run no retransmission timers (RFC 3261 §17).
inline bool is_reliable(Protocol p) noexcept {
    return p != Protocol::Udp;
}

/// An IPv4 or IPv6 address and a port. IPv4 is stored as a plain 4-byte address.
struct Endpoint {
    std::array<std::uint8_t, 16> bytes{};  ///< network order; IPv4 uses the first 4
    bool v6 = false;
    std::uint16_t port = 0;

    /// Parses an IP literal: "192.0.2.1", "::1", "[::1]" (brackets optional). No names.
    static std::optional<Endpoint> from_ip(std::string_view ip, std::uint16_t port = 0) noexcept;
    /// Parses "ip:port", "[v6]:port" or a bare IP (port 0).
    static std::optional<Endpoint> from_string(std::string_view text) noexcept;

    /// "192.0.2.1" or "2001:db8::1" (no brackets).
    [[nodiscard]] std::string address_string() const;
    /// "192.0.2.1:5060" or "[2001:db8::1]:5060".
    [[nodiscard]] std::string to_string() const;
    /// The host part as written in a Via sent-by or URI: IPv6 in brackets.
    [[nodiscard]] std::string host_for_uri() const;

    friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

}  // namespace sessioncore::transport

template <>
struct std::hash<sessioncore::transport::Endpoint> {
    std::size_t operator()(const sessioncore::transport::Endpoint& e) const noexcept;
};
