// AudioChannel: its making, lifecycle and settings. The per-tick work is in
// audio_channel_tick.cpp, what arrives in audio_channel_receive.cpp.
#include <algorithm>
#include <cctype>

#include <sessioncore/media/audio_channel.hpp>
#include <sessioncore/media/channel_quality.hpp>
#include <sessioncore/media/codec_factory.hpp>

#include "audio_channel_impl.hpp"
#include "audio_log.hpp"

namespace sessioncore::media {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool same_codec(const AudioChannelConfig& a, const AudioChannelConfig& b) {
    return iequals(a.encoding_name, b.encoding_name) && a.clock_rate == b.clock_rate &&
           a.channels == b.channels && a.fmtp == b.fmtp && a.payload_type == b.payload_type &&
           a.ptime == b.ptime;
}

RtpStreamConfig stream_config(const AudioChannelConfig& c) {
    RtpStreamConfig s;
    s.clock_rate = c.clock_rate;
    s.cname = c.cname;
    s.remote_rtp = c.remote_rtp;
    s.remote_rtcp = c.remote_rtcp;
    s.allow_relatch = c.allow_relatch;
    s.rtcp_min_interval = c.rtcp_min_interval;
    return s;
}

// Milliseconds on the RTP clock; a length past 2^32 units saturates (and is then refused).
std::uint32_t to_units(std::chrono::milliseconds d, std::uint32_t clock_rate) {
    if (d.count() <= 0)
        return 0;
    const auto units = static_cast<std::uint64_t>(d.count()) * clock_rate / 1000;
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(units, 0xFFFFFFFFu));
}

// What JitterBuffer asserts on, checked here: these come from configuration.
bool jitter_options_valid(const JitterBufferOptions& o) {
    return o.capacity != 0 && o.capacity < 0x8000 && o.max_payload != 0 &&
           o.min_delay <= o.max_delay;
}

}  // namespace

Result<AudioChannel::Impl::Codec> AudioChannel::Impl::make_codec(const AudioChannelConfig& c) {
    if (!jitter_options_valid(c.jitter_buffer))
        return errc::bad_option;
    const CodecSpec spec{.encoding_name = c.encoding_name,
                         .clock_rate = c.clock_rate,
                         .channels = c.channels,
                         .fmtp = c.fmtp};
    auto encoder = make_encoder(spec, EncoderOptions{.ptime = c.ptime});
    if (!encoder)
        return encoder.error();
    auto decoder = make_decoder(spec, c.ptime);
    if (!decoder)
        return decoder.error();
    return Codec{std::move(*encoder), std::move(*decoder)};
}

AudioChannel::Impl::Impl(boost::asio::any_io_executor executor, RtpPortLease lease,
                         AudioChannelConfig config, AudioChannelHandlers handlers, Codec codec)
    : executor_(std::move(executor)),
      config_(std::move(config)),
      handlers_(std::move(handlers)),
      stream_(executor_, std::move(lease), stream_config(config_)),
      source_pcm_(max_frame_samples),
      codec_pcm_(max_frame_samples),
      decoded_pcm_(max_frame_samples),
      sink_pcm_(max_frame_samples) {
    install_codec(std::move(codec));
    stream_.on_rtp([this](const rtp::RtpPacket& packet) { on_rtp(packet); });
}

AudioChannel::Impl::~Impl() {
    stop(false);  // no handler from a destructor: its owner may be half gone
}

std::uint32_t AudioChannel::Impl::frame_units() const noexcept {
    return decoder_->info().frame_rtp_units();
}

