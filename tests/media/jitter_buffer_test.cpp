// The jitter buffer on virtual time: a sender of 20 ms packets, a network that delays, drops,
// reorders and duplicates them from fixed seeds, and a player that gets one frame every 20 ms.
// A fake decoder writes each packet's sequence number as its samples, so the test sees exactly
// which packet (or which concealment) filled each frame.
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/jitter_buffer.hpp>

namespace sessioncore::media {
namespace {

using namespace std::chrono_literals;

constexpr std::int16_t concealed_marker = -1;
constexpr std::int16_t fec_marker = -2;

class FakeDecoder final : public AudioDecoder {
public:
    explicit FakeDecoder(bool fec)
        : AudioDecoder({.kind = CodecKind::Pcmu,
                        .name = "fake",
                        .sample_rate = 8000,
                        .rtp_clock_rate = 8000}),
          fec_(fec) {}
    Result<std::size_t> decode(std::span<const std::byte> payload,
                               std::span<std::int16_t> pcm) override {
        if (payload.size() != 2)
            return errc::bad_payload;
        auto seq = static_cast<std::int16_t>(std::to_integer<int>(payload[0]) << 8 |
                                             std::to_integer<int>(payload[1]));
        std::fill(pcm.begin(), pcm.end(), seq);
        return pcm.size();
    }
    Result<std::size_t> conceal(std::span<std::int16_t> pcm) override {
        std::fill(pcm.begin(), pcm.end(), concealed_marker);
        return pcm.size();
    }
    bool has_fec() const noexcept override { return fec_; }
    Result<std::size_t> decode_fec(std::span<const std::byte>,
                                   std::span<std::int16_t> pcm) override {
        std::fill(pcm.begin(), pcm.end(), fec_marker);
        return pcm.size();
    }

private:
    bool fec_;
};

struct Network {
    std::function<bool(int)> drop = [](int) { return false; };
    std::function<Duration(int)> delay = [](int) { return Duration(5ms); };
    std::function<bool(int)> duplicate = [](int) { return false; };
};

struct RunResult {
    std::vector<std::int16_t> frames;  // first sample of each frame after buffering
    JitterBufferStats stats;
};

// Sends `packets` packets (sequence from 65500 so it wraps, timestamps from 2^32 - 8000) and
// plays until 1 s after the last one is sent.
RunResult run(int packets, const Network& net, JitterBufferOptions options = {}, bool fec = false) {
    ManualClock clock;
    const TimePoint t0 = clock.now();
    JitterBuffer jb(options, clock);
    FakeDecoder decoder(fec);
    std::multimap<TimePoint, int> arrivals;
    for (int i = 0; i < packets; ++i) {
        if (net.drop(i))
            continue;
        TimePoint at = t0 + i * Duration(20ms) + net.delay(i);
        arrivals.emplace(at, i);
        if (net.duplicate(i))
            arrivals.emplace(at + 1ms, i);
    }
    RunResult result;
    std::array<std::int16_t, 160> pcm{};
    auto next_tick = t0 + 10ms;
    const auto end = t0 + packets * Duration(20ms) + 1s;
    auto it = arrivals.begin();
    while (next_tick < end) {
        if (it != arrivals.end() && it->first <= next_tick) {
            clock.set(it->first);
            auto seq = static_cast<std::uint16_t>(65500 + it->second);
            auto ts =
                static_cast<std::uint32_t>(0xFFFFE0C0u + 160u * static_cast<unsigned>(it->second));
            std::array<std::byte, 2> payload{std::byte(it->second >> 8),
                                             std::byte(it->second & 0xFF)};
            (void)jb.put(seq, ts, payload);
            ++it;
            continue;
        }
        clock.set(next_tick);
        auto kind = jb.get(decoder, pcm);
        EXPECT_TRUE(kind);
        if (kind && *kind != PlayoutKind::Buffering && *kind != PlayoutKind::Stretched)
            result.frames.push_back(pcm[0]);
        next_tick += 20ms;
    }
    result.stats = jb.stats();
    return result;
}

std::vector<std::int16_t> played_packets(const RunResult& r) {
    std::vector<std::int16_t> out;
    std::copy_if(r.frames.begin(), r.frames.end(), std::back_inserter(out),
                 [](std::int16_t s) { return s >= 0; });
    return out;
}

TEST(JitterBuffer, SteadyStreamPlaysEveryPacketInOrder) {
    auto r = run(200, {});
    EXPECT_EQ(r.stats.played, 200u);
    EXPECT_EQ(r.stats.late, 0u);
    // The only concealment is the silence after the sender stopped.
    ASSERT_GE(r.frames.size(), 200u);
    EXPECT_EQ(r.stats.concealed, r.frames.size() - 200);
    EXPECT_EQ(r.frames[199], 199);
    auto played = played_packets(r);
    ASSERT_EQ(played.size(), 200u);
    for (int i = 0; i < 200; ++i)
        ASSERT_EQ(played[static_cast<std::size_t>(i)], i);
    EXPECT_EQ(r.stats.target_delay, Duration(20ms));
}

TEST(JitterBuffer, LossesAreConcealedExactlyWhereTheyWere) {
    const std::vector<int> lost = {10, 25, 26, 70, 150};
    Network net;
    net.drop = [&](int i) { return std::find(lost.begin(), lost.end(), i) != lost.end(); };
    auto r = run(200, net);
    EXPECT_EQ(r.stats.played, 195u);
    EXPECT_EQ(r.stats.fec, 0u);
    // The frames of 0-199 in order: each lost one is concealment in its place (the stream's
    // last frames after 199 are concealment of silence past the end; ignore them).
    ASSERT_GE(r.frames.size(), 200u);
    for (int i = 0; i < 200; ++i) {
        bool was_lost = std::find(lost.begin(), lost.end(), i) != lost.end();
        ASSERT_EQ(r.frames[static_cast<std::size_t>(i)], was_lost ? concealed_marker : i) << i;
    }
}

TEST(JitterBuffer, FecRecoversSingleLossesFromTheNextPacket) {
    Network net;
    net.drop = [](int i) { return i == 10 || i == 25 || i == 26; };
    auto r = run(100, net, {}, true);
    // 10 and 26 have their next packet (11, 27) at hand; 25's next, 26, is lost too.
    EXPECT_EQ(r.frames[10], fec_marker);
    EXPECT_EQ(r.frames[25], concealed_marker);
    EXPECT_EQ(r.frames[26], fec_marker);
    EXPECT_EQ(r.stats.fec, 2u);
    EXPECT_EQ(r.stats.played, 97u);
}

// Packets 15 ms after they were sent and playout ticks 10 ms into each period: once playout
// settles at its 20 ms target (one skip), a lost frame is played 5 ms before the packet after
// it arrives, too early for that packet's FEC. With the lookahead the first loss is concealed,
// the target grows by a frame, and the later losses are rebuilt.
TEST(JitterBuffer, FecLookaheadKeepsTheNextPacketAtHandAfterALoss) {
    Network net;
    net.delay = [](int) { return Duration(15ms); };
    net.drop = [](int i) { return i == 40 || i == 60 || i == 80; };
    JitterBufferOptions plain;
    auto without = run(120, net, plain, true);
    EXPECT_EQ(without.stats.fec, 0u);
    EXPECT_EQ(without.stats.target_delay, Duration(20ms));
    JitterBufferOptions lookahead;
    lookahead.fec_lookahead = true;
    auto with = run(120, net, lookahead, true);
    EXPECT_EQ(with.stats.fec, 2u);      // 60 and 80; 40 taught it
    EXPECT_EQ(with.stats.skipped, 1u);  // settling at the start, as without
    EXPECT_EQ(with.stats.played, 117u - with.stats.skipped);
    EXPECT_EQ(with.stats.target_delay, Duration(40ms));
    EXPECT_GE(with.stats.stretched, 1u);  // the extra frame was inserted once, not dropped
    auto played = played_packets(with);
    EXPECT_TRUE(std::is_sorted(played.begin(), played.end()));
    // Long after the last loss the extra frame goes: the target falls back to one frame.
    lookahead.fec_lookahead_packets = 10;
    auto brief = run(120, net, lookahead, true);
    EXPECT_EQ(brief.stats.target_delay, Duration(20ms));
}

TEST(JitterBuffer, ReorderAndDuplicatesWithinTheDelay) {
    Network net;
    // Odd packets overtake even ones by 10 ms; every tenth is sent twice.
    net.delay = [](int i) { return Duration(i % 2 == 0 ? 25ms : 5ms); };
    net.duplicate = [](int i) { return i % 10 == 3; };
    auto r = run(100, net);
    EXPECT_EQ(r.stats.duplicates, 10u);
    EXPECT_EQ(r.stats.late, 0u);
    auto played = played_packets(r);
    ASSERT_EQ(played.size(), 100u);
    EXPECT_TRUE(std::is_sorted(played.begin(), played.end()));
}

TEST(JitterBuffer, APacketPastItsPlayoutIsLateAndConcealed) {
    Network net;
    net.delay = [](int i) { return Duration(i == 50 ? 400ms : 5ms); };
    auto r = run(100, net, {.max_delay = 100ms});
    EXPECT_EQ(r.stats.late, 1u);
    EXPECT_EQ(r.frames[50], concealed_marker);
    EXPECT_EQ(r.stats.played, 99u);
    EXPECT_EQ(r.stats.target_delay > Duration(100ms), false);  // held at max_delay
}

TEST(JitterBuffer, TargetFollowsJitterWithinBounds) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> jitter_ms(0, 60);
    std::vector<Duration> delays(500);
    for (auto& d : delays)
        d = std::chrono::milliseconds(5 + jitter_ms(rng));
    Network net;
    net.delay = [&](int i) { return delays[static_cast<std::size_t>(i)]; };
    auto r = run(500, net);
    // Peak excess is at most 60 ms, so the target is at most 80 ms, and well above 20 ms.
    EXPECT_LE(r.stats.target_delay, Duration(80ms));
    EXPECT_GE(r.stats.target_delay, Duration(60ms));
    // Only packets before the peak was learnt can be late.
    EXPECT_LT(r.stats.late, 10u);
    EXPECT_GT(r.stats.played, 480u);
    auto played = played_packets(r);
    EXPECT_TRUE(std::is_sorted(played.begin(), played.end()));

