// Resolver: runs a ResolutionPlan's DNS steps on a c-ares channel (resolver_cares.hpp) and
// reports Destinations on the io_context.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <utility>

#include <arpa/inet.h>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <netinet/in.h>

#include <sessioncore/transport/resolver.hpp>

#include "resolver_cares.hpp"

namespace sessioncore::transport {
namespace {

using Destinations = Resolver::Destinations;
using ResolveResult = boost::system::result<Destinations>;

// c-ares status of a finished lookup to our error (resolver_error.hpp).
boost::system::error_code error_for(int status) {
    switch (status) {
        case ARES_ENOTFOUND:  // NXDOMAIN, and not in the hosts file
        case ARES_ENONAME:
            return resolver_errc::host_not_found;
        case ARES_ENODATA:  // the name exists without A/AAAA
            return resolver_errc::no_addresses;
        case ARES_ETIMEOUT:
            return resolver_errc::timeout;
        case ARES_EBADNAME:
            return resolver_errc::bad_target;
        case ARES_ECANCELLED:    // ares_cancel(): Resolver::cancel()
        case ARES_EDESTRUCTION:  // ares_destroy(): the Resolver is going away
            return boost::asio::error::operation_aborted;
        case ARES_ENOMEM:
            return make_error_code(boost::system::errc::not_enough_memory);
        default:  // SERVFAIL, REFUSED, FORMERR, bad answer, connection refused, ...
            return resolver_errc::server_failure;
    }
}

std::optional<Endpoint> endpoint_from(const sockaddr* address, std::uint16_t port) {
    if (address == nullptr)
        return std::nullopt;
    Endpoint endpoint;
    endpoint.port = port;
    if (address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        std::memcpy(endpoint.bytes.data(), &v4.sin_addr, 4);
        return endpoint;
    }
    if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, address, sizeof v6);
        std::memcpy(endpoint.bytes.data(), &v6.sin6_addr, 16);
        endpoint.v6 = true;
        return endpoint;
    }
    return std::nullopt;
}

// One Destination per distinct address, in c-ares's order (RFC 6724 sorted), with the plan's
// protocol and port (RFC 3263 §4.2: "each of which can be contacted at the specific port").
Destinations destinations_from(const ares_addrinfo* info, Protocol protocol, std::uint16_t port) {
    Destinations out;
    for (auto* node = info ? info->nodes : nullptr; node != nullptr; node = node->ai_next) {
        auto endpoint = endpoint_from(node->ai_addr, port);
        if (!endpoint)
            continue;
        Destination destination{protocol, *endpoint};
        const bool seen = std::any_of(out.begin(), out.end(), [&](const Destination& d) {
            return d.endpoint == destination.endpoint;
        });
        if (!seen)
            out.push_back(destination);
    }
    return out;
}

}  // namespace

class Resolver::Impl {
public:
    Impl(boost::asio::io_context& io, const ResolverOptions& options) : io_(io) {
        driver_ = detail::CaresDriver::create(io_, options, init_error_);
    }
    ~Impl() {
        // Runs every pending c-ares callback now (ARES_EDESTRUCTION), each posting its
        // handler with operation_aborted, while the lookups below are still alive.
        if (driver_)
            driver_->shutdown();
        for (auto& [id, lookup] : pending_)
            complete(std::move(lookup->handler),
                     boost::system::error_code(boost::asio::error::operation_aborted));
    }

    void resolve(const ResolveTarget& target, Handler handler);
    void cancel();
    [[nodiscard]] boost::system::error_code init_error() const noexcept { return init_error_; }
    [[nodiscard]] std::size_t pending() const noexcept { return pending_.size(); }

private:
    struct Lookup {
        Impl* owner = nullptr;
        std::uint64_t id = 0;
        ResolutionPlan plan;
        std::deque<LookupStep> steps;  // still to run, front first
        Handler handler;
    };

    void complete(Handler handler, ResolveResult result) {
        boost::asio::post(
            io_, [h = std::move(handler), r = std::move(result)]() mutable { h(std::move(r)); });
    }
    void run_next_step(Lookup& lookup);
    void finish(std::uint64_t id, ResolveResult result);
    static void on_addrinfo(void* arg, int status, int timeouts, ares_addrinfo* info);

