// The libre contender of the SIP parse benchmark (see sip_parse_contenders.hpp).
//
// sip_msg_decode() splits every header (comma lists into elements), decodes the Request-URI,
// the top Via, From, To (with tag), CSeq and Content-Type, and keeps Call-ID as a pointer and
// length. Contact is only split, so we decode the first one with sip_addr_decode(); Vias after
// the first are only split, so we decode each with sip_via_decode() as the other contenders do.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "sip_parse_contenders.hpp"

// libre's headers depend on the feature macros its build defined (/usr/share/re/re.mk):
// without HAVE_STDBOOL_H re_types.h defines `bool`, `true` and `false` as macros, which breaks
// C++; HAVE_INET6 and HAVE_INTTYPES_H match the library's own build; RELEASE drops the inline
// mbuf debug checks as the release library does. Included last, after every C++ header.
#define HAVE_INTTYPES_H 1
#define HAVE_STDBOOL_H 1
#define HAVE_INET6 1
#define RELEASE 1
extern "C" {
#include <re.h>
}

namespace sessioncore::bench {
namespace {

std::string to_string(const pl& p) {
    return p.p ? std::string(p.p, p.l) : std::string();
}

struct ViaWalk {
    std::size_t seen = 0;
    bool failed = false;
};

// Decodes every Via after the first (sip_msg_decode already decoded msg->via).
bool decode_next_via(const sip_hdr* hdr, const sip_msg*, void* arg) {
    auto* walk = static_cast<ViaWalk*>(arg);
    if (walk->seen++ == 0)
        return false;
    sip_via via{};
    if (sip_via_decode(&via, &hdr->val) != 0) {
        walk->failed = true;
        return true;
    }
    benchmark::DoNotOptimize(via.sentby);
    benchmark::DoNotOptimize(via.branch);
    return false;
}

/// Owns one decoded libre message.
class LibreMessage {
public:
    explicit LibreMessage(mbuf* buffer) {
        buffer->pos = 0;  // sip_msg_decode leaves pos after the message
        if (sip_msg_decode(&msg_, buffer) != 0)
            msg_ = nullptr;
    }
    ~LibreMessage() { mem_deref(msg_); }
    LibreMessage(const LibreMessage&) = delete;
    LibreMessage& operator=(const LibreMessage&) = delete;
    [[nodiscard]] const sip_msg* get() const { return msg_; }

private:
    sip_msg* msg_ = nullptr;
};

}  // namespace

struct LibreParser::Impl {
    mbuf* buffer = nullptr;
};

LibreParser::LibreParser() : impl_(std::make_unique<Impl>()) {
    if (libre_init() != 0)
        throw std::runtime_error("libre_init failed");
}

LibreParser::~LibreParser() {
    mem_deref(impl_->buffer);
    libre_close();
}

void LibreParser::load(std::string_view bytes) {
    mem_deref(impl_->buffer);
    impl_->buffer = mbuf_alloc(bytes.size());
    if (!impl_->buffer ||
        mbuf_write_mem(impl_->buffer, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                       bytes.size()) != 0) {
        throw std::runtime_error("libre mbuf allocation failed");
    }
}

bool LibreParser::parse_and_touch() {
    LibreMessage message(impl_->buffer);
    const sip_msg* msg = message.get();
    if (!msg)
        return false;
    if (msg->req) {
        benchmark::DoNotOptimize(msg->met);
        benchmark::DoNotOptimize(msg->uri.host);
    } else {
        benchmark::DoNotOptimize(msg->scode);
    }
    benchmark::DoNotOptimize(msg->via.sentby);
    benchmark::DoNotOptimize(msg->via.branch);
    ViaWalk walk;
    sip_msg_hdr_apply(msg, true, SIP_HDR_VIA, decode_next_via, &walk);
    if (walk.failed)
        return false;
    benchmark::DoNotOptimize(msg->from.uri.host);
    benchmark::DoNotOptimize(msg->from.tag);
    benchmark::DoNotOptimize(msg->to.uri.host);
    benchmark::DoNotOptimize(msg->to.tag);
    benchmark::DoNotOptimize(msg->cseq.num);
    benchmark::DoNotOptimize(msg->cseq.met);
    benchmark::DoNotOptimize(msg->callid);
    if (const sip_hdr* hdr = sip_msg_hdr(msg, SIP_HDR_CONTACT)) {
        sip_addr contact{};
        if (sip_addr_decode(&contact, &hdr->val) != 0)
            return false;
        benchmark::DoNotOptimize(contact.uri.host);
    }
    return true;
}

std::optional<Extracted> LibreParser::extract(std::string_view bytes) {
    load(bytes);
    LibreMessage message(impl_->buffer);
    const sip_msg* msg = message.get();
    if (!msg)
        return std::nullopt;
    Extracted out;
    out.call_id = to_string(msg->callid);
    out.cseq = msg->cseq.num;
    out.top_via_branch = to_string(msg->via.branch);
    out.from_tag = to_string(msg->from.tag);
    out.to_tag = to_string(msg->to.tag);
    if (const sip_hdr* hdr = sip_msg_hdr(msg, SIP_HDR_CONTACT)) {
        sip_addr contact{};
        if (sip_addr_decode(&contact, &hdr->val) != 0)
            return std::nullopt;
        out.contact_host = to_string(contact.uri.host);
    }
    out.via_count = sip_msg_hdr_count(msg, SIP_HDR_VIA);
    return out;
}

}  // namespace sessioncore::bench