    auto capped = run(500, net, {.max_delay = 40ms});
    EXPECT_EQ(capped.stats.target_delay, Duration(40ms));
    EXPECT_GT(capped.stats.late, r.stats.late);
}

TEST(JitterBuffer, TargetShrinksSlowlyAfterJitterStops) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> jitter_ms(0, 80);
    std::vector<Duration> delays(1500, Duration(5ms));  // 30 s; jitter in the first 5 s only
    for (std::size_t i = 0; i < 250; ++i)
        delays[i] = std::chrono::milliseconds(5 + jitter_ms(rng));
    Network net;
    net.delay = [&](int i) { return delays[static_cast<std::size_t>(i)]; };
    auto after_1s = run(300, net);    // 1 s of calm
    auto after_25s = run(1500, net);  // 25 s of calm
    EXPECT_GT(after_1s.stats.target_delay, Duration(50ms));
    EXPECT_LT(after_25s.stats.target_delay, Duration(21ms));  // decayed to min + under 1 ms
    EXPECT_GT(after_25s.stats.skipped, 0u);
    EXPECT_LE(after_25s.stats.current_delay, Duration(35ms));
}

TEST(JitterBuffer, BaseTransitIsTheLeastOfTheLast128Packets) {
    // Every packet 50 ms in transit but packet 10, 35 ms: while packet 10 is among the last
    // 128 the base is 35 ms and the others are 15 ms late (target 15 + 20 ms); from packet 138
    // on the base is 50 ms again and the peak starts to decay (by 1/128 of its gap a packet).
    ManualClock clock;
    const TimePoint t0 = clock.now();
    JitterBuffer jb({.max_delay = 200ms}, clock);
    std::array<std::byte, 2> payload{};
    std::vector<Duration> targets;
    for (int i = 0; i < 140; ++i) {
        clock.set(t0 + i * Duration(20ms) + (i == 10 ? Duration(35ms) : Duration(50ms)));
        (void)jb.put(static_cast<std::uint16_t>(i), 160u * static_cast<unsigned>(i), payload);
        targets.push_back(jb.stats().target_delay);
    }
    EXPECT_EQ(targets[9], Duration(20ms));
    EXPECT_EQ(targets[11], Duration(35ms));
    EXPECT_EQ(targets[137], Duration(35ms));
    EXPECT_EQ(targets[138], Duration(20ms) + Duration(15ms) - Duration(15ms) / 128);
    EXPECT_LT(targets[139], targets[138]);
}

