#pragma once
// The RTCP packets of RFC 3550 §6.4-§6.7 as views into a received compound packet (see
// rtcp_compound.hpp, whose parser checks them all). Every view aliases the datagram.
//
// Common header (§6.4.1):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  count  |      PT       |      length (words - 1)       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// SR (PT 200): SSRC, sender info, count report blocks, profile extension.
// RR (PT 201): SSRC, count report blocks, profile extension.
// SDES (PT 202, §6.5): count chunks, each an SSRC/CSRC and items (type, length, text), ended by
//   one or more zero octets up to the next 32-bit boundary.
// BYE (PT 203, §6.6): count SSRC/CSRCs, then optionally a length octet and a reason.
// APP (PT 204, §6.7): subtype in count, SSRC, a 4-character name, application data.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include <sessioncore/rtp/ids.hpp>
#include <sessioncore/rtp/rtcp_report.hpp>
#include <sessioncore/rtp/ssrc_list.hpp>

namespace sessioncore::rtp {

enum class RtcpPacketType : std::uint8_t {
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    App = 204,
};

/// SDES item types (§6.5); other values are kept as they are.
enum class SdesType : std::uint8_t {
    End = 0,
    Cname = 1,
    Name = 2,
    Email = 3,
    Phone = 4,
    Location = 5,
    Tool = 6,
    Note = 7,
    Private = 8,
};

struct SenderReport {
    Ssrc ssrc{};
    SenderInfo info{};
    ReportBlocks blocks{};
    std::span<const std::byte> profile_extension{};  ///< whatever follows the blocks
};

struct ReceiverReport {
    Ssrc ssrc{};
    ReportBlocks blocks{};
    std::span<const std::byte> profile_extension{};
};

struct SdesItem {
    SdesType type = SdesType::End;
    std::string_view text{};  ///< as sent: UTF-8 by §6.5, not checked here
};

/// The items of one SDES chunk, up to (not including) the null item that ends them.
class SdesItems {
public:
    class Iterator {
    public:
        using value_type = SdesItem;
        using difference_type = std::ptrdiff_t;
        Iterator() = default;
        const SdesItem& operator*() const noexcept { return current_; }
        const SdesItem* operator->() const noexcept { return &current_; }
        Iterator& operator++() noexcept;
        Iterator operator++(int) noexcept;
        friend bool operator==(const Iterator& a, const Iterator& b) noexcept {
            return a.rest_.data() == b.rest_.data() && a.rest_.size() == b.rest_.size();
        }

    private:
        friend class SdesItems;
        explicit Iterator(std::span<const std::byte> items) noexcept;
        std::span<const std::byte> rest_;  // from the current item on; empty at the end
        SdesItem current_;
    };

    SdesItems() = default;
    /// Precondition: `items` is a sequence of whole items (the parser checked it).
    explicit SdesItems(std::span<const std::byte> items) noexcept : items_(items) {}
    [[nodiscard]] Iterator begin() const noexcept { return Iterator{items_}; }
    [[nodiscard]] Iterator end() const noexcept { return Iterator{}; }
    /// The text of the first item of `type`.
    [[nodiscard]] std::optional<std::string_view> find(SdesType type) const noexcept;

private:
    std::span<const std::byte> items_{};
};

struct SdesChunk {
    Ssrc source{};
    SdesItems items{};
};

/// The chunks of an SDES packet.
class SdesChunks {
public:
    class Iterator {
    public:
        using value_type = SdesChunk;
        using difference_type = std::ptrdiff_t;
        Iterator() = default;
        const SdesChunk& operator*() const noexcept { return current_; }
        const SdesChunk* operator->() const noexcept { return &current_; }
        Iterator& operator++() noexcept;
        Iterator operator++(int) noexcept;
        friend bool operator==(const Iterator& a, const Iterator& b) noexcept {
            return a.left_ == b.left_;
        }

    private:
        friend class SdesChunks;
        Iterator(std::span<const std::byte> chunks, std::size_t count) noexcept;
        void read() noexcept;
        std::span<const std::byte> rest_;  // from the current chunk on
        std::size_t left_ = 0;             // chunks from the current one on; 0 at the end
        std::size_t current_size_ = 0;     // octets of the current chunk, padding included
        SdesChunk current_;
    };

    SdesChunks() = default;
    /// Precondition: `chunks` holds `count` whole chunks (the parser checked it).
    SdesChunks(std::span<const std::byte> chunks, std::size_t count) noexcept
        : chunks_(chunks), count_(count) {}
    [[nodiscard]] std::size_t size() const noexcept { return count_; }
    [[nodiscard]] Iterator begin() const noexcept { return Iterator{chunks_, count_}; }
    [[nodiscard]] Iterator end() const noexcept { return Iterator{}; }

private:
    std::span<const std::byte> chunks_{};
    std::size_t count_ = 0;
};

struct SourceDescription {
    SdesChunks chunks{};
    /// The CNAME that the chunk for `source` carries.
    [[nodiscard]] std::optional<std::string_view> cname(Ssrc source) const noexcept;
};

struct Goodbye {
    SsrcList sources{};
    std::optional<std::string_view> reason{};
};

struct AppPacket {
    std::uint8_t subtype = 0;
    Ssrc ssrc{};
    std::array<char, 4> name{};
    std::span<const std::byte> data{};
};

/// A packet type this layer does not interpret (RTPFB/PSFB of RFC 4585, XR of RFC 3611, ...):
/// kept whole for the layers above. `body` follows the 4-octet header, without padding.
struct OtherRtcpPacket {
    std::uint8_t packet_type = 0;
    std::uint8_t count = 0;  ///< the 5-bit field after P (FMT for feedback packets)
    std::span<const std::byte> body{};
};

using RtcpPacket = std::variant<SenderReport, ReceiverReport, SourceDescription, Goodbye, AppPacket,
                                OtherRtcpPacket>;

}  // namespace sessioncore::rtp
