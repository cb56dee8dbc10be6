// The session event stream end to end (`make bench-events`): P shards (the workers of a
// Runtime, as in a SessionManager) push session::Event values through one EventChannel to one
// consumer coroutine on an io_context that co_awaits async_receive_batch (the "batch" path) or
// async_receive (the "single" path). Every event pushed is received (OverflowPolicy::Block: the
// consumer is not on a worker, so back pressure is allowed), so events/s is delivered events
// over the wall time from the first push to the consumer's eof. The two paths alternate
// repetition by repetition so that background load on the shared machine hits both; medians
// are reported.
//
// A plain timed program rather than Google Benchmark: the figure is a multi-threaded
// producer-to-coroutine pipeline, timed once per repetition, which Benchmark's per-iteration
// loop does not model.
//
// Output ends with the RESULT lines scripts/bench-events.sh checks:
//   RESULT events_per_s=<median, batch path>
//   RESULT events_per_s_single=<median, one event per co_await>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sessioncore/base/event_channel.hpp>
#include <sessioncore/base/runtime.hpp>
#include <sessioncore/session/events.hpp>

namespace {

using namespace sessioncore;

// The session layer's own event type (session::Event), in the proportions of a real answered
// call: CallIncoming (three heap strings: Call-ID and URIs longer than the small-string
// buffer), four StateChanged, one SdpNegotiated, one CallTerminated.
using session::Event;

enum class Path { Batch, Single };

struct Settings {
    int producers = 2;
    std::uint64_t events_per_producer = 1'000'000;
    int repetitions = 5;
    std::size_t batch = 256;
    std::size_t capacity = 8192;
};

// Event n of a call, as the session layer produces them.
Event make_event(std::uint64_t session, std::uint64_t n) {
    const session::SessionId id{session};
    const auto now = std::chrono::system_clock::now();
    using session::CallState;
    switch (n % 7) {
        case 0:
            return session::CallIncoming{id, now, "a84b4c76e66710-3@client.example.org",
                                         "sip:alice@client.example.org:5060",
                                         "sip:bob@server.example.org:5070"};
        case 1:
            return session::StateChanged{id, now, CallState::Initializing, CallState::Ringing};
        case 2: {
            session::SdpNegotiated e;
            e.session = id;
            e.at = now;
            e.codec = "PCMU";
            e.remote_address = "192.0.2.10";
            e.remote_port = 40'000;
            e.local_port = 20'000;
            e.direction = "sendrecv";
            return e;
        }
        case 3:
            return session::StateChanged{id, now, CallState::Ringing, CallState::Connected};
        case 4:
            return session::StateChanged{id, now, CallState::Connected, CallState::Terminating};
        case 5:
            return session::StateChanged{id, now, CallState::Terminating, CallState::Terminated};
        default:
            return session::CallTerminated{id, now, session::TerminationReason::RemoteHangup, 0,
                                           "BYE"};
    }
}

std::uint64_t session_value(const Event& event) {
    return session::session_of(event).value;
}

struct Tally {
    std::uint64_t events = 0;
    std::uint64_t session_sum = 0;  // every event is read, so none is optimised away
};

boost::asio::awaitable<void> consume(EventChannel<Event>& channel, Path path, std::size_t batch,
                                     Tally& tally) {
    const auto token = boost::asio::as_tuple(boost::asio::use_awaitable);
    for (;;) {
        if (path == Path::Batch) {
            auto [ec, events] = co_await channel.async_receive_batch(batch, token);
            if (ec)
                co_return;
            for (const Event& event : events)
                tally.session_sum += session_value(event);
            tally.events += events.size();
        } else {
            auto [ec, event] = co_await channel.async_receive(token);
            if (ec)
                co_return;
            tally.session_sum += session_value(event);
            ++tally.events;
        }
    }
}

// One repetition: returns delivered events per second of wall time.
double run_once(Path path, const Settings& settings) {
    boost::asio::io_context io(1);
    EventChannel<Event> channel({.capacity = settings.capacity, .overflow = OverflowPolicy::Block});
    Tally tally;
    boost::asio::co_spawn(io, consume(channel, path, settings.batch, tally), boost::asio::detached);

    // The producers are the shards of a Runtime, as in a SessionManager. They may use the
    // blocking push(): the consumer runs on this thread, not on a worker.
    Runtime shards({.workers = static_cast<std::size_t>(settings.producers)});
    std::atomic<int> running{settings.producers};
    const auto start = std::chrono::steady_clock::now();
    shards.start();
    for (int p = 0; p < settings.producers; ++p) {
        shards.post(static_cast<ShardIndex>(p), [&, p] {
            // Shard p owns sessions p, p + P, p + 2P ... seven events per call, in order.
            const auto shard_count = static_cast<std::uint64_t>(settings.producers);
            for (std::uint64_t n = 0; n < settings.events_per_producer; ++n) {
                const std::uint64_t call = n / 7 % 1000;
                channel.push(make_event(static_cast<std::uint64_t>(p) + shard_count * call, n));
            }
            if (--running == 0)
                channel.close();
        });
    }
    io.run();  // returns when the consumer has seen eof
    const auto elapsed = std::chrono::steady_clock::now() - start;
    shards.stop();

    const std::uint64_t expected =
        settings.events_per_producer * static_cast<std::uint64_t>(settings.producers);
    if (tally.events != expected || channel.dropped() != 0) {
        std::fprintf(stderr, "bench-events: received %llu of %llu events, %llu dropped\n",
                     static_cast<unsigned long long>(tally.events),
                     static_cast<unsigned long long>(expected),
                     static_cast<unsigned long long>(channel.dropped()));
        std::exit(1);
    }
    return static_cast<double>(tally.events) / std::chrono::duration<double>(elapsed).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

template <class Number>
bool parse_flag(std::string_view arg, std::string_view name, Number& out) {
    if (!arg.starts_with(name) || arg.size() == name.size() || arg[name.size()] != '=')
        return false;
    const std::string_view text = arg.substr(name.size() + 1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        std::fprintf(stderr, "bench-events: bad value in %.*s\n", static_cast<int>(arg.size()),
                     arg.data());
        std::exit(2);
    }
    return true;
}

Settings parse_settings(int argc, char** argv) {
    Settings s;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (parse_flag(arg, "--producers", s.producers) ||
            parse_flag(arg, "--events", s.events_per_producer) ||
            parse_flag(arg, "--repetitions", s.repetitions) ||
            parse_flag(arg, "--batch", s.batch) || parse_flag(arg, "--capacity", s.capacity))
            continue;
        std::fprintf(stderr,
                     "usage: bench_event_channel [--producers=N] [--events=PER_PRODUCER] "
                     "[--repetitions=N] [--batch=MAX] [--capacity=N]\n");
        std::exit(2);
    }
    if (s.producers < 1 || s.repetitions < 1 || s.batch < 1 || s.capacity < 1) {
        std::fprintf(stderr, "bench-events: every setting must be at least 1\n");
        std::exit(2);
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const Settings s = parse_settings(argc, argv);
    std::printf(
        "event channel: %d producers x %llu events, capacity %zu, batch %zu, "
        "sizeof(Event) %zu, %d repetitions\n",
        s.producers, static_cast<unsigned long long>(s.events_per_producer), s.capacity, s.batch,
        sizeof(Event), s.repetitions);
    std::vector<double> batch_rates;
    std::vector<double> single_rates;
    for (int r = 0; r < s.repetitions; ++r) {
        batch_rates.push_back(run_once(Path::Batch, s));
        single_rates.push_back(run_once(Path::Single, s));
        std::printf("repetition %d: batch %.0f events/s, single %.0f events/s\n", r + 1,
                    batch_rates.back(), single_rates.back());
    }
    std::printf("RESULT events_per_s=%.0f\n", median(batch_rates));
    std::printf("RESULT events_per_s_single=%.0f\n", median(single_rates));
    return 0;
}
