#include <array>
#include <cstdio>
#include <ctime>

#include <sessioncore/session/event_json.hpp>

#include "json_line.hpp"

namespace sessioncore::session {
namespace {

using detail::JsonLine;

// "YYYY-MM-DDTHH:MM:SS" of a whole second in UTC. Events come many per second, so each thread
// remembers the last second it formatted: gmtime_r and snprintf run once a second, not once
// an event.
std::string_view utc_second(std::chrono::sys_seconds second) {
    struct Cache {
        std::chrono::sys_seconds second{std::chrono::sys_seconds::min()};
        std::array<char, 24> text{};
        std::size_t size = 0;
    };
    thread_local Cache cache;
    if (cache.second != second) {
        const std::time_t t = std::chrono::system_clock::to_time_t(second);
        std::tm tm{};
        gmtime_r(&t, &tm);
        const int n = std::snprintf(cache.text.data(), cache.text.size(),
                                    "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cache.size = n > 0 ? static_cast<std::size_t>(n) : 0;
        cache.second = second;
    }
    return {cache.text.data(), cache.size};
}

// ISO 8601 in UTC with milliseconds ("2026-12-02T03:04:05.123Z"), into `text` (no heap: the
// result is longer than std::string's in-place buffer). floor, not duration_cast, so that a
// time before the epoch still gets a millisecond part in 0..999.
std::string_view iso8601_utc(EventTime at, std::array<char, 32>& text) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(at);
    const auto second = floor<seconds>(ms);
    const auto millis = static_cast<unsigned>((ms - second).count());
    const std::string_view whole = utc_second(second);
    std::size_t n = whole.copy(text.data(), text.size() - 5);
    text[n++] = '.';
    text[n++] = static_cast<char>('0' + millis / 100);
    text[n++] = static_cast<char>('0' + millis / 10 % 10);
    text[n++] = static_cast<char>('0' + millis % 10);
    text[n++] = 'Z';
    return {text.data(), n};
}

// The members of each event after "event", "session" and "at".
void add_members(JsonLine& out, const CallIncoming& e) {
    out.add("call_id", e.call_id);
    out.add("from", e.from);
    out.add("to", e.to);
}

void add_members(JsonLine& out, const StateChanged& e) {
    out.add_plain("from", to_string(e.from));
    out.add_plain("to", to_string(e.to));
}

void add_members(JsonLine& out, const CallProgress& e) {
    out.add("status", e.status);
    out.add("reason", e.reason);
}

void add_members(JsonLine& out, const SdpNegotiated& e) {
    out.add("codec", e.codec);
    out.add("payload_type", e.payload_type);
    out.add("remote_address", e.remote_address);
    out.add("remote_port", e.remote_port);
    out.add("local_port", e.local_port);
    out.add("direction", e.direction);
}

void add_members(JsonLine& out, const CallTerminated& e) {
    out.add_plain("reason", to_string(e.reason));
    out.add("status", e.status);
    out.add("phrase", e.phrase);
}

void add_stats(JsonLine& out, const MediaStats& s) {
    out.add("packets_sent", s.packets_sent);
    out.add("bytes_sent", s.bytes_sent);
    out.add("packets_received", s.packets_received);
    out.add("bytes_received", s.bytes_received);
    out.add_signed("packets_lost", s.packets_lost);
    out.add_real("loss_percent", s.loss_percent);
    out.add_real("jitter_ms", s.jitter_ms);
    out.add_real("rtt_ms", s.rtt_ms);
    out.add("late", s.late);
    out.add("discarded", s.discarded);
    out.add("concealed", s.concealed);
    out.add_real("r_factor", s.r_factor);
    out.add_real("mos", s.mos);
    out.add("rtcp_sent", s.rtcp_sent);
    out.add("rtcp_received", s.rtcp_received);
    out.add("dtmf_sent", s.dtmf_sent);
    out.add("dtmf_received", s.dtmf_received);
}

void add_members(JsonLine& out, const MediaStarted& e) {
    out.add("codec", e.codec);
    out.add("payload_type", e.payload_type);
    out.add("local_port", e.local_port);
    out.add("remote_address", e.remote_address);
    out.add("remote_port", e.remote_port);
    out.add("direction", e.direction);
}

void add_members(JsonLine& out, const MediaStopped& e) {
    out.add("reason", e.reason);
    add_stats(out, e.stats);
}

void add_members(JsonLine& out, const MediaQuality& e) {
    add_stats(out, e.stats);
}

void add_members(JsonLine& out, const DtmfReceived& e) {
    out.add("digit", std::string_view(&e.digit, 1));
    out.add("duration_ms", e.duration_ms);
}

void add_members(JsonLine& out, const MediaFailed& e) {
    out.add("reason", e.reason);
}

}  // namespace

void append_json(const Event& event, std::string& out) {
    JsonLine line(out);
    line.add_plain("event", event_name(event));
    std::visit(
        [&line](const auto& e) {
            line.add("session", e.session.value);
            std::array<char, 32> at{};
            line.add_plain("at", iso8601_utc(e.at, at));
            add_members(line, e);
        },
        event);
    line.finish();
}

std::string to_json(const Event& event) {
    std::string text;
    text.reserve(256);  // most events; MediaStopped is about 400
    append_json(event, text);
    return text;
}

}  // namespace sessioncore::session
