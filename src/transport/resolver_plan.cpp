// plan_resolution(): the part of RFC 3263 §4 that needs no DNS.

#include <string>

#include <sessioncore/transport/resolver.hpp>

namespace sessioncore::transport {
namespace {

// RFC 3261 §25.1 hostname: labels of alphanum and "-" separated by "."; a trailing "." is
// allowed (fully qualified). "_" is accepted too: it appears in real SRV-style names.
bool is_host_name(std::string_view name) {
    if (name.empty() || name.size() > 253 || name.front() == '.')
        return false;
    char previous = '.';
    for (char c : name) {
        const bool label_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!label_char && c != '.')
            return false;
        if (c == '.' && previous == '.')
            return false;  // empty label
        previous = c;
    }
    return true;
}

// RFC 3263 §4.1: transport= wins; otherwise UDP for sip and TCP for sips, and a sips target is
// always reached over TLS. TLS over UDP is not defined for SIP (RFC 3261 §26.2.2 requires TLS).
boost::system::result<Protocol> choose_protocol(const ResolveTarget& target) {
    const bool secure = target.scheme == Scheme::Sips;
    if (!target.transport)
        return secure ? Protocol::Tls : Protocol::Udp;
    if (!secure)
        return *target.transport;
    if (*target.transport == Protocol::Udp)
        return resolver_errc::insecure_transport;
    return Protocol::Tls;
}

}  // namespace

boost::system::result<ResolutionPlan> plan_resolution(const ResolveTarget& target) {
    if (target.port && *target.port == 0)
        return resolver_errc::bad_target;
    auto protocol = choose_protocol(target);
    if (!protocol)
        return protocol.error();

    ResolutionPlan plan;
    plan.protocol = *protocol;
    // RFC 3263 §4.2: the URI's port, else the default port of the chosen transport.
    plan.port = target.port.value_or(default_port(plan.protocol));

    // RFC 3263 §4.2: a numeric IP address is used as is; no DNS. RFC 3261 §25.1 brackets only
    // IPv6 references, so "[192.0.2.1]" is no literal (and, with its brackets, no host name).
    const bool bracketed = target.host.starts_with('[');
    if (auto literal = Endpoint::from_ip(target.host, plan.port);
        literal && (literal->v6 || !bracketed)) {
        plan.literal = *literal;
        return plan;
    }
    const std::string_view host = target.host;
    if (host.find_first_of("[]:") != std::string_view::npos || !is_host_name(host))
        return resolver_errc::bad_target;

    plan.host = target.host;
    // TODO(#5): without a port, RFC 3263 §4.2 asks SRV first (_sip._udp, _sip._tcp,
    // _sips._tcp, per protocol), and without a transport either, §4.1 asks NAPTR before that
    // to choose the transport. Both would be pushed here, ahead of AddressRecords, and the
    // Resolver would run them in order; until then the defaults above stand.
    plan.steps.push_back(LookupStep::AddressRecords);
    return plan;
}

}  // namespace sessioncore::transport
