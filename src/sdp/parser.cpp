// RFC 8866 §5: a session description is `<type>=<value>` lines in a fixed order:
//   session: v o s [i] [u] *e *p [c] *b 1*(t *r) [z] [k] *a
//   media:   m [i] *c *b [k] *a  (we accept one c= per m= section: unicast telephony)
#include <array>

#include <sessioncore/sdp/attributes.hpp>
#include <sessioncore/sdp/parser.hpp>

#include "text.hpp"

namespace sessioncore::sdp {
namespace {

using detail::split_fields;
using detail::to_number;

/// Position of each type letter in the §5 order; lines must not go back in rank. Letters that
/// repeat share their rank with themselves (e p b a) or with each other (t and r).
constexpr int rank_of(char type, bool media) {
    constexpr std::string_view session_order = "vosiuepcbtzka";
    constexpr std::string_view media_order = "micbka";
    if (type == 'r')
        type = 't';
    auto at = (media ? media_order : session_order).find(type);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

constexpr bool repeats(char type) {
    return type == 'e' || type == 'p' || type == 'b' || type == 't' || type == 'r' || type == 'a';
}

class Parser {
public:
    explicit Parser(const Limits& limits) : limits_(limits) {}

    Result<SessionDescription> run(std::string_view text);

private:
    Error fail(errc e) const { return Error{e, line_}; }
    boost::system::result<void, Error> line(char type, std::string_view value);
    boost::system::result<void, Error> session_line(char type, std::string_view value);
    boost::system::result<void, Error> media_line(char type, std::string_view value);
    boost::system::result<void, Error> check_attribute(const Attribute& a);
    Result<Attribute> attribute(std::string_view value);
    Result<Bandwidth> bandwidth(std::string_view value);
    Result<MediaDescription> m_line(std::string_view value);

    const Limits& limits_;
    SessionDescription out_;
    std::uint32_t line_ = 0;
    int rank_ = -1;
    std::array<bool, 26> seen_{};  // single-occurrence letters seen in the current section
    std::size_t attributes_ = 0;
    bool in_media_ = false;
};

Result<SessionDescription> Parser::run(std::string_view text) {
    if (text.size() > limits_.max_size)
        return fail(errc::too_large);
    out_.timings.clear();
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_;
        if (raw.ends_with('\r'))
            raw.remove_suffix(1);
        // Trailing empty lines are tolerated (some stacks add a CRLF); empty lines inside are not.
        if (raw.empty() && text.find_first_not_of("\r\n") == std::string_view::npos)
            break;
        // §5: exactly one lower-case letter, '=', no whitespace around it; text fields hold any
        // octet but NUL, CR and LF. Records end in CRLF, but parsers should also accept a
        // bare LF (RFC 8866 §5), hence the split at '\n' and the optional '\r'.
        if (raw.size() < 2 || raw[0] < 'a' || raw[0] > 'z' || raw[1] != '=' ||
            raw.find('\0') != std::string_view::npos || raw.find('\r') != std::string_view::npos)
            return fail(errc::bad_line);
        if (auto r = line(raw[0], raw.substr(2)); !r)
            return r.error();
    }
    if (rank_ < 0)
        return Error{errc::empty, 0};
    ++line_;  // what is missing would have come after the last line
    if (!in_media_ && rank_ < rank_of('o', false))
        return fail(errc::missing_origin);
    if (!in_media_ && rank_ < rank_of('s', false))
        return fail(errc::missing_session_name);
    if (out_.timings.empty())
        return fail(errc::missing_timing);
    for (std::size_t i = 0; i < out_.media.size(); ++i)
        if (!out_.connection && !out_.media[i].connection)
            return fail(errc::missing_connection);
    return std::move(out_);
}

boost::system::result<void, Error> Parser::line(char type, std::string_view value) {
    if (type == 'm') {
        // Everything before the first m= must have been there (RFC 8866 §5).
        if (!in_media_ && out_.timings.empty())
            return fail(errc::missing_timing);
        if (out_.media.size() >= limits_.max_media)
            return fail(errc::too_many_media);
        auto m = m_line(value);
        if (!m)
            return m.error();
        out_.media.push_back(std::move(*m));
        in_media_ = true;
        rank_ = 0;
        seen_ = {};
        return {};
    }
    int rank = rank_of(type, in_media_);
    // RFC 8866 §5: "an SDP parser MUST completely ignore or reject any session description
    // that contains a type letter that it does not understand". Either way the description is
    // not used; we reject it so the caller can answer. Unknown a= attributes are kept instead
    // (§5.13: attributes are the extension mechanism).
    if (rank < 0)
        return fail(rank_of(type, !in_media_) < 0 ? errc::unknown_type : errc::out_of_order);
    // The mandatory head: v=, then o=, then s= (RFC 8866 §5.1-§5.3).
    if (!in_media_ && rank_ < 0 && type != 'v')
        return fail(errc::missing_version);
    if (!in_media_ && rank_ == 0 && type != 'o')
        return fail(errc::missing_origin);
    if (!in_media_ && rank_ == 1 && type != 's')
        return fail(errc::missing_session_name);
    if (!in_media_ && type != 't' && type != 'r' && rank > rank_of('t', false) &&
        out_.timings.empty())
        return fail(errc::missing_timing);
    if (rank < rank_)
        return fail(errc::out_of_order);
    auto& seen = seen_[static_cast<std::size_t>(type - 'a')];
    if (seen && !repeats(type))
        return fail(errc::duplicate_line);
    seen = true;
    rank_ = rank;
    return in_media_ ? media_line(type, value) : session_line(type, value);
}

boost::system::result<void, Error> Parser::session_line(char type, std::string_view value) {
    switch (type) {
        case 'v':
            if (value != "0")
                return fail(errc::bad_version);
            return {};
        case 'o': {
            auto f = split_fields(value);
            if (!f || f->size() != 6)
                return fail(errc::bad_origin);
            out_.origin = {std::string((*f)[0]), std::string((*f)[1]), std::string((*f)[2]),
                           std::string((*f)[3]), std::string((*f)[4]), std::string((*f)[5])};
            return {};
        }
        case 's':
            if (value.empty())  // §5.3: "The "s=" line MUST NOT be empty"
                return fail(errc::missing_session_name);
            out_.session_name = std::string(value);
            return {};
        case 'i':
            out_.info = std::string(value);
            return {};
        case 'u':
            out_.uri = std::string(value);
            return {};
        case 'e':
            out_.emails.emplace_back(value);
            return {};
        case 'p':
            out_.phones.emplace_back(value);
            return {};
        case 'c': {
            auto c = parse_connection(value);
            if (!c)
                return fail(errc::bad_connection);
            out_.connection = std::move(*c);
            return {};
        }
        case 'b': {
            auto b = bandwidth(value);
            if (!b)
                return b.error();
            out_.bandwidths.push_back(std::move(*b));
            return {};
        }
        case 't': {
            auto f = split_fields(value);
            if (!f || f->size() != 2)
                return fail(errc::bad_timing);
            auto start = to_number<std::uint64_t>((*f)[0]);
            auto stop = to_number<std::uint64_t>((*f)[1]);
            if (!start || !stop)
                return fail(errc::bad_timing);
            out_.timings.push_back({*start, *stop, {}});
            return {};
        }
        case 'r':
            if (out_.timings.empty() || value.empty())
                return fail(errc::bad_timing);
            out_.timings.back().repeats.emplace_back(value);
            return {};
        case 'z':
            out_.zone = std::string(value);
            return {};
        case 'k':
            out_.key = std::string(value);
            return {};
        default: {  // 'a'
            auto a = attribute(value);
            if (!a)
                return a.error();
            out_.attributes.push_back(std::move(*a));
            return {};
        }
    }
}

boost::system::result<void, Error> Parser::media_line(char type, std::string_view value) {
    MediaDescription& m = out_.media.back();
    switch (type) {
        case 'i':
            m.info = std::string(value);
            return {};
        case 'c': {
            auto c = parse_connection(value);
            if (!c)
                return fail(errc::bad_connection);
            m.connection = std::move(*c);
            return {};
        }
        case 'b': {
            auto b = bandwidth(value);
            if (!b)
                return b.error();
            m.bandwidths.push_back(std::move(*b));
            return {};
        }
        case 'k':
            m.key = std::string(value);
            return {};
        default: {  // 'a'
            auto a = attribute(value);
            if (!a)
                return a.error();
            m.attributes.push_back(std::move(*a));
            return {};
        }
    }
}

Result<Bandwidth> Parser::bandwidth(std::string_view value) {
    auto colon = value.find(':');
    if (colon == 0 || colon == std::string_view::npos)
        return fail(errc::bad_bandwidth);
    auto n = to_number<std::uint64_t>(value.substr(colon + 1));
    if (!n || value.substr(0, colon).find(' ') != std::string_view::npos)
        return fail(errc::bad_bandwidth);
    return Bandwidth{std::string(value.substr(0, colon)), *n};
}

Result<Attribute> Parser::attribute(std::string_view value) {
    if (++attributes_ > limits_.max_attributes)
        return fail(errc::too_many_attributes);
    auto colon = value.find(':');
    std::string_view name = value.substr(0, colon);
    if (name.empty() || name.find(' ') != std::string_view::npos)
        return fail(errc::bad_attribute);
    Attribute a{std::string(name), std::nullopt};
    if (colon != std::string_view::npos)
        a.value = std::string(value.substr(colon + 1));
    if (auto r = check_attribute(a); !r)
        return r.error();
    return a;
}

/// The attributes the typed accessors read are checked here, so a bad one names its line.
boost::system::result<void, Error> Parser::check_attribute(const Attribute& a) {
    struct Check {
        std::string_view name;
        errc code;
        bool (*ok)(std::string_view);
    };
    static constexpr Check checks[] = {
        {"rtpmap", errc::bad_rtpmap, [](std::string_view v) { return !!parse_rtpmap(v); }},
        {"fmtp", errc::bad_fmtp, [](std::string_view v) { return !!parse_fmtp(v); }},
        {"ptime", errc::bad_ptime, [](std::string_view v) { return !!parse_ptime(v); }},
        {"maxptime", errc::bad_ptime, [](std::string_view v) { return !!parse_ptime(v); }},
        {"rtcp", errc::bad_rtcp, [](std::string_view v) { return !!parse_rtcp(v); }},
        {"crypto", errc::bad_crypto, [](std::string_view v) { return !!parse_crypto(v); }},
    };
    for (const Check& c : checks)
        if (a.name == c.name && (!a.value || !c.ok(*a.value)))
            return fail(c.code);
    return {};
}

Result<MediaDescription> Parser::m_line(std::string_view value) {
    // §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    auto f = split_fields(value);
    if (!f || f->size() < 4)
        return fail(errc::bad_media_line);
    MediaDescription m;
    m.media = std::string((*f)[0]);
    std::string_view port = (*f)[1];
    auto slash = port.find('/');
    auto number = to_number<std::uint16_t>(port.substr(0, slash));
    if (!number)
        return fail(errc::bad_media_line);
    m.port = *number;
    if (slash != std::string_view::npos) {
        auto count = to_number<std::uint16_t>(port.substr(slash + 1));
        if (!count || *count == 0)
            return fail(errc::bad_media_line);
        m.port_count = *count;
    }
    m.proto = std::string((*f)[2]);
    for (std::size_t i = 3; i < f->size(); ++i)
        m.formats.emplace_back((*f)[i]);
    // RTP profiles: each format is a payload type 0..127 (RFC 3551 §6, RFC 8866 §5.14).
    if (m.is_rtp() && m.payload_types().size() != m.formats.size())
        return fail(errc::bad_media_line);
    return m;
}

}  // namespace

Result<SessionDescription> parse(std::string_view text, const Limits& limits) {
    Parser parser(limits);
    return parser.run(text);
}

}  // namespace sessioncore::sdp
