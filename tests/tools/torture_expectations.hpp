#pragma once
// What torture_sender expects of sc-responder for each RFC 4475 message: the manifest's
// `expected` column, the control rule for valid messages, and the documented exceptions where
// the manifest's answer cannot hold for a UAS or on a byte stream.

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include <sessioncore/sip/parser.hpp>

#include "torture_channel.hpp"

namespace sessioncore::torture {

inline constexpr int no_reply = 0;  // Exception::status: nothing may come back
inline constexpr int inherit = -1;  // Exception::status: keep what the manifest row implies
inline constexpr std::uint16_t invite_status = 486;  // the wrapper starts sc-responder with this

struct Exception {
    std::string_view name;
    std::optional<Transport> only;  // nullopt: both transports
    int status;                     // a status, no_reply or inherit
    bool server_closes;             // TCP: the server must close the connection afterwards
    bool mid_message;               // TCP: the stream is left inside a message
    std::string_view why;
};

// What holds instead of the manifest's `expected`, and why (the tool plays against a UAS).
inline constexpr Exception exceptions[] = {
    {"zeromf", std::nullopt, 200, false, false,
     "UAS: an endpoint processes Max-Forwards 0 normally (RFC 4475 §3.3.11); 483 is a proxy's "
     "answer (RFC 3261 §16.3 step 3)"},
    {"insuf", std::nullopt, no_reply, false, false,
     "no Call-ID, From or To to copy into a response (RFC 3261 §8.2.6.2, §20 table); RFC 4475 "
     "§3.3.1 requires only not breaking, 400 is 'ideally'"},
    {"clerr", Transport::Tcp, no_reply, false, true,
     "stream: the body is 9845 octets short, the server can only wait (RFC 4475 §3.1.2.2)"},
    {"baddn", Transport::Tcp, no_reply, false, true,
     "stream: no empty line ends the header section, the message is incomplete"},
    {"ncl", Transport::Tcp, 400, true, false,
     "stream: framing lost, answer and close (RFC 4475 §3.1.2.3)"},
    {"mcl01", Transport::Tcp, 400, true, false,
     "stream: framing unknowable, answer and close (RFC 4475 §3.3.9)"},
    {"inv2543", Transport::Tcp, 400, true, false,
     "stream without Content-Length (RFC 3261 §18.3 MUST): its end is unknowable, as mcl01"},
    {"dblreq", Transport::Tcp, inherit, false, true,
     "stream: the 450 trailing octets are the next message, not noise (RFC 3261 §18.3)"},
};

struct Row {
    std::string name, expected;
};

struct Expectation {
    std::optional<std::uint16_t> status;  // nullopt: no reply at all
    bool unsupported = false;             // 420: Unsupported lists every Require tag
    bool server_closes = false;
    bool mid_message = false;
    std::string_view why;
};

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

inline bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

/// First value of a header in raw bytes, found leniently (the message may not parse).
inline std::string raw_header(std::string_view bytes, std::string_view name,
                              std::string_view compact) {
    std::size_t pos = bytes.find('\n');
    while (pos != std::string_view::npos && pos + 1 < bytes.size()) {
        std::size_t end = bytes.find('\n', pos + 1);
        std::string_view line = bytes.substr(pos + 1, end == bytes.npos ? end : end - pos - 1);
        if (trim(line).empty())
            break;
        if (auto colon = line.find(':'); colon != line.npos) {
            std::string_view field = trim(line.substr(0, colon));
            if (iequals(field, name) || iequals(field, compact))
                return std::string(trim(line.substr(colon + 1)));
        }
        pos = end;
    }
    return {};
}

/// The final response sc-responder gives a well-formed request (its --help; RFC 3261 §8.2.1:
/// 405 for a known method it does not allow, 501 for an unknown one); nothing for a response
/// or an ACK (RFC 3261 §17.1.3: a stray response is dropped; ACK is never answered).

inline std::optional<std::uint16_t> control_status(const sip::Message& m) {
    if (m.is_response())
        return std::nullopt;
    switch (m.method()) {
        case sip::Method::Options:
            return 200;
        case sip::Method::Invite:
            return invite_status;
        case sip::Method::Ack:
            return std::nullopt;
        case sip::Method::Bye:
        case sip::Method::Cancel:
            return 481;  // no dialog, no transaction (§15.1.2, §9.2)
        case sip::Method::Unknown:
            return 501;
        default:
            return 405;
    }
}

inline std::optional<Expectation> expectation_for(const Row& row, std::string_view bytes,
                                                  Transport t) {
    Expectation e;
    const std::string_view expected = row.expected;
    if (expected.starts_with("drop")) {
        e.status = std::nullopt;
    } else if (expected.starts_with("reject ") || expected.starts_with("reply ")) {
        e.status = static_cast<std::uint16_t>(
            std::stoi(std::string(expected.substr(expected.find(' ') + 1))));
        e.unsupported = expected.find("Unsupported") != expected.npos;
    } else {  // parse ok / treat as ...: the control
        auto parsed = sip::parse(bytes);
        if (!parsed)
            return std::nullopt;
        e.status = control_status(*parsed);
    }
    for (const Exception& x : exceptions) {
        if (x.name != row.name || (x.only && *x.only != t))
            continue;
        if (x.status != inherit)
            e.status = x.status == no_reply ? std::nullopt : std::optional<std::uint16_t>(x.status);
        e.server_closes = x.server_closes;
        e.mid_message = x.mid_message;
        e.why = x.why;
    }
    return e;
}

/// A UDP socket or TCP connection to the server, with a framer for the stream.

}  // namespace sessioncore::torture
