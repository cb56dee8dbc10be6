#pragma once
// One call's audio, both ways, over one RtpStream: the media engine the session layer drives.
// Every ptime (20 ms) on the stream's executor: a frame from the source (or silence) is
// resampled to the codec's rate, encoded and sent; a frame is taken from the jitter buffer,
// decoded (or concealed), resampled to the sink's rate and written to the sink. Packets with
// the telephone-event payload type go to an RFC 4733 receiver instead; digits queued with
// send_dtmf() replace the audio while they play, on the audio's timestamp line.
//
// All calls and handlers run on the executor's thread (the session's shard), so nothing locks.
// The running channels of one executor and ptime tick from one shared clock, one after
// another; an io_context run by several threads needs a strand per group of channels.
// Buffers are sized by create(): the per-packet path allocates nothing.
//
// A handler must not destroy the channel it is called from (post the teardown instead, as the
// session layer does); it may call stop(), set_source(), set_sink() and the rest.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/error_code.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/media/error.hpp>
#include <sessioncore/media/jitter_buffer.hpp>
#include <sessioncore/media/rtp_port_allocator.hpp>
#include <sessioncore/media/rtp_stream_stats.hpp>

namespace sessioncore::media {

class AudioSource;
class AudioSink;

/// Which way audio flows, from our side (RFC 3264 §6.1 as the offer/answer settled it).
enum class MediaDirection : std::uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };

[[nodiscard]] constexpr bool sends(MediaDirection d) noexcept {
    return d == MediaDirection::SendRecv || d == MediaDirection::SendOnly;
}
[[nodiscard]] constexpr bool receives(MediaDirection d) noexcept {
    return d == MediaDirection::SendRecv || d == MediaDirection::RecvOnly;
}

/// What the negotiated SDP says about the stream, in plain values (the media layer does not
/// depend on the SDP model).
struct AudioChannelConfig {
    std::string encoding_name;  ///< "PCMU", "PCMA", "G722", "opus"
    std::uint32_t clock_rate = 8000;
    std::uint32_t channels = 1;
    std::string fmtp;  ///< the peer's a=fmtp parameters for the codec, or ""
    std::uint8_t payload_type = 0;
    /// RFC 4733 telephone-event payload type, if negotiated (at the codec's RTP clock).
    std::optional<std::uint8_t> telephone_event_payload_type{};
    std::chrono::milliseconds ptime{20};
    MediaDirection direction = MediaDirection::SendRecv;
    /// The peer's RTP address from c=/m= (and a=rtcp, RFC 3605), before symmetric latching.
    std::optional<boost::asio::ip::udp::endpoint> remote_rtp{};
    std::optional<boost::asio::ip::udp::endpoint> remote_rtcp{};
    std::string cname = "sessioncore";
    bool allow_relatch = false;
    Duration rtcp_min_interval = std::chrono::seconds{5};
    /// clock_rate and frame_rtp_units are filled from the codec; the rest is taken as given.
    JitterBufferOptions jitter_buffer{};
    /// No RTP for this long while we expect to receive: on_rtp_timeout (once, re-armed when
    /// packets flow again). Zero: never.
    Duration rtp_timeout{};
    /// on_quality every interval. Zero: only on demand (stats()).
    Duration quality_interval{};
};

/// A snapshot of the stream's quality (RFC 3550 counters, jitter buffer, G.107 E-model).
struct AudioChannelStats {
    std::string codec;  ///< the encoding name in use
    std::uint8_t payload_type = 0;
    RtpStreamStats rtp{};
    JitterBufferStats jitter_buffer{};
    double jitter_ms = 0.0;             ///< interarrival jitter (RFC 3550 A.8) in milliseconds
    double loss_percent = 0.0;          ///< cumulative loss over expected packets, 0-100
    std::optional<double> rtt_ms{};     ///< from RTCP (LSR/DLSR), once known
    double r_factor = 0.0;              ///< G.107 R from loss and one-way delay
    double mos = 1.0;                   ///< G.107 Annex B MOS-CQE
    std::uint64_t dtmf_sent = 0;        ///< digits sent
    std::uint64_t dtmf_received = 0;    ///< digits reported
    std::uint64_t unknown_payload = 0;  ///< RTP packets with a payload type not negotiated
    std::uint64_t clock_skips = 0;      ///< frame periods skipped: the clock fell behind
};

