#include <mutex>
#include <vector>

#include <boost/asio/error.hpp>

#include <sessioncore/media/rtp_io_error.hpp>
#include <sessioncore/media/rtp_port_allocator.hpp>

namespace sessioncore::media {

namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace detail {

// The leased pairs of one range. Shared with the leases, so a lease may outlive its
// allocator (a call torn down after a reconfiguration) and still give its pair back.
struct PortPool {
    std::uint16_t first_even = 0;
    std::size_t pairs = 0;
    mutable std::mutex mutex;
    std::vector<bool> leased;
    std::size_t next = 0;  // round robin: a port just freed is not reused at once (late packets)
    std::size_t in_use = 0;

    std::optional<std::size_t> reserve() {
        std::scoped_lock lock{mutex};
        for (std::size_t i = 0; i < pairs; ++i) {
            const std::size_t slot = (next + i) % pairs;
            if (!leased[slot]) {
                leased[slot] = true;
                ++in_use;
                next = (slot + 1) % pairs;
                return slot;
            }
        }
        return std::nullopt;
    }
    void give_back(std::size_t slot) {
        std::scoped_lock lock{mutex};
        if (leased[slot]) {
            leased[slot] = false;
            --in_use;
        }
    }
    [[nodiscard]] std::uint16_t port_of(std::size_t slot) const noexcept {
        return static_cast<std::uint16_t>(first_even + 2 * slot);
    }
    [[nodiscard]] std::size_t slot_of(std::uint16_t port) const noexcept {
        return (port - first_even) / 2u;
    }
};

}  // namespace detail

namespace {

boost::system::error_code bind_one(udp::socket& socket, const asio::ip::address& address,
                                   std::uint16_t port) {
    boost::system::error_code ec;
    socket.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
    if (!ec)
        socket.bind(udp::endpoint{address, port}, ec);
    if (!ec)
        socket.non_blocking(true, ec);  // sends from the shard never block it
    if (ec) {
        boost::system::error_code ignored;
        socket.close(ignored);
    }
    return ec;
}

}  // namespace

RtpPortLease::RtpPortLease(std::shared_ptr<detail::PortPool> pool, std::uint16_t port,
                           udp::socket rtp, std::optional<udp::socket> rtcp) noexcept
    : pool_(std::move(pool)), port_(port), rtp_(std::move(rtp)), rtcp_(std::move(rtcp)) {}

RtpPortLease& RtpPortLease::operator=(RtpPortLease&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = std::move(other.pool_);
        port_ = other.port_;
        rtp_ = std::move(other.rtp_);
        rtcp_ = std::move(other.rtcp_);
    }
    return *this;
}

RtpPortLease::~RtpPortLease() {
    release();
}

std::uint16_t RtpPortLease::rtcp_port() const noexcept {
    return rtcp_ ? static_cast<std::uint16_t>(port_ + 1) : port_;
}

udp::socket& RtpPortLease::rtcp_socket() noexcept {
    return rtcp_ ? *rtcp_ : rtp_;
}

void RtpPortLease::release() noexcept {
    if (!pool_)
        return;  // moved from, or released already
    boost::system::error_code ignored;
    rtp_.close(ignored);
    if (rtcp_)
        rtcp_->close(ignored);
    pool_->give_back(pool_->slot_of(port_));
    pool_.reset();
}

RtpPortAllocator::RtpPortAllocator(RtpPortRange range)
    : pool_(std::make_shared<detail::PortPool>()) {
    const std::uint32_t first_even = (range.first + 1u) & ~1u;
    // An even port counts only when its odd successor is in the range too, muxed or not,
    // so one range serves both kinds of session.
    if (range.first <= range.last && first_even + 1u <= range.last) {
        pool_->first_even = static_cast<std::uint16_t>(first_even);
        pool_->pairs = (range.last - first_even + 1u) / 2u;
    }
    pool_->leased.assign(pool_->pairs, false);
}

std::size_t RtpPortAllocator::leased() const {
    std::scoped_lock lock{pool_->mutex};
    return pool_->in_use;
}

std::size_t RtpPortAllocator::capacity() const noexcept {
    return pool_->pairs;
}

boost::system::result<RtpPortLease> RtpPortAllocator::allocate(
    const asio::any_io_executor& executor, const asio::ip::address& address, bool rtcp_mux) {
    if (pool_->pairs == 0)
        return make_error_code(rtp_io_errc::bad_port_range);
    // Each pair is tried at most once per call; one another program holds is skipped, and
    // given back so a later call tries it again.
    for (std::size_t attempt = 0; attempt < pool_->pairs; ++attempt) {
        const auto slot = pool_->reserve();
        if (!slot)
            break;
        const std::uint16_t port = pool_->port_of(*slot);
        udp::socket rtp{executor};
        auto ec = bind_one(rtp, address, port);
        std::optional<udp::socket> rtcp;
        if (!ec && !rtcp_mux) {
            rtcp.emplace(executor);
            ec = bind_one(*rtcp, address, static_cast<std::uint16_t>(port + 1));
        }
        if (!ec)
            return RtpPortLease{pool_, port, std::move(rtp), std::move(rtcp)};
        boost::system::error_code ignored;
        rtp.close(ignored);
        pool_->give_back(*slot);
        if (ec != asio::error::address_in_use)
            return ec;  // a bad address fails every port alike: say so at once
    }
    return make_error_code(rtp_io_errc::port_range_exhausted);
}

}  // namespace sessioncore::media