TEST(JitterBuffer, CapacityBoundsWhatIsHeld) {
    ManualClock clock;
    JitterBuffer jb({.capacity = 8}, clock);
    std::array<std::byte, 2> payload{};
    int overflow = 0;
    for (std::uint16_t i = 0; i < 20; ++i)
        overflow += jb.put(i, 160u * i, payload) == PutOutcome::Overflow ? 1 : 0;
    EXPECT_EQ(overflow, 12);
    EXPECT_EQ(jb.stats().overflow, 12u);
    std::array<std::byte, 1501> big{};
    EXPECT_EQ(jb.put(5, 800, big), PutOutcome::TooLarge);
    FakeDecoder decoder(false);
    EXPECT_FALSE(jb.get(decoder, {}));
}

// A stream that restarts: 20 ms packets from one base, then (after `pause`) from another, the
// clock and the player running throughout. Returns the packet numbers played (the fake decoder
// writes them) and the counters.
struct Restart {
    std::uint16_t seq0 = 100;
    std::uint32_t ts0 = 5000;
    std::uint16_t seq1 = 100 + 20;
    std::uint32_t ts1 = 5000 + 20 * 160;
    Duration pause{};
    bool explicit_resync = false;
};

RunResult run_restart(const Restart& r) {
    ManualClock clock;
    JitterBuffer jb({}, clock);
    FakeDecoder decoder(false);
    RunResult result;
    std::array<std::int16_t, 160> pcm{};
    auto frame = [&] {
        auto kind = jb.get(decoder, pcm);
        EXPECT_TRUE(kind);
        if (kind && *kind == PlayoutKind::Decoded)
            result.frames.push_back(pcm[0]);
    };
    auto send = [&](int id, std::uint16_t seq, std::uint32_t ts) {
        std::array<std::byte, 2> payload{std::byte(id >> 8), std::byte(id & 0xFF)};
        (void)jb.put(seq, ts, payload);
        clock.advance(10ms);
        frame();
        clock.advance(10ms);
    };
    for (int i = 0; i < 20; ++i)
        send(i, static_cast<std::uint16_t>(r.seq0 + i), r.ts0 + 160u * static_cast<unsigned>(i));
    auto idle = [&] {  // a frame period with nothing arriving, on the same 20 ms grid
        clock.advance(10ms);
        frame();
        clock.advance(10ms);
    };
    for (auto t = Duration{}; t < r.pause; t += 20ms)
        idle();
    if (r.explicit_resync)
        jb.resync();
    for (int i = 0; i < 30; ++i)
        send(100 + i, static_cast<std::uint16_t>(r.seq1 + i),
             r.ts1 + 160u * static_cast<unsigned>(i));
    for (int i = 0; i < 10; ++i)
        idle();
    result.stats = jb.stats();
    return result;
}

