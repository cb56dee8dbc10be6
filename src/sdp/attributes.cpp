#include <limits>

#include <sessioncore/sdp/attributes.hpp>

#include "text.hpp"

namespace sessioncore::sdp {
namespace {

using detail::iequals;
using detail::split_fields;
using detail::to_number;
using detail::trim;

template <class T>
Result<T> fail(errc e) {
    return Error{e, 0};
}

std::optional<std::uint8_t> to_payload_type(std::string_view s) {
    auto n = to_number<std::uint32_t>(s);
    if (!n || *n > 127)
        return std::nullopt;
    return static_cast<std::uint8_t>(*n);
}

/// RFC 4568 §9.1: key-info = key-salt ["|" lifetime] ["|" mki], mki = mki-value ":" mki-length.
std::optional<KeyParam> parse_key_param(std::string_view s) {
    auto colon = s.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon + 1 == s.size())
        return std::nullopt;
    KeyParam key;
    key.method = std::string(s.substr(0, colon));
    key.info = std::string(s.substr(colon + 1));
    std::string_view rest = s.substr(colon + 1);
    auto bar = rest.find('|');
    key.key_salt = std::string(rest.substr(0, bar));
    if (key.key_salt.empty())
        return std::nullopt;
    while (bar != std::string_view::npos) {
        rest.remove_prefix(bar + 1);
        bar = rest.find('|');
        std::string_view part = rest.substr(0, bar);
        if (part.empty())
            return std::nullopt;
        auto& slot = part.find(':') != std::string_view::npos ? key.mki : key.lifetime;
        if (slot)
            return std::nullopt;
        slot = std::string(part);
    }
    return key;
}

std::optional<std::string_view> attribute_value(const std::vector<Attribute>& attributes,
                                                std::string_view name) {
    const Attribute* a = find_attribute(attributes, name);
    if (!a || !a->value)
        return std::nullopt;
    return std::string_view(*a->value);
}

}  // namespace

Result<Rtpmap> parse_rtpmap(std::string_view value) {
    auto sp = value.find(' ');
    if (sp == std::string_view::npos)
        return fail<Rtpmap>(errc::bad_rtpmap);
    auto pt = to_payload_type(value.substr(0, sp));
    std::string_view encoding = value.substr(sp + 1);
    auto slash = encoding.find('/');
    if (!pt || slash == 0 || slash == std::string_view::npos)
        return fail<Rtpmap>(errc::bad_rtpmap);
    Rtpmap out;
    out.payload_type = *pt;
    out.encoding_name = std::string(encoding.substr(0, slash));
    std::string_view rest = encoding.substr(slash + 1);
    auto slash2 = rest.find('/');
    auto rate = to_number<std::uint32_t>(rest.substr(0, slash2));
    if (!rate || *rate == 0)
        return fail<Rtpmap>(errc::bad_rtpmap);
    out.clock_rate = *rate;
    if (slash2 != std::string_view::npos) {
        auto channels = to_number<std::uint16_t>(rest.substr(slash2 + 1));
        if (!channels || *channels == 0)
            return fail<Rtpmap>(errc::bad_rtpmap);
        out.channels = *channels;
    }
    return out;
}

Result<Fmtp> parse_fmtp(std::string_view value) {
    auto sp = value.find(' ');
    if (sp == 0 || sp == std::string_view::npos || sp + 1 == value.size())
        return fail<Fmtp>(errc::bad_fmtp);
    Fmtp out;
    out.format = std::string(value.substr(0, sp));
    out.parameters = std::string(value.substr(sp + 1));
    std::string_view rest = value.substr(sp + 1);
    while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view item = trim(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        if (item.empty())
            continue;
        auto eq = item.find('=');
        std::string_view key = trim(item.substr(0, eq));
        std::string_view val = eq == std::string_view::npos ? "" : trim(item.substr(eq + 1));
        out.pairs.emplace_back(std::string(key), std::string(val));
    }
    return out;
}

Result<std::chrono::milliseconds> parse_ptime(std::string_view value) {
    auto dot = value.find('.');
    auto whole = to_number<std::uint32_t>(value.substr(0, dot));
    if (!whole)
        return fail<std::chrono::milliseconds>(errc::bad_ptime);
    if (dot != std::string_view::npos && !to_number<std::uint64_t>(value.substr(dot + 1)))
        return fail<std::chrono::milliseconds>(errc::bad_ptime);
    return std::chrono::milliseconds(*whole);
}

Result<Connection> parse_connection(std::string_view value) {
    auto fields = split_fields(value);
    if (!fields || fields->size() != 3)
        return fail<Connection>(errc::bad_connection);
    std::string_view address = (*fields)[2];
    auto slash = address.find('/');
    Connection out;
    out.nettype = std::string((*fields)[0]);
    out.addrtype = std::string((*fields)[1]);
    out.address = std::string(address.substr(0, slash));
    if (out.address.empty())
        return fail<Connection>(errc::bad_connection);
    if (slash == std::string_view::npos)
        return out;
    std::string_view suffix = address.substr(slash + 1);
    auto slash2 = suffix.find('/');
    auto first = to_number<std::uint32_t>(suffix.substr(0, slash2));
    if (!first)
        return fail<Connection>(errc::bad_connection);
    // RFC 8866 §5.7: IP4 multicast carries <ttl>[/<count>]; IP6 carries only [/<count>].
    bool has_ttl = out.addrtype != "IP6";
    if (slash2 == std::string_view::npos) {
        (has_ttl ? out.ttl : out.count) = *first;
        return out;
    }
    auto second = to_number<std::uint32_t>(suffix.substr(slash2 + 1));
    if (!has_ttl || !second)
        return fail<Connection>(errc::bad_connection);
    out.ttl = *first;
    out.count = *second;
    return out;
}

