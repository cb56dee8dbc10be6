#include <string>

#include <sessioncore/media/rtp_io_error.hpp>

namespace sessioncore::media {
namespace {

class RtpIoCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.media.rtp_io"; }
    std::string message(int value) const override {
        switch (static_cast<rtp_io_errc>(value)) {
            case rtp_io_errc::port_range_exhausted:
                return "RTP port range exhausted";
            case rtp_io_errc::bad_port_range:
                return "RTP port range holds no usable port pair";
            case rtp_io_errc::not_running:
                return "RTP stream is not running";
            case rtp_io_errc::no_remote:
                return "RTP stream has no remote address";
            case rtp_io_errc::payload_too_large:
                return "RTP payload too large for the send buffer";
        }
        return "unknown RTP I/O error";
    }
};

}  // namespace

const boost::system::error_category& rtp_io_category() noexcept {
    static const RtpIoCategory category;
    return category;
}

}  // namespace sessioncore::media