// How many of the second run's packets (ids 100-129) were played.
long second_run_played(const RunResult& r) {
    return std::count_if(r.frames.begin(), r.frames.end(), [](std::int16_t s) { return s >= 100; });
}

TEST(JitterBufferResync, ContinuousStreamNeverResyncs) {
    const auto r = run_restart({});
    EXPECT_EQ(r.stats.resyncs, 0u);
    EXPECT_EQ(second_run_played(r), 30);
}

TEST(JitterBufferResync, ExplicitResyncStartsFromTheNewBase) {
    Restart r;
    r.seq1 = 40000;
    r.ts1 = 3'000'000'000u;
    r.explicit_resync = true;
    const auto out = run_restart(r);
    EXPECT_EQ(out.stats.resyncs, 1u);
    EXPECT_EQ(second_run_played(out), 30);  // every packet of the new source
    EXPECT_EQ(out.stats.received, 50u);     // counters go on across the resync
    EXPECT_EQ(out.stats.late + out.stats.overflow, 0u);
}

TEST(JitterBufferResync, DetectedJumpsRestartAfterOnePacket) {
    struct Case {
        const char* name;
        Restart restart;
    };
    const Case cases[] = {
        // A new timestamp base on the same sequence line (a sender restart, a mixer switch).
        {"timestamp_forward", {.ts1 = 5000 + 20 * 160 + 8'000'000}},
        {"timestamp_back", {.ts1 = 4'000'000'000u}},  // far behind, modulo 2^32
        // Sequence numbers far from the last packet (a new line, or a reboot).
        {"sequence_jump", {.seq1 = 30000, .ts1 = 5000 + 20 * 160}},
        // An outage longer than the window: sequence and timestamps stay in line with time.
        {"long_outage", {.seq1 = 100 + 20 + 100, .ts1 = 5000 + 120 * 160, .pause = 2s}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto out = run_restart(c.restart);
        EXPECT_EQ(out.stats.resyncs, 1u);
        EXPECT_EQ(out.stats.late + out.stats.overflow, 1u);  // the first packet of the jump
        EXPECT_EQ(second_run_played(out), 29);
    }
}

TEST(JitterBufferResync, OneStrayPacketDoesNotRestart) {
    ManualClock clock;
    JitterBuffer jb({}, clock);
    std::array<std::byte, 2> payload{};
    for (std::uint16_t i = 0; i < 10; ++i) {
        EXPECT_EQ(jb.put(i, 160u * i, payload), PutOutcome::Accepted);
        clock.advance(20ms);
    }
    EXPECT_EQ(jb.put(5000, 99'999'999, payload), PutOutcome::Overflow);  // a stray
    EXPECT_EQ(jb.put(10, 1600, payload), PutOutcome::Accepted);          // the line goes on
    EXPECT_EQ(jb.stats().resyncs, 0u);
    EXPECT_EQ(jb.stats().received, 11u);
}

}  // namespace
}  // namespace sessioncore::media
