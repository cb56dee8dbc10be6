// The session layer's media over real sockets on 127.0.0.1: two SessionManagers call each other
// and each plays a tone file to the other and records what it hears, for every codec; DTMF
// through Session::async_send_dtmf arrives as DtmfReceived; media events and stats; hold
// pauses the media; a silent peer trips the RTP timeout and the call is hung up; requests
// the media cannot serve fail with a clear error; every port is free again afterwards.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/error.hpp>
#include <sessioncore/media/tone_source.hpp>
#include <sessioncore/media/wav_file_sink.hpp>
#include <sessioncore/media/wav_file_source.hpp>
#include <sessioncore/session/error.hpp>
#include <sessioncore/session/session_manager.hpp>

#include "media/signal_analysis.hpp"
#include "session/loopback_support.hpp"

namespace sessioncore::session {
namespace {

using namespace std::chrono_literals;
using boost::asio::use_future;
using test_support::all_zero;
using test_support::deadline;
using test_support::eventually;
using test_support::outcome;

namespace fs = std::filesystem;

// Ports of their own, so no other test can hold them and the release check below is exact.
constexpr std::uint16_t alice_ports = 45000;
constexpr std::uint16_t bob_ports = 45100;

SessionManagerConfig media_config(std::uint16_t first_port) {
    SessionManagerConfig config = test_support::loopback_config();
    config.rtp_port_min = first_port;
    config.rtp_port_max = static_cast<std::uint16_t>(first_port + 99);
    config.media_engine.quality_interval = 250ms;
    config.media_engine.rtcp_interval = 500ms;
    return config;
}

/// A WAV of `hz` at 16 kHz, long enough to loop through the test.
fs::path write_tone(const fs::path& dir, double hz) {
    const fs::path path = dir / ("tone-" + std::to_string(static_cast<int>(hz)) + ".wav");
    media::ToneSourceOptions options;
    options.sample_rate = 16'000;
    options.frequency_hz = hz;
    options.level_dbfs = -6.0;
    auto tone = media::ToneSource::create(options).value();
    auto sink = media::WavFileSink::create(path, 16'000).value();
    std::vector<std::int16_t> frame(320);
    for (int i = 0; i < 50; ++i) {  // 1 s
        tone.read(frame);
        EXPECT_FALSE(sink.write(frame));
    }
    EXPECT_FALSE(sink.close());
    return path;
}

std::vector<std::int16_t> read_wav(const fs::path& path, int& rate) {
    auto source = media::WavFileSource::open(path);
    if (!source)
        return {};
    rate = source->sample_rate();
    std::vector<std::int16_t> all, frame(160);
    while (!source->finished())
        all.insert(all.end(), frame.begin(), frame.begin() + source->read(frame));
    return all;
}

/// The dominant frequency of the recording's middle (the start holds the jitter buffer's
/// silence, the end the hangup).
double heard(const fs::path& path) {
    int rate = 0;
    auto samples = read_wav(path, rate);
    if (samples.size() < static_cast<std::size_t>(rate))
        return 0.0;
    const std::size_t begin = samples.size() / 4, length = samples.size() / 2;
    return media::test::dominant_frequency(std::span(samples).subspan(begin, length), rate);
}

bool port_free(std::uint16_t port) {
    boost::asio::io_context io;
    boost::asio::ip::udp::socket socket(io);
    boost::system::error_code ec;
    socket.open(boost::asio::ip::udp::v4(), ec);
    socket.bind({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    return !ec;
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <class T>
std::vector<T> of_type(const std::vector<Event>& events, SessionId id) {
    std::vector<T> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<T>(&e); x && x->session == id)
            out.push_back(*x);
    return out;
}

class MediaCall : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("sc-media-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override {
        if (alice_ && bob_) {
            EXPECT_TRUE(eventually([&] { return all_zero(*alice_) && all_zero(*bob_); }));
            EXPECT_EQ(alice_->events_dropped(), 0u);
            EXPECT_EQ(bob_->events_dropped(), 0u);
        }
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    void start(SessionManagerConfig alice, SessionManagerConfig bob) {
        alice_ = std::make_unique<SessionManager>(std::move(alice));
        bob_ = std::make_unique<SessionManager>(std::move(bob));
        bob_->on_incoming_call([this](Session call) {
            if (on_bob_call)
                on_bob_call(call);
            call.answer(bob_answer);
            std::lock_guard lock(mutex_);
            bob_call_ = call;
        });
        ASSERT_FALSE(alice_->start());
        ASSERT_FALSE(bob_->start());
    }

    /// Alice calls Bob; both sides Connected.
    void connect(CallOptions options = {}) {
        const auto port = bob_->local_endpoint(transport::Protocol::Udp)->port;
        auto placed = alice_->make_call("sip:bob@127.0.0.1:" + std::to_string(port),
                                        std::move(options), use_future);
        ASSERT_EQ(placed.wait_for(deadline), std::future_status::ready);
        a_ = placed.get();
        if (on_alice_call)
            on_alice_call(a_);
        auto up = a_.async_wait_for(CallState::Connected, use_future);
        ASSERT_FALSE(outcome(up)) << to_string(a_.info().termination.reason) << " "
                                  << a_.info().termination.status << " "
                                  << a_.info().termination.phrase;
        ASSERT_TRUE(eventually([&] {
            std::lock_guard lock(mutex_);
            return static_cast<bool>(bob_call_);
        }));
        std::lock_guard lock(mutex_);
        b_ = bob_call_;
        auto b_up = b_.async_wait_for(CallState::Connected, use_future);
        ASSERT_FALSE(outcome(b_up));
    }

    void hang_up() {
        a_.hangup();
        auto over = a_.async_wait_for(CallState::Terminated, use_future);
        ASSERT_FALSE(outcome(over));
        ASSERT_TRUE(eventually([&] { return b_.state() == CallState::Terminated; }));
    }

    std::function<void(Session)> on_bob_call;
    std::function<void(Session)> on_alice_call;
    AnswerOptions bob_answer;
    fs::path dir_;
    std::unique_ptr<SessionManager> alice_;
    std::unique_ptr<SessionManager> bob_;
    std::mutex mutex_;
    Session bob_call_;
    Session a_, b_;
};

class MediaCodecs : public MediaCall, public ::testing::WithParamInterface<const char*> {};

TEST_P(MediaCodecs, EachSideHearsTheOthersTone) {
    const std::vector<std::string> codecs{GetParam(), "telephone-event"};
    auto alice = media_config(alice_ports);
    auto bob = media_config(bob_ports);
    alice.media.codecs = codecs;
    bob.media.codecs = codecs;
    bob_answer.media.codecs = codecs;
    start(alice, bob);
    const auto alice_tone = write_tone(dir_, 1000.0);
    const auto bob_tone = write_tone(dir_, 440.0);
    const auto alice_heard = dir_ / "alice-heard.wav";
    const auto bob_heard = dir_ / "bob-heard.wav";
    on_bob_call = [&](Session call) {
        // Before the answer: kept until the media starts.
        call.async_play(bob_tone.string(), PlayOptions{true}, [](auto) {});
        call.async_record(bob_heard.string(), RecordOptions{}, [](auto) {});
    };
    on_alice_call = [&](Session call) {
        auto play = call.async_play(alice_tone.string(), PlayOptions{true}, use_future);
        auto record = call.async_record(alice_heard.string(), RecordOptions{}, use_future);
        EXPECT_FALSE(outcome(play));
        EXPECT_FALSE(outcome(record));
    };
    CallOptions call;
    call.media.codecs = codecs;
    connect(call);
    std::this_thread::sleep_for(1500ms);

    auto stats_future = a_.async_media_stats(use_future);
    ASSERT_EQ(stats_future.wait_for(deadline), std::future_status::ready);
    const MediaStats stats = stats_future.get();
    EXPECT_GT(stats.packets_sent, 50u);
    EXPECT_GT(stats.packets_received, 50u);
    EXPECT_LT(stats.loss_percent, 1.0);
    EXPECT_GT(stats.mos, 4.0);
    EXPECT_EQ(a_.info().media_state, MediaState::Active);
    hang_up();

    EXPECT_NEAR(heard(alice_heard), 440.0, 30.0) << GetParam();
    EXPECT_NEAR(heard(bob_heard), 1000.0, 30.0) << GetParam();

    auto alice_events = test_support::drain(*alice_);
    auto started = of_type<MediaStarted>(alice_events, a_.id());
    ASSERT_EQ(started.size(), 1u);
    EXPECT_TRUE(same_name(started[0].codec, GetParam())) << started[0].codec;
    EXPECT_EQ(started[0].direction, "sendrecv");
    auto stopped = of_type<MediaStopped>(alice_events, a_.id());
    ASSERT_EQ(stopped.size(), 1u);
    EXPECT_EQ(stopped[0].reason, "call ended");
    EXPECT_GE(stopped[0].stats.packets_received, stats.packets_received);
    EXPECT_FALSE(of_type<MediaQuality>(alice_events, a_.id()).empty());
    // The ports went back when the call ended.
    EXPECT_TRUE(port_free(started[0].local_port));
    EXPECT_TRUE(port_free(static_cast<std::uint16_t>(started[0].local_port + 1)));
}

INSTANTIATE_TEST_SUITE_P(Codecs, MediaCodecs, ::testing::Values("PCMU", "PCMA", "G722", "opus"));

TEST_F(MediaCall, DtmfDigitsArriveInOrder) {
    start(media_config(alice_ports), media_config(bob_ports));
    connect();
    auto sent = a_.async_send_dtmf("1234#*", DtmfSendOptions{}, use_future);
    ASSERT_FALSE(outcome(sent));
    std::vector<DtmfReceived> digits;
    ASSERT_TRUE(eventually([&] {
        for (auto& d : of_type<DtmfReceived>(test_support::drain(*bob_), b_.id()))
            digits.push_back(d);
        return digits.size() >= 6;
    }));
    std::string keys;
    for (const auto& d : digits) {
        keys += d.digit;
        EXPECT_NEAR(d.duration_ms, 100.0, 25.0);
    }
    EXPECT_EQ(keys, "1234#*");
    auto stats = a_.async_media_stats(use_future);
    ASSERT_EQ(stats.wait_for(deadline), std::future_status::ready);
    EXPECT_EQ(stats.get().dtmf_sent, 6u);
    hang_up();
}

TEST_F(MediaCall, HoldPausesAndResumeRestarts) {
    start(media_config(alice_ports), media_config(bob_ports));
    connect();
    auto held = a_.async_hold(use_future);
    ASSERT_FALSE(outcome(held));
    EXPECT_EQ(a_.info().media_state, MediaState::Paused);
    ASSERT_TRUE(eventually([&] { return b_.info().media_state == MediaState::Paused; }));
    auto resumed = a_.async_resume(use_future);
    ASSERT_FALSE(outcome(resumed));
    EXPECT_EQ(a_.info().media_state, MediaState::Active);
    hang_up();
    // One MediaStarted for the whole call; the hold shows in SdpNegotiated.
    EXPECT_EQ(of_type<MediaStarted>(test_support::drain(*alice_), a_.id()).size(), 1u);
}

TEST_F(MediaCall, SilentPeerTripsTheRtpTimeoutAndTheCallEnds) {
    auto alice = media_config(alice_ports);
    alice.media_engine.rtp_timeout = 600ms;
    alice.media_engine.hangup_on_rtp_timeout = true;
    auto bob = media_config(bob_ports);
    bob.media_engine.enabled = false;  // Bob's SDP names a port nobody sends from
    start(alice, bob);
    connect();
    auto over = a_.async_wait_for(CallState::Terminated, use_future);
    ASSERT_FALSE(outcome(over));
    EXPECT_EQ(a_.info().termination.reason, TerminationReason::MediaTimeout);
    auto events = test_support::drain(*alice_);
    auto failed = of_type<MediaFailed>(events, a_.id());
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_NE(failed[0].reason.find("no RTP"), std::string::npos);
    ASSERT_TRUE(eventually([&] { return b_.state() == CallState::Terminated; }));
}

TEST_F(MediaCall, RequestsTheMediaCannotServeFailClearly) {
    auto bob = media_config(bob_ports);
    bob.media_engine.enabled = false;
    start(media_config(alice_ports), bob);
    connect();
    // No such file, a digit that is not one, a recording the engine cannot make.
    auto missing = a_.async_play((dir_ / "missing.wav").string(), PlayOptions{}, use_future);
    EXPECT_EQ(outcome(missing), media::audio_errc::file_not_found);
    auto bad_digit = a_.async_send_dtmf("12x", DtmfSendOptions{}, use_future);
    EXPECT_EQ(outcome(bad_digit), media::errc::bad_dtmf_digit);
    auto no_engine = b_.async_send_dtmf("1", DtmfSendOptions{}, use_future);
    EXPECT_EQ(outcome(no_engine), errc::no_media);
    auto no_stats = b_.async_media_stats(use_future);
    ASSERT_EQ(no_stats.wait_for(deadline), std::future_status::ready);
    EXPECT_THROW(no_stats.get(), boost::system::system_error);
    hang_up();
    // After the end: the session is gone.
    auto late = a_.async_send_dtmf("1", DtmfSendOptions{}, use_future);
    const auto late_error = outcome(late);
    EXPECT_TRUE(late_error == errc::terminated || late_error == errc::no_such_session)
        << late_error.message();
}

}  // namespace
}  // namespace sessioncore::session