    boost::asio::io_context& io_;
    std::shared_ptr<detail::CaresDriver> driver_;
    boost::system::error_code init_error_;
    std::map<std::uint64_t, std::unique_ptr<Lookup>> pending_;
    std::uint64_t next_id_ = 1;
};

void Resolver::Impl::resolve(const ResolveTarget& target, Handler handler) {
    auto plan = plan_resolution(target);
    if (!plan)
        return complete(std::move(handler), plan.error());
    if (plan->literal)
        return complete(std::move(handler), Destinations{{plan->protocol, *plan->literal}});
    if (!driver_)
        return complete(std::move(handler), resolver_errc::resolver_unavailable);

    auto lookup = std::make_unique<Lookup>();
    lookup->owner = this;
    lookup->id = next_id_++;
    lookup->steps.assign(plan->steps.begin(), plan->steps.end());
    lookup->plan = std::move(*plan);
    lookup->handler = std::move(handler);
    Lookup& started = *lookup;
    pending_.emplace(started.id, std::move(lookup));
    run_next_step(started);  // may finish (and free) the lookup before returning
}

void Resolver::Impl::run_next_step(Lookup& lookup) {
    if (lookup.steps.empty())
        return finish(lookup.id, resolver_errc::no_addresses);
    const LookupStep step = lookup.steps.front();
    lookup.steps.pop_front();
    switch (step) {
        case LookupStep::Naptr:
        case LookupStep::Srv:
            // TODO(#5): NAPTR (RFC 3263 §4.1) and SRV (§4.2) queries with ares_query() and
            // ares_parse_naptr_reply()/ares_parse_srv_reply(). plan_resolution() does not emit
            // these steps yet; skipping them keeps the A/AAAA fallback the RFC prescribes.
            return run_next_step(lookup);
        case LookupStep::AddressRecords: {
            // A and AAAA in one call; c-ares sends both queries at once (RFC 3263 §4.2).
            ares_addrinfo_hints hints{};
            hints.ai_family = AF_UNSPEC;
            hints.ai_socktype = SOCK_DGRAM;  // one node per address, not one per socket type
            ares_getaddrinfo(driver_->channel(), lookup.plan.host.c_str(), nullptr, &hints,
                             &Impl::on_addrinfo, &lookup);
            driver_->after_call();
            return;
        }
    }
}

void Resolver::Impl::on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* info) {
    auto& lookup = *static_cast<Lookup*>(arg);
    ResolveResult result = resolver_errc::no_addresses;
    if (status == ARES_SUCCESS) {
        auto destinations = destinations_from(info, lookup.plan.protocol, lookup.plan.port);
        if (!destinations.empty())
            result = std::move(destinations);
    } else {
        result = error_for(status);
    }
    if (info != nullptr)
        ares_freeaddrinfo(info);
    lookup.owner->finish(lookup.id, std::move(result));
}

void Resolver::Impl::finish(std::uint64_t id, ResolveResult result) {
    auto found = pending_.find(id);
    if (found == pending_.end())
        return;
    Handler handler = std::move(found->second->handler);
    pending_.erase(found);
    complete(std::move(handler), std::move(result));
}

void Resolver::Impl::cancel() {
    if (!driver_)
        return;
    ares_cancel(driver_->channel());  // each pending callback runs now with ARES_ECANCELLED
    driver_->after_call();
}

Resolver::Resolver(boost::asio::io_context& io, ResolverOptions options)
    : impl_(std::make_unique<Impl>(io, options)) {}

Resolver::~Resolver() = default;

void Resolver::resolve(const ResolveTarget& target, Handler handler) {
    impl_->resolve(target, std::move(handler));
}

void Resolver::cancel() {
    impl_->cancel();
}

boost::system::error_code Resolver::init_error() const noexcept {
    return impl_->init_error();
}

std::size_t Resolver::pending() const noexcept {
    return impl_->pending();
}

}  // namespace sessioncore::transport