Result<Rtcp> parse_rtcp(std::string_view value) {
    auto sp = value.find(' ');
    auto port = to_number<std::uint16_t>(value.substr(0, sp));
    if (!port)
        return fail<Rtcp>(errc::bad_rtcp);
    Rtcp out;
    out.port = *port;
    if (sp == std::string_view::npos)
        return out;
    auto address = parse_connection(value.substr(sp + 1));
    if (!address || address->ttl || address->count)
        return fail<Rtcp>(errc::bad_rtcp);
    out.address = std::move(*address);
    return out;
}

Result<Crypto> parse_crypto(std::string_view value) {
    auto fields = split_fields(value);
    if (!fields || fields->size() < 3)
        return fail<Crypto>(errc::bad_crypto);
    auto tag = to_number<std::uint32_t>((*fields)[0]);
    if (!tag || tag > 999999999u)  // RFC 4568 §9.1: tag = 1*9DIGIT
        return fail<Crypto>(errc::bad_crypto);
    Crypto out;
    out.tag = *tag;
    out.suite = std::string((*fields)[1]);
    std::string_view keys = (*fields)[2];
    while (true) {
        auto semi = keys.find(';');
        auto key = parse_key_param(keys.substr(0, semi));
        if (!key)
            return fail<Crypto>(errc::bad_crypto);
        out.keys.push_back(std::move(*key));
        if (semi == std::string_view::npos)
            break;
        keys.remove_prefix(semi + 1);
    }
    auto params_at =
        static_cast<std::size_t>((*fields)[2].data() + (*fields)[2].size() - value.data());
    if (params_at < value.size())
        out.session_params = std::string(value.substr(params_at + 1));
    return out;
}

std::optional<std::string_view> Fmtp::find(std::string_view key) const {
    for (const auto& [k, v] : pairs)
        if (iequals(k, key))
            return std::string_view(v);
    return std::nullopt;
}

const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view name) {
    for (const Attribute& a : attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

std::optional<Direction> direction_of(const std::vector<Attribute>& attributes) {
    std::optional<Direction> out;
    for (const Attribute& a : attributes) {
        if (a.name == "sendrecv")
            out = Direction::SendRecv;
        else if (a.name == "sendonly")
            out = Direction::SendOnly;
        else if (a.name == "recvonly")
            out = Direction::RecvOnly;
        else if (a.name == "inactive")
            out = Direction::Inactive;
    }
    return out;
}

std::string_view to_string(Direction d) noexcept {
    switch (d) {
        case Direction::SendRecv:
            return "sendrecv";
        case Direction::SendOnly:
            return "sendonly";
        case Direction::RecvOnly:
            return "recvonly";
        case Direction::Inactive:
            return "inactive";
    }
    return "sendrecv";
}

bool MediaDescription::is_rtp() const noexcept {
    std::string_view p = proto;
    return p.starts_with("RTP/") || p.find("/RTP/") != std::string_view::npos;
}

std::vector<std::uint8_t> MediaDescription::payload_types() const {
    std::vector<std::uint8_t> out;
    if (!is_rtp())
        return out;
    for (const std::string& f : formats)
        if (auto pt = to_payload_type(f))
            out.push_back(*pt);
    return out;
}

std::optional<Rtpmap> MediaDescription::rtpmap(std::uint8_t payload_type) const {
    for (const Attribute& a : attributes) {
        if (a.name != "rtpmap" || !a.value)
            continue;
        auto map = parse_rtpmap(*a.value);
        if (map && map->payload_type == payload_type)
            return *map;
    }
    return std::nullopt;
}

std::optional<Fmtp> MediaDescription::fmtp(std::string_view format) const {
    for (const Attribute& a : attributes) {
        if (a.name != "fmtp" || !a.value)
            continue;
        auto f = parse_fmtp(*a.value);
        if (f && f->format == format)
            return *f;
    }
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> MediaDescription::ptime() const {
    auto v = attribute_value(attributes, "ptime");
    if (!v)
        return std::nullopt;
    auto p = parse_ptime(*v);
    return p ? std::optional(*p) : std::nullopt;
}

std::optional<std::chrono::milliseconds> MediaDescription::maxptime() const {
    auto v = attribute_value(attributes, "maxptime");
    if (!v)
        return std::nullopt;
    auto p = parse_ptime(*v);
    return p ? std::optional(*p) : std::nullopt;
}

std::optional<Rtcp> MediaDescription::rtcp() const {
    auto v = attribute_value(attributes, "rtcp");
    if (!v)
        return std::nullopt;
    auto r = parse_rtcp(*v);
    return r ? std::optional(*r) : std::nullopt;
}

std::vector<Crypto> MediaDescription::crypto() const {
    std::vector<Crypto> out;
    for (const Attribute& a : attributes)
        if (a.name == "crypto" && a.value)
            if (auto c = parse_crypto(*a.value))
                out.push_back(std::move(*c));
    return out;
}

Direction SessionDescription::direction(const MediaDescription& m) const {
    if (auto d = m.direction_attribute())
        return *d;
    return direction_of(attributes).value_or(Direction::SendRecv);
}

const Connection* SessionDescription::connection_for(const MediaDescription& m) const {
    if (m.connection)
        return &*m.connection;
    return connection ? &*connection : nullptr;
}

}  // namespace sessioncore::sdp
