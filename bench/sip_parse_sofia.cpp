// The sofia-sip contender of the SIP parse benchmark (see sip_parse_contenders.hpp).
//
// msg_make() is sofia's one-call parse of a complete message: msg_create(), a preloaded
// su_home sized for the message, one copy of the bytes, msg_extract(). msg_extract() runs the
// header class parser of every known header as it is split (sofia parses eagerly: Via, From,
// To, CSeq, Call-ID, Contact and the Request-URI are decoded into structs, and so are Allow,
// Supported, Content-Type, ...), so nothing is left to force after it returns.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include "sip_parse_contenders.hpp"

namespace sessioncore::bench {
namespace {

std::string to_string(const char* s) {
    return s ? std::string(s) : std::string();
}

/// Owns one parsed sofia message.
class SofiaMessage {
public:
    explicit SofiaMessage(std::string_view bytes)
        : msg_(msg_make(sip_default_mclass(), 0, bytes.data(),
                        static_cast<ssize_t>(bytes.size()))) {}
    ~SofiaMessage() {
        if (msg_)
            msg_destroy(msg_);
    }
    SofiaMessage(const SofiaMessage&) = delete;
    SofiaMessage& operator=(const SofiaMessage&) = delete;

    /// The parsed message, or nullptr when sofia failed or flagged an error.
    [[nodiscard]] sip_t* sip() const {
        if (!msg_ || msg_has_error(msg_))
            return nullptr;
        return sip_object(msg_);
    }

private:
    msg_t* msg_;
};

bool has_mandatory_headers(const sip_t* sip) {
    return sip->sip_via && sip->sip_from && sip->sip_to && sip->sip_call_id && sip->sip_cseq &&
           (sip->sip_request || sip->sip_status);
}

}  // namespace

bool SofiaParser::parse_and_touch(std::string_view bytes) const {
    SofiaMessage message(bytes);
    const sip_t* sip = message.sip();
    if (!sip || !has_mandatory_headers(sip))
        return false;
    if (sip->sip_request) {
        benchmark::DoNotOptimize(sip->sip_request->rq_method_name);
        benchmark::DoNotOptimize(sip->sip_request->rq_url->url_host);
    } else {
        benchmark::DoNotOptimize(sip->sip_status->st_status);
    }
    for (const sip_via_t* via = sip->sip_via; via; via = via->v_next) {
        benchmark::DoNotOptimize(via->v_host);
        benchmark::DoNotOptimize(via->v_branch);
    }
    benchmark::DoNotOptimize(sip->sip_from->a_url->url_host);
    benchmark::DoNotOptimize(sip->sip_from->a_tag);
    benchmark::DoNotOptimize(sip->sip_to->a_url->url_host);
    benchmark::DoNotOptimize(sip->sip_to->a_tag);
    benchmark::DoNotOptimize(sip->sip_cseq->cs_seq);
    benchmark::DoNotOptimize(sip->sip_cseq->cs_method_name);
    benchmark::DoNotOptimize(sip->sip_call_id->i_id);
    for (const sip_contact_t* contact = sip->sip_contact; contact; contact = contact->m_next) {
        benchmark::DoNotOptimize(contact->m_url->url_host);
    }
    return true;
}

std::optional<Extracted> SofiaParser::extract(std::string_view bytes) const {
    SofiaMessage message(bytes);
    const sip_t* sip = message.sip();
    if (!sip || !has_mandatory_headers(sip))
        return std::nullopt;
    Extracted out;
    out.call_id = to_string(sip->sip_call_id->i_id);
    out.cseq = sip->sip_cseq->cs_seq;
    out.top_via_branch = to_string(sip->sip_via->v_branch);
    out.from_tag = to_string(sip->sip_from->a_tag);
    out.to_tag = to_string(sip->sip_to->a_tag);
    if (sip->sip_contact)
        out.contact_host = to_string(sip->sip_contact->m_url->url_host);
    for (const sip_via_t* via = sip->sip_via; via; via = via->v_next)
        ++out.via_count;
    return out;
}

}  // namespace sessioncore::bench
