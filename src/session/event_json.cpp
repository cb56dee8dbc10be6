#include <cstdio>
#include <ctime>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <sessioncore/session/event_json.hpp>

namespace sessioncore::session {
namespace {

namespace json = boost::json;

// ISO 8601 in UTC with milliseconds ("2026-12-02T03:04:05.123Z"). floor, not duration_cast,
// so that a time before the epoch still gets a millisecond part in 0..999.
std::string iso8601_utc(EventTime at) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(at);
    const auto secs = floor<seconds>(ms);
    const auto millis = (ms - secs).count();
    const std::time_t t = system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[40];
    const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                tm.tm_sec, static_cast<int>(millis));
    return {text, n > 0 ? static_cast<std::size_t>(n) : 0};
}

json::string_view view(std::string_view text) {
    return {text.data(), text.size()};
}

// The members of each event after "event", "session" and "at".
void add_members(json::object& out, const CallIncoming& e) {
    out["call_id"] = e.call_id;
    out["from"] = e.from;
    out["to"] = e.to;
}

void add_members(json::object& out, const StateChanged& e) {
    out["from"] = view(to_string(e.from));
    out["to"] = view(to_string(e.to));
}

void add_members(json::object& out, const CallProgress& e) {
    out["status"] = e.status;
    out["reason"] = e.reason;
}

void add_members(json::object& out, const SdpNegotiated& e) {
    out["codec"] = e.codec;
    out["payload_type"] = e.payload_type;
    out["remote_address"] = e.remote_address;
    out["remote_port"] = e.remote_port;
    out["local_port"] = e.local_port;
    out["direction"] = e.direction;
}

void add_members(json::object& out, const CallTerminated& e) {
    out["reason"] = view(to_string(e.reason));
    out["status"] = e.status;
    out["phrase"] = e.phrase;
}

}  // namespace

std::string to_json(const Event& event) {
    json::object out;
    out["event"] = view(event_name(event));
    std::visit(
        [&out](const auto& e) {
            out["session"] = e.session.value;
            out["at"] = iso8601_utc(e.at);
            add_members(out, e);
        },
        event);
    return json::serialize(out);
}

}  // namespace sessioncore::session
