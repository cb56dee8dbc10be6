// Fuzz target: the SIP message parser and everything a parsed message offers.
//
// For each input: parse it as a datagram and as the start of a stream, validate, read every
// typed accessor, split every header into elements and parse each with its typed parser,
// serialize both ways and parse the canonical form again. Properties checked (SC_FUZZ_CHECK):
//  - an unmodified message encodes to exactly the bytes it was parsed from (wire());
//  - a stream parse consumes no more than it was given, and the same prefix parses alone;
//  - what parses under tight Limits parses under the default ones;
//  - a message that validates: its mandatory typed accessors succeed, its canonical form parses
//    (datagram and stream), validates, is equivalent() to it and is a fixed point.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <sessioncore/sip/auth.hpp>
#include <sessioncore/sip/header_values.hpp>
#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>

#include "fuzz_check.hpp"

namespace sip = sessioncore::sip;

namespace {

void touch(const sip::Error& e) {
    SC_FUZZ_CHECK(!e.message().empty());
    SC_FUZZ_CHECK(!e.reason_phrase().empty());
    SC_FUZZ_CHECK(e.status() >= 400 && e.status() <= 699);
}

template <class T>
void touch(const sip::Result<T>& r) {
    if (!r)
        touch(r.error());
}

void touch_params(const sip::Params& params) {
    std::size_t n = 0;
    for (const sip::Param& p : params) {
        ++n;
        SC_FUZZ_CHECK(params.find(p.name).has_value());
        (void)sip::unquote(p.value);
    }
    SC_FUZZ_CHECK(n == params.size());
}

void touch_uri(const sip::Uri& uri) {
    (void)uri.user_unescaped();
    (void)sip::unescape(uri.headers);
    touch_params(uri.params);
}

void touch_name_addr(const sip::NameAddr& na, sip::HeaderId id) {
    (void)na.display_name_text();
    (void)na.tag();
    touch_uri(na.uri);
    touch_params(na.params);
    if (id == sip::HeaderId::ReferTo) {
        std::string storage;
        touch(sip::embedded_replaces(na.uri, storage));
    }
}

void touch_auth(std::string_view element, sip::HeaderId id) {
    auto value = sip::parse_auth_value(element, id);
    if (!value) {
        touch(value.error());
        return;
    }
    for (const sip::AuthParam& p : *value)
        (void)value->find(p.name);
    touch(sip::parse_digest(*value, id));
}

/// Parses one header element with the typed parser its header calls for.
void parse_element(sip::HeaderId id, std::string_view element) {
    using H = sip::HeaderId;
    switch (id) {
        case H::Via:
            if (auto via = sip::parse_via(element))
                touch_params(via->params);
            else
                touch(via.error());
            return;
        case H::From:
        case H::To:
        case H::Contact:
        case H::Route:
        case H::RecordRoute:
        case H::ReplyTo:
        case H::ReferTo:
        case H::ReferredBy:
        case H::Path:
        case H::PAssertedIdentity:
            if (auto na = sip::parse_name_addr(element, id))
                touch_name_addr(*na, id);
            else
                touch(na.error());
            return;
        case H::CallId:
            return touch(sip::parse_call_id(element));
        case H::CSeq:
            return touch(sip::parse_cseq(element));
        case H::MaxForwards:
            return touch(sip::parse_max_forwards(element));
        case H::ContentLength:
        case H::Expires:
        case H::MinExpires:
        case H::RSeq:
            return touch(sip::parse_uint32(element, id));
        case H::ContentType:
        case H::Accept:
            if (auto ct = sip::parse_content_type(element, id)) {
                (void)ct->matches("application", "sdp");
                touch_params(ct->params);
            } else {
                touch(ct.error());
            }
            return;
        case H::Require:
        case H::ProxyRequire:
        case H::Supported:
        case H::Unsupported:
        case H::Allow:
            return touch(sip::parse_token(element, id));
        case H::Event:
        case H::AllowEvents:
            if (auto event = sip::parse_event(element, id))
                (void)event->id();
            else
                touch(event.error());
            return;
        case H::SessionExpires:
            return touch(sip::parse_session_expires(element));
        case H::RAck:
            return touch(sip::parse_rack(element));
        case H::Replaces:
            return touch(sip::parse_replaces(element));
        case H::Date:
            return touch(sip::parse_date(element));
        case H::Authorization:
        case H::ProxyAuthorization:
        case H::WwwAuthenticate:
        case H::ProxyAuthenticate:
        case H::AuthenticationInfo:
            return touch_auth(element, id);
        default:
            return;
    }
}

/// Every header: lookups agree with the field list, and each element goes through its parser.
void exercise_headers(const sip::Message& m) {
    std::array<std::size_t, sip::header_id_count> elements{};
    std::array<std::size_t, sip::header_id_count> fields{};
    for (const sip::HeaderField& f : m.headers()) {
        auto index = static_cast<std::size_t>(f.id);
        SC_FUZZ_CHECK(index < sip::header_id_count);
        ++fields[index];
        SC_FUZZ_CHECK(m.find(f.name) != nullptr);
        sip::HeaderValues values(std::span<const sip::HeaderField>(&f, 1), f.id, f.name);
        for (std::string_view element : values) {
            ++elements[index];
            parse_element(f.id, element);
        }
    }
    // values(id) runs over all lines of a header: the same elements as line by line.
    for (std::size_t i = 2; i < sip::header_id_count; ++i) {
        auto id = static_cast<sip::HeaderId>(i);
        SC_FUZZ_CHECK(m.count(id) == fields[i]);
        SC_FUZZ_CHECK(m.values(id).size() == elements[i]);
        SC_FUZZ_CHECK(m.find(sip::canonical_name(id)) == m.find(id));
    }
}

/// Reads every typed accessor; for a validated message the mandatory ones must succeed.
void exercise_accessors(const sip::Message& m, bool valid) {
    auto uri = m.parsed_request_uri();
    if (uri)
        touch_uri(*uri);
    auto via = m.top_via();
    auto from = m.from();
    auto to = m.to();
    auto call_id = m.call_id();
    auto cseq = m.cseq();
    auto max_forwards = m.max_forwards();
    auto content_length = m.content_length();
    auto expires = m.expires();
    auto content_type = m.content_type();
    touch(via);
    touch(from);
    touch(to);
    touch(call_id);
    touch(cseq);
    touch(max_forwards);
    touch(content_length);
    touch(expires);
    touch(content_type);
    if (!valid)
        return;
    SC_FUZZ_CHECK(!m.is_request() || uri);
    SC_FUZZ_CHECK(via && from && to && call_id && cseq);
    SC_FUZZ_CHECK(max_forwards && content_length && expires && content_type);
}

/// The canonical form of a validated message is a valid, equivalent message and a fixed point.
void check_canonical(const sip::Message& m) {
    std::string canonical = m.encode_canonical();
    auto again = sip::parse(canonical);
    SC_FUZZ_CHECK(again);
    SC_FUZZ_CHECK(sip::validate(*again));
    SC_FUZZ_CHECK(sip::equivalent(m, *again));
    SC_FUZZ_CHECK(again->encode_canonical() == canonical);

    // The canonical form always carries Content-Length, so it frames on a stream too; parse it
    // into a message that held another one to exercise storage reuse.
    sip::Message reused = m.clone();
    SC_FUZZ_CHECK(sip::equivalent(m, reused));
    auto used = sip::parse_into(reused, canonical, {.framing = sip::Framing::Stream});
    SC_FUZZ_CHECK(used && *used == canonical.size());
    SC_FUZZ_CHECK(sip::equivalent(m, reused));
}

void exercise(const sip::Message& m) {
    (void)m.kind();
    (void)m.method();
    SC_FUZZ_CHECK(m.is_request() != m.is_response());
    SC_FUZZ_CHECK(m.encoded_size() == m.wire().size());
    SC_FUZZ_CHECK(m.encode() == m.wire());
    SC_FUZZ_CHECK(!m.modified());

    auto valid = sip::validate(m);
    touch(valid);
    exercise_headers(m);
    exercise_accessors(m, valid.has_value());

    std::string canonical = m.encode_canonical();
    if (valid)
        check_canonical(m);
    else
        touch(sip::parse(canonical));
}

/// Limits small enough that fuzzed inputs reach them.
constexpr sip::Limits tight_limits{.max_message_size = 1024,
                                   .max_header_count = 8,
                                   .max_header_length = 128,
                                   .max_uri_length = 64,
                                   .max_body_size = 256};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);

    auto datagram = sip::parse(bytes, {.framing = sip::Framing::Datagram});
    if (datagram)
        exercise(*datagram);
    else
        touch(datagram.error());

    sip::Message streamed;
    auto used = sip::parse_into(streamed, bytes, {.framing = sip::Framing::Stream});
    if (used) {
        // The message is what was consumed minus the CRLFs skipped before it (RFC 3261 §7.5).
        SC_FUZZ_CHECK(*used <= size);
        std::string_view consumed = bytes.substr(0, *used);
        SC_FUZZ_CHECK(consumed.ends_with(streamed.wire()));
        std::string_view skipped = consumed.substr(0, consumed.size() - streamed.wire().size());
        SC_FUZZ_CHECK(skipped.find_first_not_of("\r\n") == std::string_view::npos);
        exercise(streamed);
        sip::Message alone;
        auto again =
            sip::parse_into(alone, bytes.substr(0, *used), {.framing = sip::Framing::Stream});
        SC_FUZZ_CHECK(again && *again == *used);
    } else {
        SC_FUZZ_CHECK(streamed.headers().empty() && streamed.wire().empty());
        if (used.error().code == sip::errc::need_more)
            SC_FUZZ_CHECK(used.error().needed == 0 || used.error().needed > size);
        else
            touch(used.error());
    }

    auto tight = sip::parse(bytes, {.framing = sip::Framing::Datagram, .limits = tight_limits});
    SC_FUZZ_CHECK(!tight || datagram);
    return 0;
}
