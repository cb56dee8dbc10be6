// RTP data packets (RFC 3550 §5.1, §5.3.1, §A.1). The diagram is in packet.hpp.
#include <sessioncore/base/assert.hpp>
#include <sessioncore/rtp/packet.hpp>

#include "wire.hpp"

namespace sessioncore::rtp {
namespace {

constexpr std::uint8_t version_2 = 2;

// The first octet: V (2 bits), P, X, CC (4 bits).
struct FirstOctet {
    std::uint8_t version;
    bool padding;
    bool extension;
    std::uint8_t csrc_count;
};

FirstOctet read_first_octet(std::uint8_t b) noexcept {
    return {static_cast<std::uint8_t>(b >> 6), (b & 0x20) != 0, (b & 0x10) != 0,
            static_cast<std::uint8_t>(b & 0x0F)};
}

// Reads the extension header at `at` and returns the offset past its data.
Result<std::size_t> read_extension(std::span<const std::byte> bytes, std::size_t at,
                                   RtpPacket& packet) noexcept {
    if (bytes.size() - at < 4)
        return errc::extension_truncated;
    std::uint16_t profile = wire::u16(bytes, at);
    std::size_t data_size = std::size_t{wire::u16(bytes, at + 2)} * 4;
    at += 4;
    if (bytes.size() - at < data_size)
        return errc::extension_truncated;
    packet.extension = HeaderExtension{profile, bytes.subspan(at, data_size)};
    return at + data_size;
}

}  // namespace

Result<RtpPacket> parse_rtp(std::span<const std::byte> bytes) noexcept {
    if (bytes.size() < rtp_fixed_header_size)
        return errc::too_short;
    FirstOctet first = read_first_octet(wire::u8(bytes, 0));
    if (first.version != version_2)
        return errc::bad_version;

    RtpPacket packet;
    std::uint8_t second = wire::u8(bytes, 1);
    packet.marker = (second & 0x80) != 0;
    packet.payload_type = PayloadType{static_cast<std::uint8_t>(second & 0x7F)};
    packet.sequence_number = wire::u16(bytes, 2);
    packet.timestamp = wire::u32(bytes, 4);
    packet.ssrc = Ssrc{wire::u32(bytes, 8)};

    std::size_t at = rtp_fixed_header_size;
    std::size_t csrc_size = std::size_t{first.csrc_count} * 4;
    if (bytes.size() - at < csrc_size)
        return errc::csrc_truncated;
    packet.csrcs = SsrcList{bytes.subspan(at, csrc_size)};
    at += csrc_size;

    if (first.extension) {
        auto past = read_extension(bytes, at, packet);
        if (!past)
            return past.error();
        at = *past;
    }

    std::size_t end = bytes.size();
    if (first.padding) {
        // §5.1: the last octet counts the padding octets, itself included.
        std::uint8_t count = wire::u8(bytes, end - 1);
        if (count == 0)
            return errc::padding_count_zero;
        if (count > end - at)
            return errc::padding_too_long;
        packet.padding_size = count;
        end -= count;
    }
    packet.payload = bytes.subspan(at, end - at);
    return packet;
}

Result<std::size_t> encoded_size(const RtpPacketSpec& spec) noexcept {
    if (spec.csrcs.size() > max_csrcs)
        return errc::too_many_csrcs;
    std::size_t size = rtp_fixed_header_size + spec.csrcs.size() * 4;
    if (spec.extension) {
        std::size_t data = spec.extension->data.size();
        if (data % 4 != 0)
            return errc::extension_not_aligned;
        if (data / 4 > 0xFFFF)
            return errc::extension_too_long;
        size += 4 + data;
    }
    return size + spec.payload.size() + spec.padding_size;
}

Result<std::size_t> encode_to(const RtpPacketSpec& spec, std::span<std::byte> out) {
    SC_ASSERT(spec.payload_type.value < 128, "RTP payload types are 7 bits");
    auto size = encoded_size(spec);
    if (!size)
        return size.error();
    if (out.size() < *size)
        return errc::buffer_too_small;

    auto first = static_cast<std::uint8_t>((version_2 << 6) | (spec.padding_size != 0 ? 0x20 : 0) |
                                           (spec.extension ? 0x10 : 0) | spec.csrcs.size());
    wire::put_u8(out, 0, first);
    wire::put_u8(out, 1,
                 static_cast<std::uint8_t>((spec.marker ? 0x80 : 0) | spec.payload_type.value));
    wire::put_u16(out, 2, spec.sequence_number);
    wire::put_u32(out, 4, spec.timestamp);
    wire::put_u32(out, 8, spec.ssrc.value);
    std::size_t at = rtp_fixed_header_size;
    for (Ssrc csrc : spec.csrcs) {
        wire::put_u32(out, at, csrc.value);
        at += 4;
    }
    if (spec.extension) {
        const HeaderExtension& ext = *spec.extension;
        wire::put_u16(out, at, ext.profile);
        wire::put_u16(out, at + 2, static_cast<std::uint16_t>(ext.data.size() / 4));
        at = wire::put_bytes(out, at + 4, ext.data);
    }
    at = wire::put_bytes(out, at, spec.payload);
    if (spec.padding_size != 0) {
        at = wire::put_zeros(out, at, spec.padding_size - 1u);
        wire::put_u8(out, at++, spec.padding_size);
    }
    return at;
}

}  // namespace sessioncore::rtp
