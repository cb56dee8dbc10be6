// Endpoint and protocol helpers: IP literals only (names go through the resolver).
#include <charconv>
#include <cstring>

#include <arpa/inet.h>

#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport {

std::string_view via_token(Protocol p) noexcept {
    switch (p) {
        case Protocol::Udp:
            return "UDP";
        case Protocol::Tcp:
            return "TCP";
        case Protocol::Tls:
            return "TLS";
    }
    return "UDP";
}

namespace {
bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'a' && a[i] <= 'z' ? static_cast<char>(a[i] - 32) : a[i];
        if (x != b[i])
            return false;
    }
    return true;
}
}  // namespace

std::optional<Protocol> protocol_from_via_token(std::string_view token) noexcept {
    for (Protocol p : {Protocol::Udp, Protocol::Tcp, Protocol::Tls})
        if (iequals(token, via_token(p)))
            return p;
    return std::nullopt;
}

std::uint16_t default_port(Protocol p) noexcept {
    return p == Protocol::Tls ? 5061 : 5060;
}

std::optional<Endpoint> Endpoint::from_ip(std::string_view ip, std::uint16_t port) noexcept {
    if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']')
        ip = ip.substr(1, ip.size() - 2);
    char text[INET6_ADDRSTRLEN + 1];
    if (ip.empty() || ip.size() >= sizeof text)
        return std::nullopt;
    std::memcpy(text, ip.data(), ip.size());
    text[ip.size()] = '\0';
    Endpoint e;
    e.port = port;
    if (inet_pton(AF_INET, text, e.bytes.data()) == 1)
        return e;
    if (inet_pton(AF_INET6, text, e.bytes.data()) == 1) {
        e.v6 = true;
        return e;
    }
    return std::nullopt;
}

std::optional<Endpoint> Endpoint::from_string(std::string_view text) noexcept {
    std::string_view host = text;
    std::string_view port_text;
    if (text.starts_with('[')) {
        auto close = text.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        host = text.substr(0, close + 1);
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':')
                return std::nullopt;
            port_text = rest.substr(1);
        }
    } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                            text.find(':', colon + 1) == std::string_view::npos) {
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    unsigned port = 0;
    if (!port_text.empty() || (host.size() != text.size() && port_text.empty())) {
        if (port_text.empty() || port_text.size() > 5)
            return std::nullopt;
        for (char c : port_text) {
            if (c < '0' || c > '9')
                return std::nullopt;
            port = port * 10 + static_cast<unsigned>(c - '0');
        }
        if (port > 65535)
            return std::nullopt;
    }
    return from_ip(host, static_cast<std::uint16_t>(port));
}

std::string Endpoint::address_string() const {
    if (!v6) {
        // Dotted decimal by hand: glibc's inet_ntop formats IPv4 through sprintf, ~1,800
        // instructions, and the session layer asks for our address several times per call.
        std::string text;
        text.reserve(15);  // "255.255.255.255": in the string's own buffer, no allocation
        for (std::size_t i = 0; i < 4; ++i) {
            if (i > 0)
                text.push_back('.');
            char digits[3];
            auto written =
                std::to_chars(digits, digits + sizeof digits, static_cast<unsigned>(bytes[i]));
            text.append(digits, written.ptr);
        }
        return text;
    }
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
    return text;
}

std::string Endpoint::host_for_uri() const {
    return v6 ? "[" + address_string() + "]" : address_string();
}

std::string Endpoint::to_string() const {
    return host_for_uri() + ":" + std::to_string(port);
}

}  // namespace sessioncore::transport

std::size_t std::hash<sessioncore::transport::Endpoint>::operator()(
    const sessioncore::transport::Endpoint& e) const noexcept {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a over address, family and port
    auto mix = [&h](std::uint8_t byte) {
        h ^= byte;
        h *= 1099511628211ull;
    };
    for (std::size_t i = 0; i < (e.v6 ? 16u : 4u); ++i)
        mix(e.bytes[i]);
    mix(e.v6 ? 6 : 4);
    mix(static_cast<std::uint8_t>(e.port >> 8));
    mix(static_cast<std::uint8_t>(e.port & 0xff));
    return static_cast<std::size_t>(h);
}
