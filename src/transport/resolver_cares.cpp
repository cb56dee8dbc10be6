// The c-ares channel under Asio (see resolver_cares.hpp).

#include "resolver_cares.hpp"

#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/error.hpp>
#include <sys/time.h>

namespace sessioncore::transport::detail {
namespace {

// ares_library_init is process-wide and not thread-safe (c-ares manual); once is enough.
int init_cares_library() {
    static std::once_flag once;
    static int status = ARES_SUCCESS;
    std::call_once(once, [] { status = ares_library_init(ARES_LIB_INIT_ALL); });
    return status;
}

boost::system::error_code cares_setup_error(int status) {
    if (status == ARES_ENOMEM)
        return make_error_code(boost::system::errc::not_enough_memory);
    return resolver_errc::resolver_unavailable;
}

}  // namespace

std::shared_ptr<CaresDriver> CaresDriver::create(boost::asio::io_context& io,
                                                 const ResolverOptions& options,
                                                 boost::system::error_code& error) {
    auto driver = std::make_shared<CaresDriver>(io);
    error = driver->configure(options);
    if (error)
        return nullptr;
    return driver;
}

CaresDriver::CaresDriver(boost::asio::io_context& io) : io_(io), timer_(io) {}

CaresDriver::~CaresDriver() {
    shutdown();
}

boost::system::error_code CaresDriver::configure(const ResolverOptions& options) {
    if (int status = init_cares_library(); status != ARES_SUCCESS)
        return cares_setup_error(status);

    const auto timeout_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout).count();
    // "f": hosts file, "b": DNS ("bind"), tried in that order.
    std::string lookups = options.hosts_file == HostsFile::Read ? "fb" : "b";
    ares_options o{};
    o.sock_state_cb = &CaresDriver::on_socket_state;
    o.sock_state_cb_data = this;
    o.timeout = static_cast<int>(std::max<decltype(timeout_ms)>(timeout_ms, 1));
    o.tries = std::max(options.tries, 1);
    // SIP targets are fully qualified (RFC 3263 §4): no resolv.conf search list, which would
    // also turn one NXDOMAIN into one query per search domain.
    o.domains = nullptr;
    o.ndomains = 0;
    o.lookups = lookups.data();
    // ARES_OPT_NOROTATE: name_servers are asked in the order given, even if resolv.conf says
    // "options rotate".
    const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
                     ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS | ARES_OPT_NOROTATE;
    if (int status = ares_init_options(&channel_, &o, mask); status != ARES_SUCCESS) {
        channel_ = nullptr;
        return cares_setup_error(status);
    }
    if (options.name_servers.empty())
        return {};

    std::vector<ares_addr_port_node> servers(options.name_servers.size());
    for (std::size_t i = 0; i < servers.size(); ++i) {
        const Endpoint& server = options.name_servers[i];
        ares_addr_port_node& node = servers[i];
        node.next = i + 1 < servers.size() ? &servers[i + 1] : nullptr;
        node.family = server.v6 ? AF_INET6 : AF_INET;
        if (server.v6)
            std::memcpy(&node.addr.addr6, server.bytes.data(), 16);
        else
            std::memcpy(&node.addr.addr4, server.bytes.data(), 4);
        node.udp_port = server.port;  // 0: c-ares uses 53
        node.tcp_port = server.port;
    }
    if (int status = ares_set_servers_ports(channel_, servers.data()); status != ARES_SUCCESS)
        return cares_setup_error(status);
    return {};
}

void CaresDriver::shutdown() {
    if (channel_ == nullptr)
        return;
    ares_channel channel = channel_;
    ares_destroy(channel);  // callbacks run here; sockets are reported closed (0, 0)
    channel_ = nullptr;
    for (auto& [fd, watch] : watches_) {
        watch->closed = true;
        watch->descriptor.release();
    }
    watches_.clear();
    timer_.cancel();
}

void CaresDriver::on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
    static_cast<CaresDriver*>(data)->update_watch(fd, readable != 0, writable != 0);
}

void CaresDriver::update_watch(ares_socket_t fd, bool readable, bool writable) {
    auto found = watches_.find(fd);
    if (!readable && !writable) {
        // c-ares is about to close the socket: give it back without closing it, which also
        // cancels our waits (they complete with operation_aborted and see `closed`).
        if (found == watches_.end())
            return;
        found->second->closed = true;
        found->second->descriptor.release();
        watches_.erase(found);
        return;
    }
    if (found == watches_.end())
        found = watches_.emplace(fd, std::make_shared<Watch>(io_, fd)).first;
    found->second->want_read = readable;
    found->second->want_write = writable;
    start_waits(found->second);
}

void CaresDriver::start_waits(const std::shared_ptr<Watch>& watch) {
    using Descriptor = boost::asio::posix::stream_descriptor;
    std::weak_ptr<CaresDriver> weak = weak_from_this();
    if (watch->want_read && !watch->reading) {
        watch->reading = true;
        watch->descriptor.async_wait(Descriptor::wait_read,
                                     [weak, watch](const boost::system::error_code& ec) {
                                         watch->reading = false;
                                         auto self = weak.lock();
                                         if (ec || watch->closed || !self)
                                             return;
                                         self->on_ready(watch, true);
                                     });
    }
    if (watch->want_write && !watch->writing) {
        watch->writing = true;
        watch->descriptor.async_wait(Descriptor::wait_write,
                                     [weak, watch](const boost::system::error_code& ec) {
                                         watch->writing = false;
                                         auto self = weak.lock();
                                         if (ec || watch->closed || !self)
                                             return;
                                         self->on_ready(watch, false);
                                     });
    }
}

void CaresDriver::on_ready(const std::shared_ptr<Watch>& watch, bool readable) {
    if (channel_ == nullptr)
        return;
    ares_process_fd(channel_, readable ? watch->fd : ARES_SOCKET_BAD,
                    readable ? ARES_SOCKET_BAD : watch->fd);
    // c-ares may have closed the socket meanwhile (watch->closed), or still want it.
    if (!watch->closed)
        start_waits(watch);
    after_call();
}

void CaresDriver::after_call() {
    if (channel_ == nullptr)
        return;
    timeval next{};
    if (ares_timeout(channel_, nullptr, &next) == nullptr) {
        timer_.cancel();
        return;
    }
    timer_.expires_after(std::chrono::seconds(next.tv_sec) +
                         std::chrono::microseconds(next.tv_usec));
    std::weak_ptr<CaresDriver> weak = weak_from_this();
    timer_.async_wait([weak](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self || self->channel_ == nullptr)
            return;
        // Both sockets "bad": only timeouts are processed (c-ares manual, ares_process_fd).
        ares_process_fd(self->channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
        self->after_call();
    });
}

}  // namespace sessioncore::transport::detail
