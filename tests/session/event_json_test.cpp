#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <sessioncore/session/call_state.hpp>
#include <sessioncore/session/error.hpp>
#include <sessioncore/session/event_json.hpp>
#include <sessioncore/session/events.hpp>
#include <sessioncore/session/media_types.hpp>

namespace sessioncore::session {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// 2026-12-02T03:04:05.123Z is 1796180645 s after the epoch (python3: datetime(2026, 12, 2, 3, 4, 5,
// tzinfo=timezone.utc).timestamp()), plus 123 ms.
const EventTime t0 = EventTime{} + std::chrono::seconds(1'796'180'645) + 123ms;
constexpr std::string_view t0_text = "2026-12-02T03:04:05.123Z";

struct Case {
    const char* name;
    Event event;
    std::vector<std::pair<std::string, json::value>> fields;  // besides "event", "session", "at"
};

// Every figure distinct, so a member written from the wrong field shows.
MediaStats sample_stats() {
    MediaStats s;
    s.packets_sent = 501;
    s.bytes_sent = 86'172;
    s.packets_received = 498;
    s.bytes_received = 85'656;
    s.packets_lost = -2;  // duplicates make it negative (RFC 3550 A.3)
    s.loss_percent = 2.5;
    s.jitter_ms = 3.125;
    s.rtt_ms = -1.0;
    s.late = 7;
    s.discarded = 9;
    s.concealed = 11;
    s.r_factor = 88.75;
    s.mos = 4.25;
    s.rtcp_sent = 3;
    s.rtcp_received = 4;
    s.dtmf_sent = 6;
    s.dtmf_received = 5;
    return s;
}

std::vector<std::pair<std::string, json::value>> sample_stats_fields() {
    return {{"packets_sent", 501},
            {"bytes_sent", 86'172},
            {"packets_received", 498},
            {"bytes_received", 85'656},
            {"packets_lost", -2},
            {"loss_percent", 2.5},
            {"jitter_ms", 3.125},
            {"rtt_ms", -1.0},
            {"late", 7},
            {"discarded", 9},
            {"concealed", 11},
            {"r_factor", 88.75},
            {"mos", 4.25},
            {"rtcp_sent", 3},
            {"rtcp_received", 4},
            {"dtmf_sent", 6},
            {"dtmf_received", 5}};
}

void add_media_cases(std::vector<Case>& out) {
    out.push_back({"MediaStarted",
                   MediaStarted{{7}, t0, "opus", 111, 20'000, "127.0.0.1", 46'100, "sendrecv"},
                   {{"codec", "opus"},
                    {"payload_type", 111},
                    {"local_port", 20'000},
                    {"remote_address", "127.0.0.1"},
                    {"remote_port", 46'100},
                    {"direction", "sendrecv"}}});
    auto stopped_fields = sample_stats_fields();
    stopped_fields.emplace_back("reason", "call ended");
    out.push_back(
        {"MediaStopped", MediaStopped{{8}, t0, "call ended", sample_stats()}, stopped_fields});
    out.push_back({"MediaQuality", MediaQuality{{9}, t0, sample_stats()}, sample_stats_fields()});
    out.push_back(
        {"DtmfReceived", DtmfReceived{{10}, t0, '#', 120}, {{"digit", "#"}, {"duration_ms", 120}}});
    out.push_back({"MediaFailed",
                   MediaFailed{{11}, t0, "no RTP from the peer for 600 ms"},
                   {{"reason", "no RTP from the peer for 600 ms"}}});
}

std::vector<Case> cases() {
    std::vector<Case> out;
    {
        CallIncoming e;
        e.session = {3};
        e.at = t0;
        e.call_id = "a84b4c76e66710@pc33";
        e.from = "sip:alice@127.0.0.1";
        e.to = "sip:bob@127.0.0.1:5070";
        out.push_back({"CallIncoming",
                       e,
                       {{"call_id", "a84b4c76e66710@pc33"},
                        {"from", "sip:alice@127.0.0.1"},
                        {"to", "sip:bob@127.0.0.1:5070"}}});
    }
    {
        StateChanged e;
        e.session = {4};
        e.at = t0;
        e.from = CallState::Ringing;
        e.to = CallState::Connected;
        out.push_back({"StateChanged", e, {{"from", "Ringing"}, {"to", "Connected"}}});
    }
    {
        CallProgress e;
        e.session = {5};
        e.at = t0;
        e.status = 183;
        e.reason = "Session Progress";
        out.push_back({"CallProgress", e, {{"status", 183}, {"reason", "Session Progress"}}});
    }
    {
        SdpNegotiated e;
        e.session = {6};
        e.at = t0;
        e.codec = "PCMA";
        e.payload_type = 8;
        e.remote_address = "127.0.0.1";
        e.remote_port = 20'002;
        e.local_port = 20'004;
        e.direction = "sendonly";
        out.push_back({"SdpNegotiated",
                       e,
                       {{"codec", "PCMA"},
                        {"payload_type", 8},
                        {"remote_address", "127.0.0.1"},
                        {"remote_port", 20'002},
                        {"local_port", 20'004},
                        {"direction", "sendonly"}}});
    }
    {
        CallTerminated e;
        e.session = {18'446'744'073'709'551'615ULL};  // the largest id still round-trips
        e.at = t0;
        e.reason = TerminationReason::Rejected;
        e.status = 486;
        e.phrase = "Busy Here";
        out.push_back({"CallTerminated",
                       e,
                       {{"reason", "Rejected"}, {"status", 486}, {"phrase", "Busy Here"}}});
    }
    add_media_cases(out);
    return out;
}

// Integers compare by value whatever their JSON kind (int64 or uint64).
bool same(const json::value& got, const json::value& want) {
    if (want.is_number() && got.is_number())
        return got.to_number<double>() == want.to_number<double>() &&
               got.is_double() == want.is_double();
    return got == want;
}

TEST(EventJson, EveryMemberOfEveryEventRoundTrips) {
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.name);
        const std::string text = to_json(c.event);
        EXPECT_EQ(text.find('\n'), std::string::npos);
        const json::value parsed = json::parse(text);
        ASSERT_TRUE(parsed.is_object());
        const json::object& obj = parsed.as_object();
        EXPECT_EQ(obj.at("event"), json::value(c.name));
        EXPECT_EQ(obj.at("session").to_number<std::uint64_t>(), session_of(c.event).value);
        EXPECT_EQ(obj.at("at"), json::value(t0_text));
        for (const auto& [key, want] : c.fields) {
            SCOPED_TRACE(key);
            ASSERT_TRUE(obj.contains(key));
            EXPECT_TRUE(same(obj.at(key), want)) << json::serialize(obj.at(key));
        }
        EXPECT_EQ(obj.size(), c.fields.size() + 3) << text;  // nothing else
    }
}

// append_json writes the same object after what the string already holds, and leaves that
// untouched: one string can carry many lines.
TEST(EventJson, AppendJsonAppendsTheSameObject) {
    std::string out = "previous line\n";
    std::string want = out;
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.name);
        append_json(c.event, out);
        out += '\n';
        want += to_json(c.event) + '\n';
        EXPECT_EQ(out, want);
    }
}

TEST(EventJson, EventNameAndSessionOf) {
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(event_name(c.event), c.name);
    }
    StateChanged e;
    e.session = {42};
    EXPECT_EQ(session_of(Event{e}).value, 42u);
}

TEST(EventJson, StringsWithQuotesControlsAndUnicodeAreEscaped) {
    const std::vector<std::string> tricky = {"say \"hi\"", "two\nlines\r\n", "tab\there",
                                             "back\\slash", std::string("nul\0byte", 8), "\x01\x1f",
                                             "caf\xc3\xa9 \xe2\x98\x8e",
                                             // longer than the writer's buffer, in runs and
                                             // in escapes
                                             std::string(700, 'x') + '"' + std::string(300, '\n')};
    for (const auto& s : tricky) {
        SCOPED_TRACE(s);
        CallTerminated e;
        e.session = {1};
        e.at = t0;
        e.phrase = s;
        CallIncoming incoming;
        incoming.session = {2};
        incoming.at = t0;
        incoming.from = s;
        for (const Event& event : {Event{e}, Event{incoming}}) {
            const std::string text = to_json(event);
            EXPECT_EQ(text.find('\n'), std::string::npos) << text;  // one line, whatever
            EXPECT_EQ(text.find('\r'), std::string::npos) << text;
            const json::object obj = json::parse(text).as_object();
            const char* key = std::holds_alternative<CallTerminated>(event) ? "phrase" : "from";
            EXPECT_EQ(std::string(obj.at(key).as_string()), s) << text;
        }
    }
}

// A JSON text is UTF-8 (RFC 8259 §8.1); SIP header bytes need not be. Each byte of a malformed
// sequence becomes U+FFFD, well-formed neighbours stay as they are.
TEST(EventJson, MalformedUtf8BecomesReplacementCharacters) {
    const std::pair<std::string, std::string> cases[] = {
        {"lone \xff byte", "lone \xef\xbf\xbd byte"},
        {"cut \xc3", "cut \xef\xbf\xbd"},
        {"overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd"},
        {"surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
        {"past max \xf4\x90\x80\x80", "past max \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
        {"ok \xf0\x9f\x93\x9e then \x80", "ok \xf0\x9f\x93\x9e then \xef\xbf\xbd"},
    };
    for (const auto& [input, want] : cases) {
        SCOPED_TRACE(input);
        CallTerminated e;
        e.session = {1};
        e.at = t0;
        e.phrase = input;
        const json::object obj = json::parse(to_json(e)).as_object();  // parse checks UTF-8
        EXPECT_EQ(std::string(obj.at("phrase").as_string()), want);
    }
}

TEST(EventJson, TimesAreUtcWithMilliseconds) {
    struct TimeCase {
        const char* name;
        EventTime at;
        std::string_view want;
    };
    const TimeCase time_cases[] = {
        {"epoch", EventTime{}, "1970-01-01T00:00:00.000Z"},
        {"ms_padded", EventTime{} + 7ms, "1970-01-01T00:00:00.007Z"},
        {"sub_ms_truncated", EventTime{} + 1999us, "1970-01-01T00:00:00.001Z"},
        {"before_epoch", EventTime{} - 1ms, "1969-12-31T23:59:59.999Z"},
        {"leap_day", EventTime{} + std::chrono::seconds(951'782'400), "2000-02-29T00:00:00.000Z"},
        {"t0", t0, t0_text},
    };
    for (const auto& c : time_cases) {
        SCOPED_TRACE(c.name);
        StateChanged e;
        e.at = c.at;
        const json::object obj = json::parse(to_json(e)).as_object();
        EXPECT_EQ(obj.at("at"), json::value(c.want));
    }
}

TEST(CallState, EveryEnumeratorHasItsOwnName) {
    const std::pair<CallState, std::string_view> states[] = {
        {CallState::Initializing, "Initializing"}, {CallState::Dialing, "Dialing"},
        {CallState::Ringing, "Ringing"},           {CallState::EarlyMedia, "EarlyMedia"},
        {CallState::Connected, "Connected"},       {CallState::OnHold, "OnHold"},
        {CallState::Terminating, "Terminating"},   {CallState::Terminated, "Terminated"}};
    for (const auto& [state, name] : states)
        EXPECT_EQ(to_string(state), name);
    EXPECT_EQ(to_string(CallDirection::Outgoing), "Outgoing");
    EXPECT_EQ(to_string(CallDirection::Incoming), "Incoming");
    const std::pair<TerminationReason, std::string_view> reasons[] = {
        {TerminationReason::None, "None"},
        {TerminationReason::LocalHangup, "LocalHangup"},
        {TerminationReason::RemoteHangup, "RemoteHangup"},
        {TerminationReason::Rejected, "Rejected"},
        {TerminationReason::Cancelled, "Cancelled"},
        {TerminationReason::Timeout, "Timeout"},
        {TerminationReason::TransportError, "TransportError"},
        {TerminationReason::BadRemoteAnswer, "BadRemoteAnswer"},
        {TerminationReason::Shutdown, "Shutdown"},
        {TerminationReason::Failed, "Failed"},
        {TerminationReason::MediaTimeout, "MediaTimeout"}};
    for (const auto& [reason, name] : reasons)
        EXPECT_EQ(to_string(reason), name);
    const std::pair<MediaState, std::string_view> media[] = {
        {MediaState::None, "None"},
        {MediaState::Negotiating, "Negotiating"},
        {MediaState::Configured, "Configured"},
        {MediaState::Active, "Active"},
        {MediaState::Paused, "Paused"},
        {MediaState::Failed, "Failed"}};
    for (const auto& [state, name] : media)
        EXPECT_EQ(to_string(state), name);
}

TEST(SessionError, CategoryNameAndAMessagePerValue) {
    const errc all[] = {errc::bad_target,        errc::too_many_sessions,
                        errc::wrong_state,       errc::no_such_session,
                        errc::terminated,        errc::not_running,
                        errc::resolve_failed,    errc::bad_media,
                        errc::not_connected,     errc::busy,
                        errc::reinvite_rejected, errc::glare,
                        errc::no_media,          errc::no_media_ports};
    std::vector<std::string> seen;
    for (errc e : all) {
        const boost::system::error_code ec = e;
        EXPECT_STREQ(ec.category().name(), "sessioncore.session");
        EXPECT_NE(ec.message(), "unknown session error");
        for (const auto& other : seen)
            EXPECT_NE(ec.message(), other);
        seen.push_back(ec.message());
    }
    EXPECT_EQ(boost::system::error_code(99, session_category()).message(), "unknown session error");
}

}  // namespace
}  // namespace sessioncore::session
