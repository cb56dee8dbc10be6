#pragma once
// Ports for RTP sessions (RFC 3550 §11: RTP on an even port, RTCP on the next odd one; with
// rtcp-mux, RFC 5761, only the even port). The allocator hands out leases: a lease owns the
// bound sockets and gives its ports back when destroyed. Several shards allocate at once, so
// the free list is behind a mutex; allocation is per call setup, not per packet.

#include <cstdint>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/result.hpp>

namespace sessioncore::media {

/// Inclusive port range; RTP uses its even ports, each with its successor for RTCP.
struct RtpPortRange {
    std::uint16_t first = 30000;
    std::uint16_t last = 39999;
};

namespace detail {
struct PortPool;
}

/// One RTP port (and its RTCP port unless muxed), bound. Move-only.
class RtpPortLease {
public:
    RtpPortLease(RtpPortLease&&) noexcept = default;
    RtpPortLease& operator=(RtpPortLease&& other) noexcept;
    RtpPortLease(const RtpPortLease&) = delete;
    RtpPortLease& operator=(const RtpPortLease&) = delete;
    ~RtpPortLease();

    [[nodiscard]] std::uint16_t rtp_port() const noexcept { return port_; }
    /// The RTCP port: rtp_port() + 1, or rtp_port() with rtcp-mux.
    [[nodiscard]] std::uint16_t rtcp_port() const noexcept;
    [[nodiscard]] bool rtcp_mux() const noexcept { return !rtcp_.has_value(); }
    [[nodiscard]] boost::asio::ip::udp::socket& rtp_socket() noexcept { return rtp_; }
    /// The RTCP socket; the RTP socket with rtcp-mux.
    [[nodiscard]] boost::asio::ip::udp::socket& rtcp_socket() noexcept;
    /// Closes the sockets and gives the ports back now (the destructor does it otherwise).
    void release() noexcept;

private:
    friend class RtpPortAllocator;
    RtpPortLease(std::shared_ptr<detail::PortPool> pool, std::uint16_t port,
                 boost::asio::ip::udp::socket rtp,
                 std::optional<boost::asio::ip::udp::socket> rtcp) noexcept;

    std::shared_ptr<detail::PortPool> pool_;
    std::uint16_t port_ = 0;
    boost::asio::ip::udp::socket rtp_;
    std::optional<boost::asio::ip::udp::socket> rtcp_;
};

class RtpPortAllocator {
public:
    /// A range without an even port followed by another port in the range is a
    /// bad_port_range error at allocate() (not a crash: ranges come from configuration).
    explicit RtpPortAllocator(RtpPortRange range);

    /// Binds the next free even port (and the odd one after it unless `rtcp_mux`) on
    /// `address`, with sockets on `executor`. Ports some other program holds are skipped.
    /// Errors: port_range_exhausted, bad_port_range, or the socket error of open().
    [[nodiscard]] boost::system::result<RtpPortLease> allocate(
        const boost::asio::any_io_executor& executor, const boost::asio::ip::address& address,
        bool rtcp_mux = false);

    /// Pairs leased now.
    [[nodiscard]] std::size_t leased() const;
    /// Pairs the range holds.
    [[nodiscard]] std::size_t capacity() const noexcept;

private:
    std::shared_ptr<detail::PortPool> pool_;
};

}  // namespace sessioncore::media
