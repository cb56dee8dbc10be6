// check_request(): what a UAS (RFC 3261 §8.2.1-§8.2.3) or a proxy (§16.3) answers before acting
// on a well-formed request, in the order the RFC gives.
#include <algorithm>

#include <sessioncore/sip/validate.hpp>

#include "lex.hpp"

namespace sessioncore::sip {
namespace {

RequestVerdict refuse(errc code, HeaderId header = HeaderId::None) {
    RequestVerdict v;
    v.error = Error{code, header, 0};
    v.status = v.error.status();
    return v;
}

bool allows_method(const RequestPolicy& policy, Method method) {
    if (policy.methods.empty())
        return true;
    return std::find(policy.methods.begin(), policy.methods.end(), method) != policy.methods.end();
}

bool supports(std::span<const std::string_view> tags, std::string_view tag) {
    return std::any_of(tags.begin(), tags.end(),
                       [tag](std::string_view t) { return lex::iequals(t, tag); });
}

/// RFC 3261 §8.2.2.3 / §16.3 step 4: option tags we lack -> 420 listing them.
RequestVerdict check_extensions(const Message& req, const RequestPolicy& policy) {
    HeaderId which = policy.role == ElementRole::Proxy ? HeaderId::ProxyRequire : HeaderId::Require;
    RequestVerdict verdict;
    for (std::string_view tag : req.values(which)) {
        if (!supports(policy.extensions, tag))
            verdict.unsupported.push_back(tag);
    }
    if (!verdict.unsupported.empty()) {
        verdict.error = Error{errc::bad_extension, which, 0};
        verdict.status = 420;
    }
    return verdict;
}

bool body_type_known(const RequestPolicy& policy, const ContentType& type) {
    return std::any_of(policy.body_types.begin(), policy.body_types.end(),
                       [&type](std::string_view known) {
                           auto slash = known.find('/');
                           return type.matches(known.substr(0, slash), known.substr(slash + 1));
                       });
}

/// Accept lists media ranges; an INVITE's must admit one body type we can answer with.
bool accept_admits_ours(const Message& req, const RequestPolicy& policy) {
    if (req.find(HeaderId::Accept) == nullptr || policy.body_types.empty())
        return true;
    for (std::string_view element : req.values(HeaderId::Accept)) {
        auto range = parse_content_type(element, HeaderId::Accept);
        if (!range)
            continue;
        for (std::string_view known : policy.body_types) {
            auto slash = known.find('/');
            std::string_view type = known.substr(0, slash), sub = known.substr(slash + 1);
            bool type_ok = range->type == "*" || lex::iequals(range->type, type);
            bool sub_ok = range->subtype == "*" || lex::iequals(range->subtype, sub);
            if (type_ok && sub_ok)
                return true;
        }
    }
    return false;
}

RequestVerdict check_content(const Message& req, const RequestPolicy& policy) {
    // §8.2.3: a body we cannot read -> 415; an Accept we cannot satisfy -> 406 (RFC 4475 sdp01).
    if (!req.body().empty() && !policy.body_types.empty()) {
        auto type = req.content_type();
        if (type && *type && !body_type_known(policy, **type)) {
            return refuse(errc::unsupported_media_type, HeaderId::ContentType);
        }
    }
    if (req.method() == Method::Invite && !accept_admits_ours(req, policy)) {
        return refuse(errc::not_acceptable, HeaderId::Accept);
    }
    return {};
}

}  // namespace

RequestVerdict check_request(const Message& req, const RequestPolicy& policy) {
    bool uas = policy.role == ElementRole::UserAgentServer;
    // §8.2.1: method inspection; unknown methods are 501 before anything else (RFC 4475
    // mismatch02 prefers 501 to 400).
    if (uas && req.method() == Method::Unknown)
        return refuse(errc::unknown_method);
    if (uas && !allows_method(policy, req.method()))
        return refuse(errc::method_not_allowed);
    auto cseq = req.cseq();
    if (!cseq)
        return refuse(cseq.error().code, HeaderId::CSeq);
    if (cseq->method_name != req.method_name()) {
        return refuse(errc::cseq_method_mismatch, HeaderId::CSeq);
    }
    // §8.2.2.1 / §16.3 step 2: a scheme we cannot serve -> 416.
    auto uri = req.parsed_request_uri();
    if (!uri)
        return refuse(uri.error().code);
    if (uri->scheme == UriScheme::Other)
        return refuse(errc::unsupported_uri_scheme);
    // §16.3 step 3: a proxy must not forward a request whose Max-Forwards is 0 (RFC 4475 zeromf).
    if (!uas) {
        auto hops = req.max_forwards();
        if (hops && *hops && **hops == 0)
            return refuse(errc::too_many_hops, HeaderId::MaxForwards);
    }
    // §8.2.2.3: never 420 for ACK or CANCEL.
    if (req.method() != Method::Ack && req.method() != Method::Cancel) {
        if (auto v = check_extensions(req, policy); v.status != 0)
            return v;
    }
    if (uas)
        return check_content(req, policy);
    return {};
}

}  // namespace sessioncore::sip
