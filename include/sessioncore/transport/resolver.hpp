#pragma once
// Target resolution for outgoing requests (RFC 3263 §4): a SIP or SIPS URI's host, port and
// transport= parameter become an ordered list of Destinations to try in turn.
//
// Two parts:
//  - plan_resolution(): pure, no I/O. Applies RFC 3263 §4.1 (transport) and §4.2 (port) and
//    says which DNS steps remain. An IP literal is fully resolved here.
//  - Resolver: runs the DNS steps with c-ares on one boost::asio::io_context (its sockets are
//    watched by the io_context; no extra thread, nothing blocks).
//
// Implemented now: IP literals and A/AAAA lookups. NAPTR (§4.1) and SRV (§4.2) are steps of the
// plan that are not produced yet (TODO(#5)); the port and transport defaults they would refine
// are applied directly instead.
//
// No Asio in this header (STYLE.md §6): the io_context is forward-declared.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/transport/endpoint.hpp>
#include <sessioncore/transport/resolver_error.hpp>
#include <sessioncore/transport/transport.hpp>

namespace boost::asio {
class io_context;
}

namespace sessioncore::transport {

/// "sip:" or "sips:" (RFC 3261 §19.1).
enum class Scheme : std::uint8_t { Sip, Sips };

/// What the caller took from the URI it sends to (Request-URI or top Route, RFC 3261 §8.1.2).
/// The caller maps transport= to a Protocol (protocol_from_via_token() accepts the same tokens)
/// and rejects transports we do not run (sctp, ws) itself.
struct ResolveTarget {
    Scheme scheme = Scheme::Sip;
    std::string host;                   ///< "example.com", "192.0.2.1", "[2001:db8::1]" or "::1"
    std::optional<std::uint16_t> port;  ///< from the URI; nullopt when absent
    std::optional<Protocol> transport;  ///< from transport=; nullopt when absent
};

/// The DNS steps of RFC 3263 in the order they run. Only AddressRecords is produced today.
enum class LookupStep : std::uint8_t {
    Naptr,           ///< §4.1: NAPTR of the domain picks the transport (TODO(#5))
    Srv,             ///< §4.2: SRV of _sip._udp. / _sips._tcp. ... picks host and port (TODO(#5))
    AddressRecords,  ///< §4.2: A and AAAA of the host, at `port`
};

/// The decisions of RFC 3263 §4.1/§4.2 that need no DNS.
struct ResolutionPlan {
    Protocol protocol = Protocol::Udp;
    std::uint16_t port = 0;           ///< the URI's port, else the protocol's default
    std::string host;                 ///< the name to look up (no brackets); empty for literals
    std::optional<Endpoint> literal;  ///< set when the host is an IP literal: no DNS at all
    std::vector<LookupStep> steps;    ///< what the Resolver still has to do; empty for literals
};

/// Plans the resolution of `target`. Pure: no I/O, no clock.
/// Errors: resolver_errc::bad_target (empty host, malformed bracketed or IPv6-looking literal,
/// a name with characters a host name cannot have), resolver_errc::insecure_transport
/// (sips with transport=udp).
[[nodiscard]] boost::system::result<ResolutionPlan> plan_resolution(const ResolveTarget& target);

/// Whether the hosts file (/etc/hosts) is consulted before DNS.
enum class HostsFile : std::uint8_t { Read, Ignore };

struct ResolverOptions {
    /// Name servers to ask, in order; empty: the system's (/etc/resolv.conf).
    std::vector<Endpoint> name_servers;
    /// Per query try, per server. c-ares doubles it after each round over all servers, so with
    /// one server the worst case is timeout * (2^tries - 1).
    Duration timeout = std::chrono::seconds(2);
    /// Rounds over the name servers before giving up with resolver_errc::timeout.
    int tries = 2;
    HostsFile hosts_file = HostsFile::Read;
};

/// Resolves SIP targets to Destinations. Lives on one io_context (one shard): construct, call
/// and destroy it on that io_context's thread (or while the io_context is not running).
///
/// Completion: the handler always runs on the io_context, never inside resolve(), exactly once
/// per resolve(), with either a non-empty list of Destinations or an error:
///  - a resolver_errc (see plan_resolution(), plus host_not_found, no_addresses, timeout,
///    server_failure, resolver_unavailable);
///  - boost::asio::error::operation_aborted after cancel() or when the Resolver is destroyed
///    first (the handler is then posted and runs later, after the Resolver is gone: it must not
///    touch the Resolver).
class Resolver {
public:
    using Destinations = std::vector<Destination>;
    using Handler = std::function<void(boost::system::result<Destinations>)>;

    Resolver(boost::asio::io_context& io, ResolverOptions options = {});
    ~Resolver();  // cancels pending lookups: their handlers get operation_aborted
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    /// Starts resolving `target`; `handler` is called as described above. For a host name the
    /// order is c-ares's (RFC 6724 destination address selection), one Destination per address,
    /// all with the planned protocol and port.
    void resolve(const ResolveTarget& target, Handler handler);

    /// Cancels every pending lookup (handlers get operation_aborted); the Resolver stays usable.
    void cancel();

    /// Set when c-ares could not be set up (bad name server list, no memory); every resolve()
    /// of a host name then fails with resolver_errc::resolver_unavailable. IP literals still work.
    [[nodiscard]] boost::system::error_code init_error() const noexcept;

    /// Lookups started and not yet completed.
    [[nodiscard]] std::size_t pending() const noexcept;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::transport
