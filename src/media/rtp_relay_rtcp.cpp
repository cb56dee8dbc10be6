// The relay's RTCP: which datagrams it forwards (full compounds and RFC 5506 reduced-size
// ones) and the in-place rewrite that keeps SSRCs and sequence numbers consistent with the
// RTP lines (RelayLine). Bounds are checked here again, so the rewrite is safe on any input.
#include <sessioncore/media/rtp_relay.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

#include "rtp_relay_wire.hpp"

namespace sessioncore::media {

namespace {

using namespace relay_wire;

// RFC 3550 §6.4.1/§6.4.2 layout: header word, sender SSRC, then for an SR 20 octets of
// sender info (NTP 8, RTP timestamp 4, counts 8), then 24-octet report blocks: SSRC reported
// on, loss (4), extended highest sequence number received, jitter, LSR, DLSR.
constexpr std::uint8_t rtcp_sr = 200;
constexpr std::uint8_t rtcp_rr = 201;
constexpr std::size_t sender_ssrc_at = 4;
constexpr std::size_t sr_timestamp_at = 16;
constexpr std::size_t sr_blocks_at = 28;
constexpr std::size_t rr_blocks_at = 8;
constexpr std::size_t report_block_size = 24;
constexpr std::size_t block_extended_sequence_at = 8;

// RFC 4585 §6.1: header word, packet sender SSRC, media source SSRC, then the FCI. Generic
// NACK (RTPFB, FMT 1, §6.2.1): FCI entries of a 16-bit packet ID and a 16-bit bitmask.
constexpr std::uint8_t rtcp_rtpfb = 205;
constexpr std::uint8_t rtcp_psfb = 206;
constexpr std::uint8_t fmt_generic_nack = 1;
constexpr std::size_t media_ssrc_at = 8;
constexpr std::size_t feedback_fci_at = 12;
constexpr std::size_t nack_entry_size = 4;

// The reporter's sender SSRC: our outgoing SSRC for forward's current source.
void rewrite_sender(std::span<std::byte> packet, const RelayLine& forward, bool sr) noexcept {
    if (forward.source() != rtp::Ssrc{load_be32(packet, sender_ssrc_at)})
        return;
    store_be32(packet, sender_ssrc_at, forward.outgoing()->value);
    if (sr)
        store_be32(packet, sr_timestamp_at,
                   forward.map_timestamp(load_be32(packet, sr_timestamp_at)));
}

// Whether `at` holds backward's outgoing SSRC; if so it becomes backward's source.
bool readdress(std::span<std::byte> packet, std::size_t at, const RelayLine& backward) noexcept {
    if (!backward.source() || backward.outgoing() != rtp::Ssrc{load_be32(packet, at)})
        return false;
    store_be32(packet, at, backward.source()->value);
    return true;
}

void rewrite_report(std::span<std::byte> packet, const RelayLine& forward,
                    const RelayLine& backward) noexcept {
    const bool sr = std::to_integer<std::uint8_t>(packet[1]) == rtcp_sr;
    const std::size_t blocks_at = sr ? sr_blocks_at : rr_blocks_at;
    if (packet.size() < blocks_at)
        return;
    rewrite_sender(packet, forward, sr);
    const std::size_t count = std::to_integer<std::size_t>(packet[0]) & 0x1Fu;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = blocks_at + i * report_block_size;
        if (at + report_block_size > packet.size())
            return;
        if (!readdress(packet, at, backward))
            continue;
        const std::size_t seq_at = at + block_extended_sequence_at;
        store_be32(packet, seq_at, backward.source_extended_sequence(load_be32(packet, seq_at)));
    }
}

void rewrite_feedback(std::span<std::byte> packet, const RelayLine& forward,
                      const RelayLine& backward) noexcept {
    if (packet.size() < feedback_fci_at)
        return;
    rewrite_sender(packet, forward, false);
    if (!readdress(packet, media_ssrc_at, backward))
        return;
    const auto type = std::to_integer<std::uint8_t>(packet[1]);
    const auto fmt = std::to_integer<std::uint8_t>(packet[0]) & 0x1Fu;
    if (type != rtcp_rtpfb || fmt != fmt_generic_nack)
        return;
    for (std::size_t at = feedback_fci_at; at + nack_entry_size <= packet.size();
         at += nack_entry_size)
        store_be16(packet, at, backward.source_sequence(load_be16(packet, at)));
}

// One packet's header fields for the structural walk of check_reduced_size().
struct Header {
    unsigned version;
    bool padding;
    std::size_t size;  // (length + 1) × 4 octets
};

Header read_header(std::span<const std::byte> b) noexcept {
    const auto first = std::to_integer<unsigned>(b[0]);
    return {first >> 6, (first & 0x20u) != 0, (std::size_t{load_be16(b, 2)} + 1) * 4};
}

// RFC 3550 §A.2 without its "first is SR or RR" test, as RFC 5506 §3.4 relaxes it. Each
// packet's own content is not checked: the rewrite bounds-checks what it touches and forwards
// the rest as it came, as for the unknown packet types of a full compound.
rtp::Result<void> check_reduced_size(std::span<const std::byte> bytes) noexcept {
    std::size_t at = 0;
    do {
        const auto rest = bytes.subspan(at);
        if (rest.size() < 4)
            return rtp::errc::rtcp_too_short;
        const Header h = read_header(rest);
        if (h.version != 2)
            return rtp::errc::rtcp_bad_version;
        if (h.size > rest.size())
            return rtp::errc::rtcp_length_mismatch;
        if (h.padding) {
            if (h.size != rest.size())
                return rtp::errc::rtcp_padding_not_last;
            const auto count = std::to_integer<std::size_t>(rest[h.size - 1]);
            if (count == 0 || count % 4 != 0 || count > h.size - 4)
                return rtp::errc::rtcp_bad_padding;
        }
        at += h.size;
    } while (at < bytes.size());
    return {};
}

}  // namespace

rtp::Result<void> check_relayed_rtcp(std::span<const std::byte> datagram) noexcept {
    const auto full = rtp::parse_rtcp(datagram);
    if (full)
        return {};
    if (full.error() != rtp::errc::rtcp_first_not_report)
        return full.error();
    return check_reduced_size(datagram);
}

void relay_rewrite_rtcp(std::span<std::byte> compound, const RelayLine& forward,
                        const RelayLine& backward) noexcept {
    std::size_t at = 0;
    while (at + 4 <= compound.size()) {
        const std::size_t size = (std::size_t{load_be16(compound, at + 2)} + 1) * 4;
        if (at + size > compound.size())
            return;
        const auto packet = compound.subspan(at, size);
        const auto type = std::to_integer<std::uint8_t>(packet[1]);
        if (type == rtcp_sr || type == rtcp_rr)
            rewrite_report(packet, forward, backward);
        else if (type == rtcp_rtpfb || type == rtcp_psfb)
            rewrite_feedback(packet, forward, backward);
        at += size;
    }
}

}  // namespace sessioncore::media
