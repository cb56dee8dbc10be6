#pragma once
// Private: one c-ares channel driven by an Asio io_context, without threads or blocking.
//
// c-ares tells us which sockets it wants watched (ARES_OPT_SOCK_STATE_CB); each becomes a
// posix::stream_descriptor on which we async_wait for read/write readiness and then call
// ares_process_fd(). One steady_timer follows ares_timeout() so that retransmissions and
// timeouts run too. The descriptors never own the sockets: c-ares opens and closes them, we
// release() ours when c-ares says it is done with a socket.

#include <memory>
#include <unordered_map>

#include <ares.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <sessioncore/transport/resolver.hpp>

namespace sessioncore::transport::detail {

class CaresDriver : public std::enable_shared_from_this<CaresDriver> {
public:
    /// Creates and configures the channel. On failure returns nullptr and sets `error`.
    static std::shared_ptr<CaresDriver> create(boost::asio::io_context& io,
                                               const ResolverOptions& options,
                                               boost::system::error_code& error);

    explicit CaresDriver(boost::asio::io_context& io);
    ~CaresDriver();
    CaresDriver(const CaresDriver&) = delete;
    CaresDriver& operator=(const CaresDriver&) = delete;

    /// The channel to start queries on. Call after_call() once a query is started.
    [[nodiscard]] ares_channel channel() const noexcept { return channel_; }
    /// Re-arms the timer to c-ares's next timeout (or cancels it when nothing is pending).
    void after_call();
    /// Destroys the channel now: every pending query's callback runs inside this call with
    /// ARES_EDESTRUCTION, and every socket is given back to c-ares to close. Idempotent.
    void shutdown();

private:
    struct Watch {
        explicit Watch(boost::asio::io_context& io, ares_socket_t socket)
            : descriptor(io, socket), fd(socket) {}
        boost::asio::posix::stream_descriptor descriptor;
        ares_socket_t fd;
        bool want_read = false;
        bool want_write = false;
        bool reading = false;  // an async_wait for read is outstanding
        bool writing = false;
        bool closed = false;  // c-ares closed the socket; late completions are ignored
    };

    static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable);
    void update_watch(ares_socket_t fd, bool readable, bool writable);
    void start_waits(const std::shared_ptr<Watch>& watch);
    void on_ready(const std::shared_ptr<Watch>& watch, bool readable);
    boost::system::error_code configure(const ResolverOptions& options);

    boost::asio::io_context& io_;
    boost::asio::steady_timer timer_;
    std::unordered_map<ares_socket_t, std::shared_ptr<Watch>> watches_;
    ares_channel channel_ = nullptr;
};

}  // namespace sessioncore::transport::detail
