#include "options.hpp"

#include <charconv>

namespace sessioncore::responder {

const std::string_view usage_text = R"usage(usage: sc-responder --bind HOST:PORT [options]

A small SIP user agent server on session-core's transaction layer (RFC 3261 §17). It listens on
UDP and TCP at HOST:PORT, answers OPTIONS with 200, INVITE with --invite-status (a 2xx makes a
call: ACK and BYE are answered too), CANCEL with 200 and the INVITE with 487. Runs until SIGINT or
SIGTERM: the first finishes open transactions (at most --drain-timeout), a second stops at once.

  --bind HOST:PORT        IP address and port for UDP and TCP (required; IPv6 as [addr]:port)
  --invite-status CODE    final response to INVITE, 200..699 (default 486)
  --invite-delay MS       wait MS milliseconds before that response (default 0); the transaction
                          sends 100 Trying after 200 ms meanwhile
  --tls-cert FILE         PEM certificate chain; with --tls-key and --tls-port enables TLS
  --tls-key FILE          PEM private key
  --tls-port PORT         TLS port on the --bind address
  --workers N             worker threads (default: one per core)
  --drain-timeout SEC     longest graceful shutdown (default 32)
  --t1 MS, --t4 MS        RFC 3261 timer bases (default 500 and 5000); smaller values end
                          transactions sooner (64*T1 for Timers H and J), for tests
  --help                  this text
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

}  // namespace

ParsedOptions parse_options(const std::vector<std::string_view>& args) {
    Options options;
    bool have_bind = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h")
            return {std::nullopt, std::string(usage_text), true};
        if (i + 1 >= args.size())
            return fail(std::string(arg) + " needs a value (or is unknown); see --help");
        const std::string_view value = args[++i];
        if (arg == "--bind") {
            auto endpoint = transport::Endpoint::from_string(value);
            if (!endpoint || endpoint->port == 0)
                return fail("--bind wants IP:PORT with a non-zero port, got '" +
                            std::string(value) + "'");
            options.bind = *endpoint;
            have_bind = true;
        } else if (arg == "--invite-status") {
            auto code = to_int<std::uint16_t>(value);
            if (!code || *code < 200 || *code > 699)
                return fail("--invite-status wants a final status 200..699");
            options.invite_status = *code;
        } else if (arg == "--invite-delay") {
            auto ms = to_int<std::uint32_t>(value);
            if (!ms)
                return fail("--invite-delay wants milliseconds");
            options.invite_delay = std::chrono::milliseconds(*ms);
        } else if (arg == "--tls-cert") {
            options.tls_cert = value;
        } else if (arg == "--tls-key") {
            options.tls_key = value;
        } else if (arg == "--tls-port") {
            auto port = to_int<std::uint16_t>(value);
            if (!port || *port == 0)
                return fail("--tls-port wants a port 1..65535");
            options.tls_port = *port;
        } else if (arg == "--workers") {
            auto n = to_int<std::size_t>(value);
            if (!n || *n == 0 || *n > 256)
                return fail("--workers wants 1..256");
            options.workers = *n;
        } else if (arg == "--t1" || arg == "--t4") {
            auto ms = to_int<std::uint32_t>(value);
            if (!ms || *ms == 0 || *ms > 60'000)
                return fail(std::string(arg) + " wants milliseconds 1..60000");
            (arg == "--t1" ? options.t1 : options.t4) = std::chrono::milliseconds(*ms);
        } else if (arg == "--drain-timeout") {
            auto s = to_int<std::uint32_t>(value);
            if (!s)
                return fail("--drain-timeout wants seconds");
            options.drain_timeout = std::chrono::seconds(*s);
        } else {
            return fail("unknown option '" + std::string(arg) + "'; see --help");
        }
    }
    if (!have_bind)
        return fail("--bind HOST:PORT is required; see --help");
    const bool any_tls =
        !options.tls_cert.empty() || !options.tls_key.empty() || options.tls_port.has_value();
    const bool all_tls =
        !options.tls_cert.empty() && !options.tls_key.empty() && options.tls_port.has_value();
    if (any_tls && !all_tls)
        return fail("TLS needs all of --tls-cert, --tls-key and --tls-port");
    return {options, {}, false};
}

}  // namespace sessioncore::responder