// A codec pair and everything sized by it: the jitter buffer, the RFC 4733 sender (its
// reports go one frame apart), the payload buffer and the resamplers to its PCM rate.
void AudioChannel::Impl::install_codec(Codec codec) {
    encoder_ = std::move(codec.encoder);
    decoder_ = std::move(codec.decoder);
    JitterBufferOptions options = config_.jitter_buffer;
    options.clock_rate = decoder_->info().rtp_clock_rate;
    options.frame_rtp_units = decoder_->info().frame_rtp_units();
    options.fec_lookahead = decoder_->has_fec();
    jitter_.emplace(options, clock_);
    dtmf_out_.emplace(frame_units());
    payload_.assign(std::max<std::size_t>(encoder_->max_payload_size(), 1500), std::byte{0});
    make_source_resampler();
    make_sink_resampler();
}

void AudioChannel::Impl::make_source_resampler() {
    source_resampler_.reset();
    if (!source_)
        return;
    auto r = Resampler::make({.input_rate = static_cast<std::uint32_t>(source_->sample_rate()),
                              .output_rate = encoder_->info().sample_rate,
                              .frame = config_.ptime});
    if (!r) {
        detail::media_logger().warn("media.channel_source_rate rate={} error=\"{}\"",
                                    source_->sample_rate(), to_string(r.error()));
        return;  // silence goes out instead
    }
    source_resampler_.emplace(std::move(*r));
}

void AudioChannel::Impl::make_sink_resampler() {
    sink_resampler_.reset();
    if (!sink_)
        return;
    auto r = Resampler::make({.input_rate = decoder_->info().sample_rate,
                              .output_rate = static_cast<std::uint32_t>(sink_->sample_rate()),
                              .frame = config_.ptime});
    if (!r) {
        detail::media_logger().warn("media.channel_sink_rate rate={} error=\"{}\"",
                                    sink_->sample_rate(), to_string(r.error()));
        return;  // what we hear is discarded
    }
    sink_resampler_.emplace(std::move(*r));
}

void AudioChannel::Impl::start() {
    if (running_ || stopped_)
        return;
    running_ = true;
    stream_.start();
    const TimePoint now = clock_.now();
    last_rtp_ = now;
    next_quality_ = now + config_.quality_interval;
    marker_pending_ = true;
    join_clock();
}

void AudioChannel::Impl::stop(bool report_open_digit) {
    if (stopped_)
        return;
    stopped_ = true;
    const bool was_running = running_;
    running_ = false;
    leave_clock();
    stream_.stop();
    if (was_running && report_open_digit && dtmf_open_) {
        dtmf_open_ = false;
        dtmf_in_.flush();
        report_digits();
    }
}

Result<void> AudioChannel::Impl::update(const AudioChannelConfig& next) {
    const bool codec_changed = !same_codec(config_, next);
    std::optional<Codec> codec;
    if (codec_changed) {
        auto made = make_codec(next);
        if (!made)
            return made.error();  // nothing changed
        codec.emplace(std::move(*made));
    }
    const bool remote_changed =
        next.remote_rtp != config_.remote_rtp || next.remote_rtcp != config_.remote_rtcp;
    const bool starts_receiving = !receives(config_.direction) && receives(next.direction);
    const bool events_changed =
        next.telephone_event_payload_type != config_.telephone_event_payload_type;
    const bool ptime_changed = next.ptime != config_.ptime;
    config_ = next;
    if (ptime_changed && running_) {
        leave_clock();  // to the clock of the new period
        join_clock();
    }
    if (remote_changed)
        stream_.set_remote(config_.remote_rtp, config_.remote_rtcp);
    if (codec) {
        install_codec(std::move(*codec));
        stream_.set_clock_rate(config_.clock_rate);
        marker_pending_ = true;
    }
    if (events_changed || !sends(config_.direction))
        dtmf_out_->clear();
    if (starts_receiving) {
        last_rtp_ = clock_.now();  // the timeout counts from when we began to expect RTP
        timeout_reported_ = false;
    }
    return {};
}

void AudioChannel::Impl::set_source(std::unique_ptr<AudioSource> source) {
    source_ = std::move(source);
    source_finished_ = false;
    source_finished_pending_ = false;
    make_source_resampler();
}

