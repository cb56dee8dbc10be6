// UDP: SO_REUSEPORT socket per worker, recvmmsg batches (RFC 3261 §18.1.2, §18.2.1).
#include "udp_socket.hpp"

#include <cstring>

#include <netinet/in.h>

namespace sessioncore::transport::detail {

Endpoint from_sockaddr(const sockaddr_storage& address) noexcept {
    Endpoint e;
    if (address.ss_family == AF_INET6) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(address);
        std::memcpy(e.bytes.data(), &a.sin6_addr, 16);
        e.v6 = true;
        e.port = ntohs(a.sin6_port);
    } else {
        const auto& a = reinterpret_cast<const sockaddr_in&>(address);
        std::memcpy(e.bytes.data(), &a.sin_addr, 4);
        e.port = ntohs(a.sin_port);
    }
    return e;
}

socklen_t to_sockaddr(const Endpoint& endpoint, sockaddr_storage& out) noexcept {
    std::memset(&out, 0, sizeof out);
    if (endpoint.v6) {
        auto& a = reinterpret_cast<sockaddr_in6&>(out);
        a.sin6_family = AF_INET6;
        std::memcpy(&a.sin6_addr, endpoint.bytes.data(), 16);
        a.sin6_port = htons(endpoint.port);
        return sizeof(sockaddr_in6);
    }
    auto& a = reinterpret_cast<sockaddr_in&>(out);
    a.sin_family = AF_INET;
    std::memcpy(&a.sin_addr, endpoint.bytes.data(), 4);
    a.sin_port = htons(endpoint.port);
    return sizeof(sockaddr_in);
}

UdpSocket::UdpSocket(Core& core, Worker& worker)
    : core_(core), worker_(worker), socket_(worker.io) {}

// The default receive buffer (rmem_default, ~208 KiB) holds only about a hundred small
// datagrams once the kernel counts each one's overhead: a worker that is not scheduled for
// ~20 ms at 5,000 requests/s loses requests (seen as UdpRcvbufErrors under SIPp load). Ask for
// more: SO_RCVBUFFORCE past rmem_max when we may (CAP_NET_ADMIN), else as much as rmem_max allows.
void UdpSocket::grow_buffers() {
    const int want = core_.options.udp_socket_buffer;
    const int fd = socket_.native_handle();
    for (int option : {SO_RCVBUF, SO_SNDBUF}) {
        const int force = option == SO_RCVBUF ? SO_RCVBUFFORCE : SO_SNDBUFFORCE;
        if (::setsockopt(fd, SOL_SOCKET, force, &want, sizeof want) != 0)
            (void)::setsockopt(fd, SOL_SOCKET, option, &want, sizeof want);
    }
}

boost::system::error_code UdpSocket::bind(const Endpoint& address) {
    boost::system::error_code ec;
    socket_.open(address.v6 ? boost::asio::ip::udp::v6() : boost::asio::ip::udp::v4(), ec);
    if (ec)
        return ec;
    int one = 1;
    if (::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
        return {errno, boost::system::system_category()};
    grow_buffers();
    sockaddr_storage storage;
    socklen_t size = to_sockaddr(address, storage);
    if (::bind(socket_.native_handle(), reinterpret_cast<sockaddr*>(&storage), size) != 0)
        return {errno, boost::system::system_category()};
    socket_.non_blocking(true, ec);
    if (ec)
        return ec;
    size = sizeof storage;
    ::getsockname(socket_.native_handle(), reinterpret_cast<sockaddr*>(&storage), &size);
    local_ = from_sockaddr(storage);
    buffers_ = std::make_unique<char[]>(batch * buffer_size);
    headers_ = std::make_unique<mmsghdr[]>(batch);
    iovecs_ = std::make_unique<iovec[]>(batch);
    addresses_ = std::make_unique<sockaddr_storage[]>(batch);
    return {};
}

void UdpSocket::start() {
    arm();
}

void UdpSocket::arm() {
    if (closed_)
        return;
    socket_.async_wait(boost::asio::ip::udp::socket::wait_read,
                       [self = shared_from_this()](const boost::system::error_code& ec) {
                           self->on_readable(ec);
                       });
}

void UdpSocket::on_readable(const boost::system::error_code& ec) {
    if (ec || closed_)
        return;  // closed (operation_aborted): touch nothing else
    // A few batches per wake-up, then yield to the other handlers of this worker.
    for (int round = 0; round < 4 && !closed_; ++round) {
        for (std::size_t i = 0; i < batch; ++i) {
            iovecs_[i] = {buffers_.get() + i * buffer_size, buffer_size};
            headers_[i].msg_hdr = {};
            headers_[i].msg_hdr.msg_name = &addresses_[i];
            headers_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
            headers_[i].msg_hdr.msg_iov = &iovecs_[i];
            headers_[i].msg_hdr.msg_iovlen = 1;
        }
        int n = ::recvmmsg(socket_.native_handle(), headers_.get(), batch, MSG_DONTWAIT, nullptr);
        if (n <= 0)
            break;
        for (int i = 0; i < n && !closed_; ++i) {
            std::string_view bytes(buffers_.get() + static_cast<std::size_t>(i) * buffer_size,
                                   headers_[i].msg_len);
            core_.on_datagram(worker_, *this, bytes, from_sockaddr(addresses_[i]));
        }
        if (static_cast<std::size_t>(n) < batch)
            break;
    }
    arm();
}

bool UdpSocket::send_to(std::string_view bytes, const Endpoint& to) noexcept {
    if (closed_)
        return false;
    sockaddr_storage storage;
    socklen_t size = to_sockaddr(to, storage);
    auto sent = ::sendto(socket_.native_handle(), bytes.data(), bytes.size(), MSG_DONTWAIT,
                         reinterpret_cast<sockaddr*>(&storage), size);
    return sent == static_cast<ssize_t>(bytes.size());
}

void UdpSocket::close() {
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace sessioncore::transport::detail
