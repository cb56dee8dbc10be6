#pragma once
// The state behind an AudioChannel: the stream, the codec pair and its jitter buffer, the
// RFC 4733 sender and receiver, the sources, sinks and resamplers. The ptime clock is shared
// with the other channels of the executor (ptime_clock.hpp), which the channel joins while it
// runs and leaves when it stops or goes; the RtpStream calls on_rtp() only while it runs.

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include <sessioncore/media/audio_channel.hpp>
#include <sessioncore/media/audio_decoder.hpp>
#include <sessioncore/media/audio_encoder.hpp>
#include <sessioncore/media/audio_sink.hpp>
#include <sessioncore/media/audio_source.hpp>
#include <sessioncore/media/dtmf_playout.hpp>
#include <sessioncore/media/resampler.hpp>
#include <sessioncore/media/rtp_stream.hpp>
#include <sessioncore/rtp/dtmf_receiver.hpp>

#include "ptime_clock.hpp"

namespace sessioncore::media {

class AudioChannel::Impl final : public detail::PtimeMember {
public:
    // The longest PCM frame any codec or source here can ask for: 120 ms at 48 kHz.
    static constexpr std::size_t max_frame_samples = 5760;
    // An RFC 4733 event still open after this long without a report is taken as ended.
    static constexpr Duration dtmf_quiet = std::chrono::seconds{1};

    struct Codec {
        std::unique_ptr<AudioEncoder> encoder;
        std::unique_ptr<AudioDecoder> decoder;
    };
    [[nodiscard]] static Result<Codec> make_codec(const AudioChannelConfig& config);

    Impl(boost::asio::any_io_executor executor, RtpPortLease lease, AudioChannelConfig config,
         AudioChannelHandlers handlers, Codec codec);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start();
    void stop(bool report_open_digit);
    Result<void> update(const AudioChannelConfig& config);
    void set_source(std::unique_ptr<AudioSource> source);
    void set_sink(std::unique_ptr<AudioSink> sink);
    void set_muted(bool muted) noexcept;
    [[nodiscard]] bool muted() const noexcept { return muted_; }
    Result<void> send_dtmf(std::string_view digits, const DtmfOptions& options);
    [[nodiscard]] AudioChannelStats stats() const;
    [[nodiscard]] std::uint16_t local_rtp_port() const noexcept { return stream_.local_rtp_port(); }
    [[nodiscard]] const AudioChannelConfig& config() const noexcept { return config_; }

private:
    void install_codec(Codec codec);
    void make_source_resampler();
    void make_sink_resampler();
    [[nodiscard]] std::uint32_t frame_units() const noexcept;

    // The ptime clock and what each tick does (audio_channel_tick.cpp).
    void join_clock();
    void leave_clock() noexcept;
    void on_ptime_tick(std::uint64_t skipped) override;
    void tick(TimePoint now);
    void send_frame();
    void send_events(const DtmfTick& tick);
    void send_audio(std::span<const std::int16_t> pcm, bool marker);
    void read_source(std::span<std::int16_t> codec_frame);
    void receive_frame();
    void run_handlers(TimePoint now);

    // What arrives (audio_channel_receive.cpp).
    void on_rtp(const rtp::RtpPacket& packet);
    void on_telephone_event(const rtp::RtpPacket& packet, TimePoint now);
    void report_digits();

    boost::asio::any_io_executor executor_;
    AudioChannelConfig config_;
    AudioChannelHandlers handlers_;
    SteadyClock clock_;  // the jitter buffer's; declared before it
    RtpStream stream_;
    std::unique_ptr<AudioEncoder> encoder_;
    std::unique_ptr<AudioDecoder> decoder_;
    std::optional<JitterBuffer> jitter_;
    std::optional<DtmfPlayout> dtmf_out_;
    rtp::DtmfReceiver dtmf_in_;

    std::unique_ptr<AudioSource> source_;
    std::optional<Resampler> source_resampler_;  // unset: the source's rate cannot be used
    std::unique_ptr<AudioSink> sink_;
    std::optional<Resampler> sink_resampler_;

    // Frames and payloads, sized once.
    std::vector<std::int16_t> source_pcm_;
    std::vector<std::int16_t> codec_pcm_;
    std::vector<std::int16_t> decoded_pcm_;
    std::vector<std::int16_t> sink_pcm_;
    std::vector<std::byte> payload_;
    std::array<std::byte, 4> event_payload_{};

    std::shared_ptr<detail::PtimeClock> ptime_clock_;  // while running
    bool running_ = false;
    bool stopped_ = false;
    bool muted_ = false;
    bool marker_pending_ = true;  // the next audio packet starts a talk spurt
    bool starved_ = false;        // this tick came after skipped periods (a stalled shard)

    std::optional<rtp::Ssrc> remote_ssrc_{};
    TimePoint last_rtp_{};
    bool timeout_reported_ = false;
    bool dtmf_open_ = false;
    TimePoint last_dtmf_{};
    TimePoint next_quality_{};
    bool source_finished_ = false;  // seen finished; reported (once per source)
    bool source_finished_pending_ = false;

    std::uint64_t dtmf_sent_ = 0;
    std::uint64_t dtmf_received_ = 0;
    std::uint64_t unknown_payload_ = 0;
    std::uint64_t clock_skips_ = 0;
    std::uint64_t encode_errors_ = 0;
};

}  // namespace sessioncore::media