/// One RFC 4733 digit as heard.
struct ReceivedDigit {
    char key = '?';  ///< '0'-'9', '*', '#', 'A'-'D'
    std::chrono::milliseconds duration{};
};

struct AudioChannelHandlers {
    std::function<void(const ReceivedDigit&)> on_dtmf;
    std::function<void(const AudioChannelStats&)> on_quality;
    std::function<void()> on_rtp_timeout;
    /// The source set by set_source() has given its last sample (a WAV that does not loop).
    std::function<void()> on_source_finished;
};

struct DtmfOptions {
    std::chrono::milliseconds duration{100};  ///< each digit's tone
    std::chrono::milliseconds gap{60};        ///< silence between digits
    std::uint8_t volume = 10;                 ///< -dBm0
};

class AudioChannel {
public:
    /// Makes the codec pair and the RtpStream on the lease's sockets. Errors: the codec
    /// factory's (unknown_codec, bad_clock_rate, bad_fmtp, bad_ptime, ...), and bad_option for
    /// an empty cname or jitter-buffer options out of range (min_delay over max_delay, a
    /// capacity of 0 or 0x8000 and more, max_payload 0); the lease is given back then.
    [[nodiscard]] static Result<std::unique_ptr<AudioChannel>> create(
        boost::asio::any_io_executor executor, RtpPortLease lease, AudioChannelConfig config,
        AudioChannelHandlers handlers);

    /// Stops (as stop(), but reports no open digit); on the executor's thread.
    ~AudioChannel();
    AudioChannel(const AudioChannel&) = delete;
    AudioChannel& operator=(const AudioChannel&) = delete;

    /// Starts the stream (receiving, RTCP) and the ptime clock.
    void start();
    /// Stops the clock, sends RTCP BYE, closes the sockets and gives the ports back. Idempotent.
    /// A digit still open (its end reports not yet in) is reported through on_dtmf first.
    void stop();

    /// A re-offer changed the stream: direction, remote address, or even the codec (then the
    /// codec pair is remade; the RTP line, SSRC and ports stay). Errors as create(); on an
    /// error nothing changes. cname, allow_relatch and rtcp_min_interval stay as created.
    Result<void> update(const AudioChannelConfig& config);

    /// What we send: null gives silence. Resampled to the codec's rate when it differs.
    void set_source(std::unique_ptr<AudioSource> source);
    /// Where what we hear goes: null discards it. Resampled to the sink's rate.
    void set_sink(std::unique_ptr<AudioSink> sink);

    /// Muted: encoded silence goes out instead of the source (the peer's jitter buffer and any
    /// NAT binding stay fed); the first packet after unmuting has the marker bit.
    void set_muted(bool muted) noexcept;
    [[nodiscard]] bool muted() const noexcept;

    /// Queues digits ("0-9*#A-D", case-insensitive) to send as RFC 4733 events. Errors (new
    /// media errc values): no_telephone_event (not negotiated), bad_dtmf_digit (nothing is
    /// queued then; also for empty input), not_sending (the direction does not send);
    /// bad_option (a duration of 0 or over 2^31 timestamp units, volume over 63),
    /// buffer_too_small (more than DtmfPlayout::max_queued, 64, digits waiting).
    Result<void> send_dtmf(std::string_view digits, const DtmfOptions& options = {});

    [[nodiscard]] AudioChannelStats stats() const;
    [[nodiscard]] std::uint16_t local_rtp_port() const noexcept;
    [[nodiscard]] const AudioChannelConfig& config() const noexcept;

    class Impl;

private:
    explicit AudioChannel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::media
