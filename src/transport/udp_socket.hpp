#pragma once
// One worker's UDP socket of a listener: every worker binds the same address with
// SO_REUSEPORT, so the kernel spreads datagrams over the workers, and reads with recvmmsg
// in batches into buffers allocated once.

#include <memory>

#include <boost/asio/ip/udp.hpp>
#include <sys/socket.h>

#include "layer_impl.hpp"

namespace sessioncore::transport::detail {

class UdpSocket : public std::enable_shared_from_this<UdpSocket> {
public:
    static constexpr std::size_t batch = 16;
    static constexpr std::size_t buffer_size = 64 * 1024;  // the largest UDP payload

    UdpSocket(Core& core, Worker& worker);
    /// Opens and binds (SO_REUSEPORT). Call on any thread before start().
    boost::system::error_code bind(const Endpoint& address);
    [[nodiscard]] Endpoint local() const noexcept { return local_; }
    /// Begins reading; on the owning worker.
    void start();
    void close();
    /// Non-blocking sendto from the owning worker; false when the kernel refused it.
    bool send_to(std::string_view bytes, const Endpoint& to) noexcept;

private:
    void grow_buffers();  // SO_RCVBUF / SO_SNDBUF to TransportOptions::udp_socket_buffer
    void arm();
    void on_readable(const boost::system::error_code& ec);

    Core& core_;
    Worker& worker_;
    boost::asio::ip::udp::socket socket_;
    Endpoint local_;
    bool closed_ = false;
    std::unique_ptr<char[]> buffers_;
    std::unique_ptr<mmsghdr[]> headers_;
    std::unique_ptr<iovec[]> iovecs_;
    std::unique_ptr<sockaddr_storage[]> addresses_;
};

/// Conversions between Endpoint and the socket address structures.
Endpoint from_sockaddr(const sockaddr_storage& address) noexcept;
socklen_t to_sockaddr(const Endpoint& endpoint, sockaddr_storage& out) noexcept;

}  // namespace sessioncore::transport::detail
