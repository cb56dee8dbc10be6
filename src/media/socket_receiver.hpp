#pragma once
// One UDP socket's receive loop, shared by RtpStream and RtpRelay (private to the media
// layer). The buffer and the sender's address live in a SocketReceiver that the owner keeps
// for its whole life; the owner is a shared Impl that the pending handler holds, so a
// datagram completing after stop(), or after the facade is gone, still finds its buffer.

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/udp.hpp>

namespace sessioncore::media::detail {

struct SocketReceiver {
    // Large enough for any datagram a voice or video RTP peer sends; a datagram that fills
    // it may have been cut by the kernel and is taken as truncated (truncated()).
    static constexpr std::size_t buffer_size = 4096;

    boost::asio::ip::udp::socket* socket = nullptr;
    boost::asio::ip::udp::endpoint from{};
    std::array<std::byte, buffer_size> buffer{};

    [[nodiscard]] static bool truncated(std::size_t size) noexcept { return size >= buffer_size; }
    [[nodiscard]] std::span<std::byte> bytes(std::size_t size) noexcept {
        return {buffer.data(), size};
    }
};

/// Receives the next datagram into `receiver` and hands it to `owner->on_datagram(receiver,
/// size)`, then re-arms, for as long as `owner->receiving()` holds. A closed socket
/// (operation_aborted) ends the loop; any other error concerns one datagram (an ICMP error
/// reported on the socket) and the loop goes on. `Receiver` is SocketReceiver or a struct
/// derived from it that carries the owner's context (which leg, which socket kind).
/// The handler holds a shared_ptr and a reference, so Asio's recycled handler memory holds
/// it: nothing is allocated per datagram once the loop runs.
template <class Owner, class Receiver>
void receive_next(std::shared_ptr<Owner> owner, Receiver& receiver) {
    static_assert(std::is_base_of_v<SocketReceiver, Receiver>);
    receiver.socket->async_receive_from(
        boost::asio::buffer(receiver.buffer), receiver.from,
        [owner = std::move(owner), &receiver](const boost::system::error_code& ec,
                                              std::size_t size) mutable {
            if (!owner->receiving() || ec == boost::asio::error::operation_aborted)
                return;
            if (!ec)
                owner->on_datagram(receiver, size);
            // The callback may have stopped the owner.
            if (owner->receiving())
                receive_next(std::move(owner), receiver);
        });
}

}  // namespace sessioncore::media::detail
