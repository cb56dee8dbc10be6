#include "options.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace sessioncore::phone {

const std::string_view usage_text = R"usage(usage: sc-phone call SIP-URI [options]
       sc-phone listen --bind IP:PORT [options]

A command-line phone on session-core's session API. It prints one JSON object per line on
stdout for every event ({"event":"StateChanged","session":1,"at":"...","from":...,"to":...}),
and on exit a {"event":"Summary",...} line with the calls seen and what was still alive after
the manager stopped (live_sessions, live_dialogs, live_transactions: 0 when all is clean).

call: places one call to SIP-URI and hangs up --duration after it is answered.
  --bind IP:PORT          local address (default 127.0.0.1:0, any free port)
  --transport udp|tcp     (default udp); tcp adds ;transport=tcp to the URI unless it has one
  --from URI              our From URI (default sip:sc@<bind address>)
  --duration TIME         hang up this long after Connected; 0: wait for the peer's BYE (5s)
  --timeout TIME          give up (CANCEL) when not answered within TIME (default 30s)
  --hold-after TIME       put the call on hold (re-INVITE, sendonly) TIME after Connected
  --resume-after TIME     resume it (re-INVITE, sendrecv) TIME after the hold completed

listen: answers (or rejects) incoming calls until --max-calls have ended, SIGINT or SIGTERM.
  --bind IP:PORT          where to listen (required, non-zero port)
  --transport udp|tcp|both (default both)
  --answer                answer calls with 200 OK (the default)
  --reject CODE           reject calls with CODE (300..699), e.g. 486
  --ring-delay TIME       wait before 180 Ringing (default 0ms)
  --answer-delay TIME     wait after 180 before answering or rejecting (default 0ms)
  --hangup-after TIME     send BYE this long after Connected; 0: the caller hangs up (default)
  --max-calls N           exit after N calls have ended (default 0: run until a signal)
  --linger TIME           after the last of --max-calls, keep the sockets open this long (0s)

both:
  --codecs LIST           audio codecs offered/accepted, in order (default
                          PCMU,PCMA,telephone-event); also G722 and opus
  --play FILE             send this WAV file (any rate; mono or stereo) instead of silence
  --loop                  play it again from the start at its end
  --record FILE           record what the peer sends into a WAV (16 kHz); {id} in FILE
                          becomes the session id (listen with several calls)
  --dtmf DIGITS           send DIGITS (0-9 * # A-D) as RFC 4733 events once media flows
  --dtmf-delay TIME       wait this long after MediaStarted before the digits (500ms)
  --quality-interval TIME print a MediaQuality line this often (default 0: only at the end)
  --rtp-timeout TIME      no RTP for TIME: MediaFailed and hang up (default 0: never)
  --rtp-ports MIN-MAX     RTP ports to bind (default 20000-29999)
  --rtcp-interval TIME    RTCP's minimum report interval (default 5s, RFC 3550 §6.2)
  --sdp-rtp-port PORT     name PORT in our SDP instead of the bound RTP port (a relay or
                          port-forward in front of us maps it to ours)
  --no-media              negotiate SDP but bind no RTP port and send no audio
  --workers N             worker threads (default 1)
  --t1 TIME               SIP timer T1 (default 500ms); T2, T4 and Timer D scale with it
  --drain TIME            on exit, wait this long for transactions to end (default 2s)
  --help                  this text

TIME is a number with ms, s or m (250ms, 5s, 2m); a bare number is seconds.

exit status:
  0  call: connected and ended by a BYE; listen: stopped cleanly
  1  the call failed: rejected (the status is printed), transport error, bad URI
  2  usage error
  3  could not bind the --bind address
  4  call: not answered within --timeout, or the INVITE timed out
)usage";

