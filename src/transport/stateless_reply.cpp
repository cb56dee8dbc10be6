// Stateless replies to unparsable or invalid requests (RFC 3261 §8.2, §18.2.1: a server that
// cannot process a request answers it if it can find where to send the answer).
#include <charconv>
#include <cstring>

#include <sessioncore/transport/stateless_reply.hpp>

namespace sessioncore::transport {
namespace {

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

bool is_wsp(char c) noexcept {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (is_wsp(s.front()) || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (is_wsp(s.back()) || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// A value we can copy into a response: no control characters other than folding whitespace
// (a NUL or bare CR would make our own answer unparsable).
bool copyable(std::string_view value) noexcept {
    for (std::size_t i = 0; i < value.size(); ++i) {
        auto c = static_cast<unsigned char>(value[i]);
        if (c == '\r' && i + 2 < value.size() && value[i + 1] == '\n' && is_wsp(value[i + 2])) {
            i += 1;
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return !value.empty();
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// The top Via element must at least say SIP/<version>/<transport> <host>: enough for the
// sender to match our answer (any version: a 505 goes to SIP/7.0 senders too, RFC 4475
// §3.1.2.16).
bool usable_via(std::string_view value) noexcept {
    std::string_view top = trim(value.substr(0, value.find(',')));
    if (top.size() < 4 || !iequals(top.substr(0, 4), "SIP/"))
        return false;
    top.remove_prefix(4);
    std::size_t v = 0;
    while (v < top.size() && (is_digit(top[v]) || top[v] == '.'))
        ++v;
    if (v == 0 || v >= top.size() || top[v] != '/')
        return false;
    top.remove_prefix(v + 1);
    std::size_t i = 0;
    while (i < top.size() && !is_wsp(top[i]) && top[i] != ';')
        ++i;
    if (i == 0)
        return false;
    std::string_view rest = trim(top.substr(i));
    return !rest.empty() && rest[0] != ';' && rest[0] != ':';
}

enum class Wanted { Via, From, To, CallId, CSeq, Other };

Wanted classify(std::string_view name) noexcept {
    if (iequals(name, "via") || iequals(name, "v"))
        return Wanted::Via;
    if (iequals(name, "from") || iequals(name, "f"))
        return Wanted::From;
    if (iequals(name, "to") || iequals(name, "t"))
        return Wanted::To;
    if (iequals(name, "call-id") || iequals(name, "i"))
        return Wanted::CallId;
    if (iequals(name, "cseq"))
        return Wanted::CSeq;
    return Wanted::Other;
}

// Appends `value` with each fold (CRLF followed by whitespace) turned into one space.
void append_unfolded(std::string& out, std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\r' || value[i] == '\n') {
            while (i + 1 < value.size() && (value[i + 1] == '\r' || value[i + 1] == '\n'))
                ++i;
            out.push_back(' ');
            while (i + 1 < value.size() && is_wsp(value[i + 1]))
                ++i;
            continue;
        }
        out.push_back(value[i]);
    }
}

bool has_tag(std::string_view to) noexcept {
    // The tag is a header parameter: after the closing '>' when there is one.
    auto close = to.rfind('>');
    std::string_view params = close == std::string_view::npos ? to : to.substr(close);
    for (std::size_t at = params.find(';'); at != std::string_view::npos;
         at = params.find(';', at + 1)) {
        std::string_view rest = trim(params.substr(at + 1));
        if (rest.size() >= 3 && iequals(rest.substr(0, 3), "tag") &&
            trim(rest.substr(3)).starts_with('='))
            return true;
    }
    return false;
}

}  // namespace

bool read_reply_headers(std::string_view raw, ReplyHeaders& out) {
    out.method = out.from = out.to = out.call_id = out.cseq = {};
    out.vias.clear();
    while (!raw.empty() && (raw.front() == '\r' || raw.front() == '\n'))
        raw.remove_prefix(1);  // RFC 3261 §7.5: leading CRLFs are ignored
    std::size_t eol = raw.find('\n');
    std::string_view start = trim(raw.substr(0, eol));
    std::size_t space = start.find(' ');
    if (space == std::string_view::npos || space == 0)
        return false;
    out.method = start.substr(0, space);
    if (out.method.starts_with("SIP/") || out.method == "ACK")
        return false;  // a response, or an ACK: never answered
    std::size_t pos = eol == std::string_view::npos ? raw.size() : eol + 1;
    while (pos < raw.size()) {
        // One header field: up to a line end not followed by whitespace (folding).
        std::size_t end = pos;
        for (;;) {
            end = raw.find('\n', end);
            if (end == std::string_view::npos || end + 1 >= raw.size() || !is_wsp(raw[end + 1]))
                break;
            ++end;
        }
        std::string_view line =
            raw.substr(pos, end == std::string_view::npos ? raw.npos : end - pos);
        pos = end == std::string_view::npos ? raw.size() : end + 1;
        if (trim(line).empty())
            break;  // the empty line closing the header section
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;  // not a header: skip it, we are lenient
        std::string_view value = trim(line.substr(colon + 1));
        switch (classify(trim(line.substr(0, colon)))) {
            case Wanted::Via:
                out.vias.push_back(value);
                break;
            case Wanted::From:
                out.from = out.from.empty() ? value : out.from;
                break;
            case Wanted::To:
                out.to = out.to.empty() ? value : out.to;
                break;
            case Wanted::CallId:
                out.call_id = out.call_id.empty() ? value : out.call_id;
                break;
            case Wanted::CSeq:
                out.cseq = out.cseq.empty() ? value : out.cseq;
                break;
            case Wanted::Other:
                break;
        }
    }
    if (out.vias.empty() || !usable_via(out.vias.front()))
        return false;
    for (std::string_view via : out.vias)
        if (!copyable(via))
            return false;
    return copyable(out.from) && copyable(out.to) && copyable(out.call_id) && copyable(out.cseq);
}

bool build_stateless_reply(std::string_view raw, const sip::Error& error, std::string& out,
                           ReplyHeaders& scratch) {
    if (!read_reply_headers(raw, scratch))
        return false;
    const std::uint16_t status = error.status();
    char digits[8];
    auto [status_end, ec] = std::to_chars(digits, digits + sizeof digits, status);
    (void)ec;
    out.assign("SIP/2.0 ");
    out.append(digits, status_end);
    out.push_back(' ');
    out.append(error.reason_phrase());
    out.append("\r\n");
    for (std::string_view via : scratch.vias) {
        out.append("Via: ");
        append_unfolded(out, via);
        out.append("\r\n");
    }
    out.append("From: ");
    append_unfolded(out, scratch.from);
    out.append("\r\nTo: ");
    append_unfolded(out, scratch.to);
    if (!has_tag(scratch.to)) {
        // RFC 3261 §8.2.6.2: a To tag on every response but 100. A hash of the Call-ID keeps
        // retransmissions of the same bad request answered with the same tag.
        std::uint32_t hash = 2166136261u;
        for (unsigned char c : scratch.call_id)
            hash = (hash ^ c) * 16777619u;
        char tag[16];
        auto [tag_end, tag_ec] = std::to_chars(tag, tag + sizeof tag, hash, 16);
        (void)tag_ec;
        out.append(";tag=sc");
        out.append(tag, tag_end);
    }
    out.append("\r\nCall-ID: ");
    append_unfolded(out, scratch.call_id);
    out.append("\r\nCSeq: ");
    append_unfolded(out, scratch.cseq);
    out.append("\r\nContent-Length: 0\r\n\r\n");
    return true;
}

}  // namespace sessioncore::transport
