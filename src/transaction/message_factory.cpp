#include <random>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/sip/builder.hpp>
#include <sessioncore/sip/via.hpp>
#include <sessioncore/transaction/message_factory.hpp>

#include "text.hpp"

namespace sessioncore::transaction {
namespace {

using sip::HeaderId;

// A value on one line: the value itself when nothing is folded (the usual case: no copy; the
// builder copies it anyway), else its unfolded copy in `scratch`, which must outlive the view.
std::string_view one_line(std::string_view value, std::string& scratch) {
    if (value.find('\r') == std::string_view::npos && value.find('\n') == std::string_view::npos)
        return value;
    scratch = detail::one_line(value);
    return scratch;
}

// The field's value on one line (see one_line), or a missing_header error naming it.
sip::Result<std::string_view> required(const sip::Message& m, HeaderId id, std::string& scratch) {
    const auto* field = m.find(id);
    if (field == nullptr)
        return sip::Error{sip::errc::missing_header, id};
    return one_line(field->value, scratch);
}

// ACK and CANCEL share their shape (RFC 3261 §17.1.1.3, §9.1): the INVITE's Request-URI,
// exactly one Via (its top one, so a CANCEL carries the INVITE's branch), Max-Forwards 70, its
// Route set, From, Call-ID and the CSeq number with the new method; To differs between them.
sip::Result<sip::Message> derived_request(const sip::Message& invite, std::string_view method,
                                          std::string_view to) {
    auto vias = invite.values(HeaderId::Via);
    if (vias.empty())
        return sip::Error{sip::errc::missing_header, HeaderId::Via};
    auto cseq = invite.cseq();
    if (!cseq)
        return cseq.error();
    std::string from_scratch, call_id_scratch, scratch;
    auto from = required(invite, HeaderId::From, from_scratch);
    if (!from)
        return from.error();
    auto call_id = required(invite, HeaderId::CallId, call_id_scratch);
    if (!call_id)
        return call_id.error();

    auto builder = sip::MessageBuilder::request(method, invite.request_uri());
    builder.header(HeaderId::Via, one_line(*vias.begin(), scratch))
        .header(HeaderId::MaxForwards, "70");
    for (auto route : invite.values(HeaderId::Route))
        builder.header(HeaderId::Route, one_line(route, scratch));
    builder.header(HeaderId::From, *from)
        .header(HeaderId::To, to)
        .header(HeaderId::CallId, *call_id)
        .header(HeaderId::CSeq, std::to_string(cseq->number) + " " + std::string(method));
    return builder.build();
}

// 32 symbols, 5 bits each: lower-case letters and digits, all token characters (§25.1).
constexpr std::string_view base32 = "abcdefghijklmnopqrstuvwxyz234567";

std::string random_text(std::size_t length) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::string out;
    out.reserve(length);
    std::uint64_t bits = 0;
    int left = 0;
    for (std::size_t i = 0; i < length; ++i) {
        if (left < 5) {
            bits = engine();
            left = 64;
        }
        out.push_back(base32[bits & 31U]);
        bits >>= 5;
        left -= 5;
    }
    return out;
}

}  // namespace

sip::Result<sip::Message> make_response(const sip::Message& request, std::uint16_t status,
                                        const ResponseOptions& options) {
    SC_ASSERT(request.is_request(), "a response answers a request");
    if (request.count(HeaderId::Via) == 0)
        return sip::Error{sip::errc::missing_header, HeaderId::Via};
    std::string from_scratch, to_scratch, call_id_scratch, cseq_scratch, scratch;
    auto from = required(request, HeaderId::From, from_scratch);
    if (!from)
        return from.error();
    auto to = required(request, HeaderId::To, to_scratch);
    if (!to)
        return to.error();
    auto call_id = required(request, HeaderId::CallId, call_id_scratch);
    if (!call_id)
        return call_id.error();
    auto cseq = required(request, HeaderId::CSeq, cseq_scratch);
    if (!cseq)
        return cseq.error();

    auto builder = sip::MessageBuilder::response(status, options.reason);
    // §8.2.6.2: the Via fields in the same order, so the response retraces the request's path.
    for (const auto& field : request.headers()) {
        if (field.id == HeaderId::Via)
            builder.header(HeaderId::Via, one_line(field.value, scratch));
    }
    builder.header(HeaderId::From, *from);
    // §8.2.6.2: a response other than 100 carries a To tag; an existing one is kept.
    std::string_view to_value = *to;
    std::string tagged_to;
    if (status > 100) {
        auto parsed_to = request.to();
        if (!parsed_to)
            return parsed_to.error();
        if (!parsed_to->tag()) {
            const std::string made = options.to_tag.empty() ? make_tag() : std::string{};
            const std::string_view tag = options.to_tag.empty() ? made : options.to_tag;
            tagged_to.reserve(to_value.size() + 5 + tag.size());
            tagged_to.append(to_value).append(";tag=").append(tag);
            to_value = tagged_to;
        }
    }
    builder.header(HeaderId::To, to_value).header(HeaderId::CallId, *call_id);
    builder.header(HeaderId::CSeq, *cseq);
    // §8.2.6.1: a 100 Trying echoes the request's Timestamp.
    if (status == 100) {
        if (const auto* timestamp = request.find(HeaderId::Timestamp))
            builder.header(HeaderId::Timestamp, one_line(timestamp->value, scratch));
    }
    for (const auto& extra : options.headers)
        builder.header(extra.name, extra.value);
    if (!options.body.empty() || !options.content_type.empty())
        builder.body(options.content_type, options.body);
    return builder.build();
}

sip::Result<sip::Message> make_ack_for_non2xx(const sip::Message& invite,
                                              const sip::Message& response) {
    std::string scratch;
    auto to = required(response, HeaderId::To, scratch);
    if (!to)
        return to.error();
    return derived_request(invite, "ACK", *to);
}

sip::Result<sip::Message> make_cancel(const sip::Message& invite) {
    std::string scratch;
    auto to = required(invite, HeaderId::To, scratch);
    if (!to)
        return to.error();
    return derived_request(invite, "CANCEL", *to);
}

std::string make_branch() {
    return std::string(sip::branch_magic_cookie) + random_text(24);
}

std::string make_tag() {
    return random_text(16);
}

}  // namespace sessioncore::transaction
