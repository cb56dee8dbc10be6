#include <array>
#include <functional>

#include <sessioncore/sip/header_values.hpp>
#include <sessioncore/sip/uri.hpp>

#include "lex.hpp"
#include "lex_address.hpp"

// Every parser here walks `text` with an index that never passes text.size(); lex::skip_lws
// accepts folded lines (CRLF + SP/HT) wherever the grammar has LWS (RFC 3261 §7.3.1, §25.1).

namespace sessioncore::sip {
namespace {

constexpr std::uint64_t uint32_max = 0xFFFF'FFFFu;

Error bad_value(HeaderId which, std::size_t at) noexcept {
    return Error{errc::bad_header_value, which, at};
}

/// 1*DIGIT at pos, at most `max` (leading zeros allowed); advances pos past the digits.
Result<std::uint64_t> read_number(std::string_view text, std::size_t& pos, std::uint64_t max,
                                  HeaderId which) noexcept {
    std::size_t n = lex::digits_length(text, pos);
    auto value = lex::parse_decimal(text.substr(pos, n), max);
    if (!value)
        return bad_value(which, pos);
    pos += n;
    return *value;
}

/// A token at pos; advances pos past it.
Result<std::string_view> read_token(std::string_view text, std::size_t& pos,
                                    HeaderId which) noexcept {
    std::size_t n = lex::token_length(text, pos);
    if (n == 0)
        return bad_value(which, pos);
    std::string_view token = text.substr(pos, n);
    pos += n;
    return token;
}

/// The mandatory LWS between two words of a value ("4711 INVITE").
Result<void> skip_required_lws(std::string_view text, std::size_t& pos, HeaderId which) noexcept {
    std::size_t next = lex::skip_lws(text, pos);
    if (next == pos)
        return bad_value(which, pos);
    pos = next;
    return {};
}

/// Only LWS may follow pos.
Result<void> expect_end(std::string_view text, std::size_t pos, HeaderId which) noexcept {
    pos = lex::skip_lws(text, pos);
    if (pos != text.size())
        return bad_value(which, pos);
    return {};
}

/// "1*DIGIT LWS Method" as in CSeq and the tail of RAck.
Result<CSeq> read_cseq(std::string_view text, std::size_t& pos, HeaderId which) noexcept {
    auto number = read_number(text, pos, uint32_max, which);
    if (!number)
        return number.error();
    if (auto lws = skip_required_lws(text, pos, which); !lws)
        return lws.error();
    auto name = read_token(text, pos, which);
    if (!name)
        return name.error();
    return CSeq{static_cast<std::uint32_t>(*number), *name, method_of(*name)};
}

std::size_t word_length(std::string_view text, std::size_t pos) noexcept {
    std::size_t i = pos;
    while (i < text.size() && lex::has(text[i], lex::kWord))
        ++i;
    return i - pos;
}

/// callid = word [ "@" word ] (RFC 3261 §25.1); '%' is an ordinary word character here.
Result<std::string_view> read_call_id(std::string_view text, std::size_t& pos,
                                      HeaderId which) noexcept {
    std::size_t begin = pos;
    std::size_t end = begin + word_length(text, begin);
    if (end == begin)
        return bad_value(which, begin);
    if (end < text.size() && text[end] == '@') {
        std::size_t host = word_length(text, end + 1);
        if (host == 0)
            return bad_value(which, end + 1);
        end += 1 + host;
    }
    pos = end;
    return text.substr(begin, end - begin);
}

/// Whether a parameter may be a bare flag (generic-param) or needs "=value" (m-parameter).
enum class ParamValue : std::uint8_t { Optional, Required };

/// *( SEMI param ) from pos to the end of the value (trailing LWS allowed); advances pos past
/// the last parameter.
Result<Params> read_params(std::string_view text, std::size_t& pos, HeaderId which,
                           ParamValue rule) noexcept {
    auto scan = lex::scan_generic_params(
        text, pos, [rule](std::string_view, std::string_view, bool has_value) {
            return has_value || rule == ParamValue::Optional;
        });
    if (scan.bad != std::string_view::npos)
        return bad_value(which, scan.bad);
    if (scan.end == pos)
        return Params{};
    pos = scan.end;
    return Params{text.substr(scan.begin, scan.end - scan.begin)};
}

/// refresher = "refresher" EQUAL ("uas" / "uac") (RFC 4028 §4).
Result<Refresher> refresher_of(const Params& params, std::string_view text) noexcept {
    for (const Param& p : params) {
        if (!lex::iequals(p.name, "refresher"))
            continue;
        if (lex::iequals(p.value, "uac"))
            return Refresher::Uac;
        if (lex::iequals(p.value, "uas"))
            return Refresher::Uas;
        return bad_value(HeaderId::SessionExpires, lex::offset_in(text, p.name));
    }
    return Refresher::Unspecified;
}

/// Fills to_tag, from_tag and early_only; each tag once, as a token (RFC 3891 §6.1).
Result<void> read_replaces_params(Replaces& replaces, std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::Replaces;
    for (const Param& p : replaces.params) {
        if (lex::iequals(p.name, "early-only"))
            replaces.early_only = true;
        bool to = lex::iequals(p.name, "to-tag");
        if (!to && !lex::iequals(p.name, "from-tag"))
            continue;
        std::string_view& tag = to ? replaces.to_tag : replaces.from_tag;
        bool is_token = !p.value.empty() && lex::token_length(p.value, 0) == p.value.size();
        if (!tag.empty() || !is_token)
            return bad_value(which, lex::offset_in(text, p.name));
        tag = p.value;
    }
    if (replaces.to_tag.empty() || replaces.from_tag.empty())
        return bad_value(which, text.size());
    return {};
}

/// The value of the first `name=value` pair of a URI's headers (RFC 3261 §19.1.1), still
/// escaped; the name compares case-insensitively.
std::optional<std::string_view> uri_header(std::string_view headers,
                                           std::string_view name) noexcept {
    for (;;) {
        std::size_t amp = headers.find('&');
        std::string_view field = headers.substr(0, amp);
        std::size_t eq = field.find('=');
        if (eq != std::string_view::npos && lex::iequals(field.substr(0, eq), name)) {
            return field.substr(eq + 1);
        }
        if (amp == std::string_view::npos)
            return std::nullopt;
        headers.remove_prefix(amp + 1);
    }
}

// rfc1123-date = wkday "," SP date1 SP time SP "GMT" (RFC 3261 §25.1, RFC 2616 §3.3.1) is fixed
// width. In the shape, 'a' is a letter, 'd' a digit; other characters must match exactly.
constexpr std::string_view date_shape = "aaa, dd aaa dddd dd:dd:dd aaa";
constexpr std::array<std::string_view, 7> weekdays = {"Mon", "Tue", "Wed", "Thu",
                                                      "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Index of the first character of `date` that breaks date_shape, or npos.
std::size_t date_shape_mismatch(std::string_view date) noexcept {
    for (std::size_t i = 0; i < date_shape.size(); ++i) {
        if (i >= date.size())
            return i;
        char want = date_shape[i];
        bool ok = want == 'a'   ? lex::is_alpha(date[i])
                  : want == 'd' ? lex::is_digit(date[i])
                                : date[i] == want;
        if (!ok)
            return i;
    }
    return std::string_view::npos;
}

/// 1-based index of `name` in `names` (case-insensitive, as ABNF literals are), 0 if absent.
template <std::size_t N>
int name_index(std::string_view name, const std::array<std::string_view, N>& names) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
        if (lex::iequals(name, names[i]))
            return static_cast<int>(i) + 1;
    }
    return 0;
}

int decimal_at(std::string_view date, std::size_t pos, std::size_t digits) noexcept {
    return static_cast<int>(lex::parse_decimal(date.substr(pos, digits), 9999).value_or(0));
}

int days_in_month(int year, int month) noexcept {
    constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

/// Offset in the shaped `date` of the first field out of range or unknown, or npos.
std::size_t date_field_error(std::string_view date, const Date& d) noexcept {
    if (name_index(date.substr(0, 3), weekdays) == 0)
        return 0;
    if (d.month == 0)
        return 8;
    if (d.day < 1 || d.day > days_in_month(d.year, d.month))
        return 5;
    if (d.hour > 23)
        return 17;
    if (d.minute > 59)
        return 20;
    // 60 is a leap second (RFC 7231 §7.1.1.1 allows it in an HTTP-date).
    if (d.second > 60)
        return 23;
    if (!lex::iequals(date.substr(26, 3), "GMT"))
        return 26;
    return std::string_view::npos;
}

}  // namespace

Result<CSeq> parse_cseq(std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::CSeq;
    std::size_t pos = lex::skip_lws(text, 0);
    auto cseq = read_cseq(text, pos, which);
    if (!cseq)
        return cseq.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return *cseq;
}

Result<std::uint32_t> parse_uint32(std::string_view text, HeaderId which) noexcept {
    std::size_t pos = lex::skip_lws(text, 0);
    auto number = read_number(text, pos, uint32_max, which);
    if (!number)
        return number.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return static_cast<std::uint32_t>(*number);
}

Result<std::uint8_t> parse_max_forwards(std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::MaxForwards;
    std::size_t pos = lex::skip_lws(text, 0);
    auto number = read_number(text, pos, 255, which);
    if (!number)
        return number.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return static_cast<std::uint8_t>(*number);
}

Result<std::string_view> parse_call_id(std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::CallId;
    std::size_t pos = lex::skip_lws(text, 0);
    auto call_id = read_call_id(text, pos, which);
    if (!call_id)
        return call_id.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return *call_id;
}

Result<std::string_view> parse_token(std::string_view text, HeaderId which) noexcept {
    std::size_t pos = lex::skip_lws(text, 0);
    auto token = read_token(text, pos, which);
    if (!token)
        return token.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return *token;
}

bool ContentType::matches(std::string_view t, std::string_view s) const noexcept {
    return lex::iequals(type, t) && lex::iequals(subtype, s);
}

Result<ContentType> parse_content_type(std::string_view text, HeaderId which) noexcept {
    // media-type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15); an Accept
    // element's accept-params may also be flags (generic-param, §20.1).
    std::size_t pos = lex::skip_lws(text, 0);
    auto type = read_token(text, pos, which);
    if (!type)
        return type.error();
    pos = lex::skip_lws(text, pos);
    if (pos >= text.size() || text[pos] != '/')
        return bad_value(which, pos);
    pos = lex::skip_lws(text, pos + 1);
    auto subtype = read_token(text, pos, which);
    if (!subtype)
        return subtype.error();
    auto rule = which == HeaderId::Accept ? ParamValue::Optional : ParamValue::Required;
    auto params = read_params(text, pos, which, rule);
    if (!params)
        return params.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return ContentType{*type, *subtype, *params};
}

Result<Event> parse_event(std::string_view text, HeaderId which) noexcept {
    // event-type is a token that may hold '.' (RFC 6665 §8.2.1): a plain token covers it.
    std::size_t pos = lex::skip_lws(text, 0);
    auto package = read_token(text, pos, which);
    if (!package)
        return package.error();
    auto params = read_params(text, pos, which, ParamValue::Optional);
    if (!params)
        return params.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return Event{*package, *params};
}

Result<SessionExpires> parse_session_expires(std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::SessionExpires;
    std::size_t pos = lex::skip_lws(text, 0);
    auto delta = read_number(text, pos, uint32_max, which);
    if (!delta)
        return delta.error();
    auto params = read_params(text, pos, which, ParamValue::Optional);
    if (!params)
        return params.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    auto refresher = refresher_of(*params, text);
    if (!refresher)
        return refresher.error();
    return SessionExpires{static_cast<std::uint32_t>(*delta), *refresher, *params};
}

Result<RAck> parse_rack(std::string_view text) noexcept {
    // RAck = response-num LWS CSeq-num LWS Method (RFC 3262 §7.2).
    constexpr HeaderId which = HeaderId::RAck;
    std::size_t pos = lex::skip_lws(text, 0);
    auto rseq = read_number(text, pos, uint32_max, which);
    if (!rseq)
        return rseq.error();
    if (auto lws = skip_required_lws(text, pos, which); !lws)
        return lws.error();
    auto cseq = read_cseq(text, pos, which);
    if (!cseq)
        return cseq.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    return RAck{static_cast<std::uint32_t>(*rseq), cseq->number, cseq->method_name, cseq->method};
}

Result<Replaces> parse_replaces(std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::Replaces;
    std::size_t pos = lex::skip_lws(text, 0);
    auto call_id = read_call_id(text, pos, which);
    if (!call_id)
        return call_id.error();
    auto params = read_params(text, pos, which, ParamValue::Optional);
    if (!params)
        return params.error();
    if (auto end = expect_end(text, pos, which); !end)
        return end.error();
    Replaces replaces;
    replaces.call_id = *call_id;
    replaces.params = *params;
    if (auto tags = read_replaces_params(replaces, text); !tags)
        return tags.error();
    return replaces;
}

Result<std::optional<Replaces>> embedded_replaces(const Uri& refer_to_uri, std::string& storage) {
    // The header value is %-escaped inside the URI (RFC 3515 §2.1); unescape once, then parse.
    // Error offsets are into the unescaped `storage`.
    auto escaped = uri_header(refer_to_uri.headers, "Replaces");
    if (!escaped)
        return std::optional<Replaces>{};
    storage = unescape(*escaped);
    auto replaces = parse_replaces(storage);
    if (!replaces)
        return replaces.error();
    return std::optional<Replaces>{*replaces};
}

Result<Date> parse_date(std::string_view text) noexcept {
    constexpr HeaderId which = HeaderId::Date;
    std::size_t start = lex::skip_lws(text, 0);
    std::string_view date = text.substr(start);
    if (auto bad = date_shape_mismatch(date); bad != std::string_view::npos) {
        return bad_value(which, start + bad);
    }
    if (auto end = expect_end(text, start + date_shape.size(), which); !end)
        return end.error();
    Date d;
    d.day = decimal_at(date, 5, 2);
    d.month = name_index(date.substr(8, 3), months);
    d.year = decimal_at(date, 12, 4);
    d.hour = decimal_at(date, 17, 2);
    d.minute = decimal_at(date, 20, 2);
    d.second = decimal_at(date, 23, 2);
    if (auto bad = date_field_error(date, d); bad != std::string_view::npos) {
        return bad_value(which, start + bad);
    }
    return d;
}

}  // namespace sessioncore::sip