void AudioChannel::Impl::set_sink(std::unique_ptr<AudioSink> sink) {
    sink_ = std::move(sink);
    make_sink_resampler();
}

void AudioChannel::Impl::set_muted(bool muted) noexcept {
    if (muted_ && !muted)
        marker_pending_ = true;
    muted_ = muted;
}

Result<void> AudioChannel::Impl::send_dtmf(std::string_view digits, const DtmfOptions& options) {
    if (!config_.telephone_event_payload_type)
        return errc::no_telephone_event;
    if (!sends(config_.direction))
        return errc::not_sending;
    const std::uint32_t rate = decoder_->info().rtp_clock_rate;
    return dtmf_out_->enqueue(digits, DtmfToneSpec{.duration = to_units(options.duration, rate),
                                                   .gap = to_units(options.gap, rate),
                                                   .volume = options.volume});
}

AudioChannelStats AudioChannel::Impl::stats() const {
    AudioChannelStats s;
    s.codec = config_.encoding_name;
    s.payload_type = config_.payload_type;
    s.rtp = stream_.stats();
    s.jitter_buffer = jitter_->stats();
    const auto q = compute_quality({.rtp = s.rtp,
                                    .jitter_buffer = s.jitter_buffer,
                                    .clock_rate = decoder_->info().rtp_clock_rate,
                                    .ptime = config_.ptime,
                                    .codec = impairment_for(decoder_->info().kind)});
    s.jitter_ms = q.jitter_ms;
    s.loss_percent = q.loss_percent;
    s.rtt_ms = q.rtt_ms;
    s.r_factor = q.r_factor;
    s.mos = q.mos;
    s.dtmf_sent = dtmf_sent_;
    s.dtmf_received = dtmf_received_;
    s.unknown_payload = unknown_payload_;
    s.clock_skips = clock_skips_;
    return s;
}

// The facade.

Result<std::unique_ptr<AudioChannel>> AudioChannel::create(boost::asio::any_io_executor executor,
                                                           RtpPortLease lease,
                                                           AudioChannelConfig config,
                                                           AudioChannelHandlers handlers) {
    if (config.cname.empty())
        return errc::bad_option;  // RFC 3550 §6.5.1: every RTCP report carries a CNAME
    auto codec = Impl::make_codec(config);
    if (!codec)
        return codec.error();
    auto impl = std::make_unique<Impl>(std::move(executor), std::move(lease), std::move(config),
                                       std::move(handlers), std::move(*codec));
    // The constructor is private (create() is the only way in), so make_unique cannot call it.
    return std::unique_ptr<AudioChannel>(new AudioChannel(std::move(impl)));
}

AudioChannel::AudioChannel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AudioChannel::~AudioChannel() = default;

void AudioChannel::start() {
    impl_->start();
}
void AudioChannel::stop() {
    impl_->stop(true);
}
Result<void> AudioChannel::update(const AudioChannelConfig& config) {
    return impl_->update(config);
}
void AudioChannel::set_source(std::unique_ptr<AudioSource> source) {
    impl_->set_source(std::move(source));
}
void AudioChannel::set_sink(std::unique_ptr<AudioSink> sink) {
    impl_->set_sink(std::move(sink));
}
void AudioChannel::set_muted(bool muted) noexcept {
    impl_->set_muted(muted);
}
bool AudioChannel::muted() const noexcept {
    return impl_->muted();
}
Result<void> AudioChannel::send_dtmf(std::string_view digits, const DtmfOptions& options) {
    return impl_->send_dtmf(digits, options);
}
AudioChannelStats AudioChannel::stats() const {
    return impl_->stats();
}
std::uint16_t AudioChannel::local_rtp_port() const noexcept {
    return impl_->local_rtp_port();
}
const AudioChannelConfig& AudioChannel::config() const noexcept {
    return impl_->config();
}

}  // namespace sessioncore::media