namespace {

template <class Int>
std::optional<Int> to_int(std::string_view text) {
    Int value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

ParsedOptions fail(std::string message) {
    return {std::nullopt, "error: " + message, false};
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = text.substr(0, comma);
        if (!item.empty())
            out.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

// One option of one command: parses `value` into `options`, or returns the complaint.
using Setter = std::function<std::optional<std::string>(Options&, std::string_view)>;

std::optional<std::string> set_time(std::chrono::milliseconds& field, std::string_view name,
                                    std::string_view value) {
    auto time = parse_duration(value);
    if (!time)
        return std::string(name) + " wants a time such as 500ms or 5s, got '" + std::string(value) +
               "'";
    field = *time;
    return std::nullopt;
}

std::optional<std::string> set_bind(Options& o, std::string_view value) {
    auto endpoint = transport::Endpoint::from_string(value);
    if (!endpoint)
        return "--bind wants IP:PORT, got '" + std::string(value) + "'";
    o.common.bind = *endpoint;
    return std::nullopt;
}

std::optional<std::string> set_transport(Options& o, std::string_view value) {
    if (value == "udp")
        o.common.transport = TransportChoice::Udp;
    else if (value == "tcp")
        o.common.transport = TransportChoice::Tcp;
    else if (value == "both" && o.command == Command::Listen)
        o.common.transport = TransportChoice::Both;
    else
        return "--transport wants udp or tcp" +
               std::string(o.command == Command::Listen ? " or both" : "");
    return std::nullopt;
}

std::optional<std::string> set_codecs(Options& o, std::string_view value) {
    o.common.codecs = split_list(value);
    if (o.common.codecs.empty())
        return "--codecs wants a comma-separated list such as PCMU,PCMA";
    return std::nullopt;
}

std::optional<std::string> set_dtmf(Options& o, std::string_view value) {
    constexpr std::string_view keys = "0123456789*#ABCDabcd";
    if (value.empty() || value.find_first_not_of(keys) != std::string_view::npos)
        return "--dtmf wants digits from 0-9 * # A-D, got '" + std::string(value) + "'";
    o.common.media.dtmf = value;
    return std::nullopt;
}

std::optional<std::string> set_rtp_ports(Options& o, std::string_view value) {
    const auto dash = value.find('-');
    auto low = to_int<std::uint16_t>(value.substr(0, dash));
    auto high = dash == std::string_view::npos ? std::nullopt
                                               : to_int<std::uint16_t>(value.substr(dash + 1));
    if (!low || !high || *low < 1024 || *high <= *low)
        return "--rtp-ports wants MIN-MAX with 1024 <= MIN < MAX, got '" + std::string(value) + "'";
    o.common.media.rtp_port_min = *low;
    o.common.media.rtp_port_max = *high;
    return std::nullopt;
}

std::optional<std::string> set_text(std::string& field, std::string_view name,
                                    std::string_view value) {
    if (value.empty())
        return std::string(name) + " needs a value";
    field = value;
    return std::nullopt;
}

std::optional<std::string> set_workers(Options& o, std::string_view value) {
    auto n = to_int<std::size_t>(value);
    if (!n || *n == 0 || *n > 256)
        return "--workers wants 1..256";
    o.common.workers = *n;
    return std::nullopt;
}

std::optional<std::string> set_reject(Options& o, std::string_view value) {
    auto code = to_int<std::uint16_t>(value);
    if (!code || *code < 300 || *code > 699)
        return "--reject wants a status 300..699";
    o.listen.action = IncomingAction::Reject;
    o.listen.reject_status = *code;
    return std::nullopt;
}

std::optional<std::string> set_max_calls(Options& o, std::string_view value) {
    auto n = to_int<std::size_t>(value);
    if (!n)
        return "--max-calls wants a number";
    o.listen.max_calls = *n;
    return std::nullopt;
}

const std::map<std::string_view, Setter>& common_setters() {
    static const std::map<std::string_view, Setter> setters = {
        {"--bind", set_bind},
        {"--transport", set_transport},
        {"--codecs", set_codecs},
        {"--workers", set_workers},
        {"--t1", [](Options& o, std::string_view v) { return set_time(o.common.t1, "--t1", v); }},
        {"--drain",
         [](Options& o, std::string_view v) { return set_time(o.common.drain, "--drain", v); }},
        {"--play",
         [](Options& o, std::string_view v) { return set_text(o.common.media.play, "--play", v); }},
        {"--record",
         [](Options& o, std::string_view v) {
             return set_text(o.common.media.record, "--record", v);
         }},
        {"--dtmf", set_dtmf},
        {"--dtmf-delay",
         [](Options& o, std::string_view v) {
             return set_time(o.common.media.dtmf_delay, "--dtmf-delay", v);
         }},
        {"--quality-interval",
         [](Options& o, std::string_view v) {
             return set_time(o.common.media.quality_interval, "--quality-interval", v);
         }},
        {"--rtp-timeout",
         [](Options& o, std::string_view v) {
             return set_time(o.common.media.rtp_timeout, "--rtp-timeout", v);
         }},
        {"--rtp-ports", set_rtp_ports},
        {"--sdp-rtp-port",
         [](Options& o, std::string_view v) -> std::optional<std::string> {
             auto port = to_int<std::uint16_t>(v);
             if (!port || *port == 0)
                 return "--sdp-rtp-port wants a port 1..65535";
             o.common.media.sdp_rtp_port = *port;
             return std::nullopt;
         }},
        {"--rtcp-interval",
         [](Options& o, std::string_view v) {
             return set_time(o.common.media.rtcp_interval, "--rtcp-interval", v);
         }},
    };
    return setters;
}

const std::map<std::string_view, Setter>& call_setters() {
    static const std::map<std::string_view, Setter> setters = {
        {"--from",
         [](Options& o, std::string_view v) -> std::optional<std::string> {
             o.call.from = v;
             return std::nullopt;
         }},
        {"--duration",
         [](Options& o, std::string_view v) { return set_time(o.call.duration, "--duration", v); }},
        {"--timeout",
         [](Options& o, std::string_view v) { return set_time(o.call.timeout, "--timeout", v); }},
        {"--hold-after",
         [](Options& o, std::string_view v) {
             return set_time(o.call.hold_after, "--hold-after", v);
         }},
        {"--resume-after",
         [](Options& o, std::string_view v) {
             return set_time(o.call.resume_after, "--resume-after", v);
         }},
    };
    return setters;
}

const std::map<std::string_view, Setter>& listen_setters() {
    static const std::map<std::string_view, Setter> setters = {
        {"--reject", set_reject},
        {"--max-calls", set_max_calls},
        {"--linger",
         [](Options& o, std::string_view v) { return set_time(o.listen.linger, "--linger", v); }},
        {"--ring-delay",
         [](Options& o, std::string_view v) {
             return set_time(o.listen.ring_delay, "--ring-delay", v);
         }},
        {"--answer-delay",
         [](Options& o, std::string_view v) {
             return set_time(o.listen.answer_delay, "--answer-delay", v);
         }},
        {"--hangup-after",
         [](Options& o, std::string_view v) {
             return set_time(o.listen.hangup_after, "--hangup-after", v);
         }},
    };
    return setters;
}

const Setter* find_setter(Command command, std::string_view name) {
    const auto& own = command == Command::Call ? call_setters() : listen_setters();
    for (const auto* table : {&common_setters(), &own}) {
        if (auto it = table->find(name); it != table->end())
            return &it->second;
    }
    return nullptr;
}

Options defaults_for(Command command) {
    Options o;
    o.command = command;
    o.common.bind = *transport::Endpoint::from_string("127.0.0.1:0");
    if (command == Command::Listen)
        o.common.transport = TransportChoice::Both;
    return o;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    using namespace std::chrono;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    auto number = to_int<std::uint32_t>(text.substr(0, digits));
    if (!number)
        return std::nullopt;
    const std::string_view unit = text.substr(digits);
    if (unit == "ms")
        return milliseconds(*number);
    if (unit == "s" || unit.empty())
        return milliseconds(seconds(*number));
    if (unit == "m")
        return milliseconds(minutes(*number));
    return std::nullopt;
}

ParsedOptions parse_options(const std::vector<std::string_view>& args) {
    if (args.empty())
        return fail("a command is needed: call or listen; see --help");
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help")
        return {std::nullopt, std::string(usage_text), true};
    if (args[0] != "call" && args[0] != "listen")
        return fail("unknown command '" + std::string(args[0]) + "'; see --help");
    const Command command = args[0] == "call" ? Command::Call : Command::Listen;
    Options options = defaults_for(command);
    bool have_bind = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h")
            return {std::nullopt, std::string(usage_text), true};
        if (command == Command::Listen && arg == "--answer") {
            options.listen.action = IncomingAction::Answer;
            continue;
        }
        if (arg == "--no-media") {  // the flags without a value
            options.common.media.enabled = false;
            continue;
        }
        if (arg == "--loop") {
            options.common.media.loop = true;
            continue;
        }
        if (command == Command::Call && !arg.starts_with("-") && options.call.target.empty()) {
            options.call.target = arg;
            continue;
        }
        const Setter* setter = find_setter(command, arg);
        if (!setter)
            return fail("unknown option '" + std::string(arg) + "' for " + std::string(args[0]) +
                        "; see --help");
        if (i + 1 >= args.size())
            return fail(std::string(arg) + " needs a value");
        if (auto complaint = (*setter)(options, args[++i]))
            return fail(*complaint);
        have_bind = have_bind || arg == "--bind";
    }
    if (command == Command::Call && options.call.target.empty())
        return fail("call needs a SIP URI to call; see --help");
    if (command == Command::Listen && (!have_bind || options.common.bind.port == 0))
        return fail("listen needs --bind IP:PORT with a non-zero port; see --help");
    return {options, {}, false};
}

}  // namespace sessioncore::phone
