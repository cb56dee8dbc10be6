// validate(): is this well-formed SIP? Mandatory headers once each (RFC 3261 §8.1.1, §20), every
// header we know parses, Request-URI valid and without headers (§19.1.5, RFC 4475 escruri).
#include <cstring>

#include <sessioncore/sip/auth.hpp>
#include <sessioncore/sip/validate.hpp>

#include "lex.hpp"
#include "message_access.hpp"

namespace sessioncore::sip {
namespace {

template <class T>
Result<void> as_void(const Result<T>& r) noexcept {
    if (!r)
        return r.error();
    return {};
}

Result<void> check_contact(std::string_view element) {
    auto contact = parse_contact(element);
    if (!contact)
        return contact.error();
    // A contact's expires is delta-seconds and must fit 32 bits (RFC 4475 scalar02).
    if (auto expires = contact->address.params.find("expires")) {
        auto v = parse_uint32(*expires, HeaderId::Contact);
        if (!v)
            return Error{errc::bad_header_value, HeaderId::Contact, 0};
    }
    return {};
}

Result<void> check_warning(std::string_view element) {
    // warning-value = warn-code SP warn-agent SP warn-text, warn-code = 3DIGIT (RFC 4475
    // scalarlg's 1812 is not one).
    bool ok = element.size() > 4 && lex::is_digit(element[0]) && lex::is_digit(element[1]) &&
              lex::is_digit(element[2]) && element[3] == ' ';
    if (!ok)
        return Error{errc::bad_header_value, HeaderId::Warning, 0};
    return {};
}

Result<void> check_retry_after(std::string_view value) {
    // Retry-After = delta-seconds [ comment ] *( SEMI retry-param ): the delta must fit 32 bits.
    std::size_t begin = lex::skip_lws(value, 0);
    std::size_t end = begin;
    while (end < value.size() && lex::is_digit(value[end]))
        ++end;
    return as_void(parse_uint32(value.substr(begin, end - begin), HeaderId::RetryAfter));
}

/// Checks one element of a header we know; headers we don't know are opaque (RFC 4475 wsinv).
Result<void> check_element(HeaderId id, std::string_view v) {
    switch (id) {
        case HeaderId::Via:
            return as_void(parse_via(v));
        case HeaderId::From:
        case HeaderId::To:
        case HeaderId::Route:
        case HeaderId::RecordRoute:
        case HeaderId::ReplyTo:
        case HeaderId::ReferTo:
        case HeaderId::ReferredBy:
        case HeaderId::Path:
        case HeaderId::PAssertedIdentity:
            return as_void(parse_name_addr(v, id));
        case HeaderId::Contact:
            return check_contact(v);
        case HeaderId::CallId:
            return as_void(parse_call_id(v));
        case HeaderId::CSeq:
            return as_void(parse_cseq(v));
        case HeaderId::MaxForwards:
            return as_void(parse_max_forwards(v));
        case HeaderId::Expires:
        case HeaderId::MinExpires:
        case HeaderId::RSeq:
            return as_void(parse_uint32(v, id));
        case HeaderId::RetryAfter:
            return check_retry_after(v);
        case HeaderId::ContentType:
        case HeaderId::Accept:
            return as_void(parse_content_type(v, id));
        case HeaderId::Date:
            return as_void(parse_date(v));
        case HeaderId::Warning:
            return check_warning(v);
        case HeaderId::Require:
        case HeaderId::ProxyRequire:
        case HeaderId::Supported:
        case HeaderId::Unsupported:
        case HeaderId::Allow:
            return as_void(parse_token(v, id));
        case HeaderId::Event:
        case HeaderId::AllowEvents:
            return as_void(parse_event(v, id));
        case HeaderId::SessionExpires:
            return as_void(parse_session_expires(v));
        case HeaderId::RAck:
            return as_void(parse_rack(v));
        case HeaderId::Replaces:
            return as_void(parse_replaces(v));
        case HeaderId::Authorization:
        case HeaderId::ProxyAuthorization:
        case HeaderId::WwwAuthenticate:
        case HeaderId::ProxyAuthenticate:
            return as_void(parse_auth_value(v, id));
        default:
            return {};
    }
}

/// CR only ends a line or starts a fold (RFC 3261 §25.1). A bare one inside a value could end
/// the field early at the next hop (header smuggling), so such a message is refused. The
/// parser splits lines at LF and leaves this check here, off its hot path.
Result<void> check_line_ends(const Message& m, const HeaderField& f) {
    std::string_view v = f.value;
    for (const char* cr = static_cast<const char*>(std::memchr(v.data(), '\r', v.size()));
         cr != nullptr;) {
        auto at = static_cast<std::size_t>(cr - v.data());
        if (at + 1 == v.size() || v[at + 1] != '\n')
            return Error{errc::bad_header_value, f.id, offset_in(m.wire(), v) + at};
        cr = static_cast<const char*>(std::memchr(cr + 1, '\r', v.size() - at - 1));
    }
    return {};
}

/// Headers whose value may be empty: "Allow:" (no method), "Supported:" (no extension), an
/// empty Accept (RFC 3261 §20.1, §20.5, §20.37; §25.1 marks their lists optional).
bool may_be_empty(HeaderId id) noexcept {
    switch (id) {
        case HeaderId::Allow:
        case HeaderId::Supported:
        case HeaderId::Accept:
        case HeaderId::AcceptEncoding:
        case HeaderId::AcceptLanguage:
            return true;
        default:
            return false;
    }
}

/// True when `element` is the text the message decoded as its top Via, From, To, Call-ID or
/// CSeq and that decoding succeeded: checking it again would parse the same bytes a second time.
bool decoded_fine(const Message& m, const HeaderField& f, std::string_view element) {
    const auto same = [element](std::string_view decoded_text) {
        return element.data() == decoded_text.data() && element.size() == decoded_text.size();
    };
    if (&f != m.find(f.id))
        return false;
    switch (f.id) {
        case HeaderId::Via:
            return same(*m.values(HeaderId::Via).begin()) && m.top_via().has_value();
        case HeaderId::From:
            return same(f.value) && m.from().has_value();
        case HeaderId::To:
            return same(f.value) && m.to().has_value();
        case HeaderId::CallId:
            return same(f.value) && m.call_id().has_value();
        case HeaderId::CSeq:
            return same(f.value) && m.cseq().has_value();
        default:
            return false;
    }
}

/// Every element of one field; the error offset is made relative to the message.
Result<void> check_field(const Message& m, const HeaderField& f) {
    if (auto r = check_line_ends(m, f); !r)
        return r;
    // An empty value has no elements to iterate, but "CSeq:" or "Via:" is still malformed
    // (found by fuzz/sip_message_fuzz.cpp).
    if (f.value.empty() && !may_be_empty(f.id)) {
        if (auto r = check_element(f.id, f.value); !r)
            return Error{r.error().code, f.id, offset_in(m.wire(), f.raw)};
        return {};
    }
    HeaderValues elements(std::span<const HeaderField>(&f, 1), f.id, f.name);
    for (std::string_view element : elements) {
        if (decoded_fine(m, f, element))
            continue;
        auto r = check_element(f.id, element);
        if (r)
            continue;
        Error e = r.error();
        e.header = f.id;
        e.offset = static_cast<std::uint32_t>(offset_in(m.wire(), element) + e.offset);
        return e;
    }
    return {};
}

Result<void> check_request_uri(const Message& m) {
    auto uri = m.parsed_request_uri();
    if (!uri)
        return uri.error();
    // Headers are not allowed in a Request-URI (RFC 3261 §19.1.5, RFC 4475 escruri).
    bool sip = uri->scheme == UriScheme::Sip || uri->scheme == UriScheme::Sips;
    if (sip && !uri->headers.empty()) {
        return Error{errc::bad_request_uri, HeaderId::None, offset_in(m.wire(), uri->headers)};
    }
    return {};
}

Result<void> check_mandatory(const Message& m) {
    // RFC 3261 §8.1.1: To, From, CSeq, Call-ID and Via, each once (Via may repeat). Max-Forwards
    // is left optional for RFC 2543 peers (RFC 4475 inv2543).
    if (m.find(HeaderId::Via) == nullptr)
        return Error{errc::missing_header, HeaderId::Via, 0};
    for (HeaderId id : {HeaderId::From, HeaderId::To, HeaderId::CallId, HeaderId::CSeq}) {
        if (auto f = the_field(m, id); !f)
            return f.error();
    }
    for (HeaderId id : {HeaderId::MaxForwards, HeaderId::Expires, HeaderId::ContentType}) {
        if (auto f = the_field(m, id); !f && f.error().code != errc::missing_header) {
            return f.error();
        }
    }
    return {};
}

Result<void> check_branch(const Message& m) {
    // A branch that is only the magic cookie identifies nothing (RFC 4475 badbranch).
    auto via = m.top_via();
    if (via && via->branch && *via->branch == branch_magic_cookie) {
        return Error{errc::bad_branch, HeaderId::Via, offset_in(m.wire(), *via->branch)};
    }
    return {};
}

}  // namespace

Result<void> validate(const Message& m) noexcept {
    if (m.is_request()) {
        if (auto r = check_request_uri(m); !r)
            return r;
    }
    if (auto r = check_mandatory(m); !r)
        return r;
    for (const HeaderField& f : m.headers()) {
        if (auto r = check_field(m, f); !r)
            return r;
    }
    return check_branch(m);
}

}  // namespace sessioncore::sip
