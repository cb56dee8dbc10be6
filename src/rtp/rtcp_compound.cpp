// RTCP compound packets (RFC 3550 §6.1, §6.4.1 header, §A.2 validity checks); BYE (§6.6) and
// APP (§6.7). The header diagram is in rtcp_packets.hpp.
#include <algorithm>

#include <sessioncore/rtp/rtcp_compound.hpp>

#include "rtcp_parse.hpp"
#include "wire.hpp"

namespace sessioncore::rtp {
namespace {

constexpr std::size_t header_size = 4;

struct Header {
    std::uint8_t version;
    bool padding;
    std::uint8_t count;
    std::uint8_t packet_type;
    std::size_t size;  // the whole packet in octets: (length + 1) × 4
};

Header read_header(std::span<const std::byte> b) noexcept {
    std::uint8_t first = wire::u8(b, 0);
    return {static_cast<std::uint8_t>(first >> 6), (first & 0x20) != 0,
            static_cast<std::uint8_t>(first & 0x1F), wire::u8(b, 1),
            (std::size_t{wire::u16(b, 2)} + 1) * 4};
}

bool is_report(std::uint8_t packet_type) noexcept {
    return packet_type == static_cast<std::uint8_t>(RtcpPacketType::SenderReport) ||
           packet_type == static_cast<std::uint8_t>(RtcpPacketType::ReceiverReport);
}

// The body of a padded packet without its padding (§6.4.1: the last octet counts the padding
// octets, itself included, and is a multiple of four).
Result<std::span<const std::byte>> strip_padding(std::span<const std::byte> body) noexcept {
    if (body.empty())
        return errc::rtcp_bad_padding;
    std::uint8_t count = wire::u8(body, body.size() - 1);
    if (count == 0 || count % 4 != 0 || count > body.size())
        return errc::rtcp_bad_padding;
    return body.first(body.size() - count);
}

template <class T>
Result<RtcpPacket> as_packet(Result<T> r) noexcept {
    if (!r)
        return r.error();
    return RtcpPacket{*r};
}

Result<Goodbye> parse_bye(std::uint8_t count, std::span<const std::byte> body) noexcept {
    std::size_t sources = std::size_t{count} * 4;
    if (body.size() < sources)
        return errc::rtcp_bye_truncated;
    Goodbye bye{SsrcList{body.first(sources)}, std::nullopt};
    std::span<const std::byte> rest = body.subspan(sources);
    if (rest.empty())
        return bye;
    std::size_t length = wire::u8(rest, 0);
    if (rest.size() - 1 < length)
        return errc::rtcp_bye_truncated;
    bye.reason = std::string_view{reinterpret_cast<const char*>(rest.data() + 1), length};
    return bye;
}

Result<AppPacket> parse_app(std::uint8_t subtype, std::span<const std::byte> body) noexcept {
    if (body.size() < 8)
        return errc::rtcp_app_truncated;
    AppPacket app;
    app.subtype = subtype;
    app.ssrc = Ssrc{wire::u32(body, 0)};
    for (std::size_t i = 0; i < app.name.size(); ++i)
        app.name[i] = static_cast<char>(wire::u8(body, 4 + i));
    app.data = body.subspan(8);
    return app;
}

Result<RtcpPacket> parse_packet(const Header& h, std::span<const std::byte> body) noexcept {
    switch (static_cast<RtcpPacketType>(h.packet_type)) {
        case RtcpPacketType::SenderReport:
            return as_packet(detail::parse_sender_report(h.count, body));
        case RtcpPacketType::ReceiverReport:
            return as_packet(detail::parse_receiver_report(h.count, body));
        case RtcpPacketType::SourceDescription:
            return as_packet(detail::parse_sdes(h.count, body));
        case RtcpPacketType::Goodbye:
            return as_packet(parse_bye(h.count, body));
        case RtcpPacketType::App:
            return as_packet(parse_app(h.count, body));
    }
    return RtcpPacket{OtherRtcpPacket{h.packet_type, h.count, body}};
}

}  // namespace

Result<RtcpCompound> parse_rtcp(std::span<const std::byte> bytes) noexcept {
    RtcpCompound compound;
    std::size_t at = 0;
    do {
        std::span<const std::byte> rest = bytes.subspan(at);
        if (rest.size() < header_size)
            return errc::rtcp_too_short;
        Header h = read_header(rest);
        if (h.version != 2)
            return errc::rtcp_bad_version;
        if (at == 0 && !is_report(h.packet_type))
            return errc::rtcp_first_not_report;
        if (h.size > rest.size())
            return errc::rtcp_length_mismatch;
        bool last = h.size == rest.size();
        std::span<const std::byte> body = rest.subspan(header_size, h.size - header_size);
        if (h.padding) {
            if (!last)
                return errc::rtcp_padding_not_last;
            auto unpadded = strip_padding(body);
            if (!unpadded)
                return unpadded.error();
            body = *unpadded;
        }
        if (compound.size_ == RtcpCompound::capacity)
            return errc::rtcp_too_many_packets;
        auto packet = parse_packet(h, body);
        if (!packet)
            return packet.error();
        compound.packets_[compound.size_++] = *packet;
        at += h.size;
    } while (at < bytes.size());
    return compound;
}

bool is_muxed_rtcp(std::span<const std::byte> bytes) noexcept {
    if (bytes.size() < 2)
        return false;
    std::uint8_t second = wire::u8(bytes, 1);
    return wire::u8(bytes, 0) >> 6 == 2 && second >= 192 && second <= 223;
}

}  // namespace sessioncore::rtp
