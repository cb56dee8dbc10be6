#pragma once
// Private helpers shared by the resolver's sources.
//
// These exist because endpoint.cpp (Endpoint::from_ip, default_port) belongs to another branch;
// once it is merged they can be replaced by those functions.

#include <cstdint>
#include <optional>
#include <string_view>

#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport::detail {

/// 5060 for UDP and TCP, 5061 for TLS (RFC 3261 §19.1.2).
std::uint16_t sip_default_port(Protocol p) noexcept;

/// "192.0.2.1", "2001:db8::1" or "[2001:db8::1]" with `port`; nullopt for anything else
/// (names, "[192.0.2.1]", unbalanced brackets, zone ids).
std::optional<Endpoint> parse_ip_literal(std::string_view host, std::uint16_t port);

}  // namespace sessioncore::transport::detail
