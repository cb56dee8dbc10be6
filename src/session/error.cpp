#include <string>

#include <sessioncore/session/error.hpp>

namespace sessioncore::session {
namespace {

class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.session"; }
    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::bad_target:
                return "target is not a sip: or sips: URI we can send to";
            case errc::too_many_sessions:
                return "the session limit is reached";
            case errc::wrong_state:
                return "operation does not fit the session's state";
            case errc::no_such_session:
                return "no such session (it ended or never existed)";
            case errc::terminated:
                return "session ended before reaching the state waited for";
            case errc::not_running:
                return "the session manager is not running";
            case errc::resolve_failed:
                return "the target's host could not be resolved";
            case errc::bad_media:
                return "the media options name no codec, or one we do not know";
            case errc::not_connected:
                return "the session is not connected";
            case errc::busy:
                return "another re-INVITE is in progress on this session";
            case errc::reinvite_rejected:
                return "the peer rejected the re-INVITE";
            case errc::glare:
                return "every re-INVITE attempt crossed one of the peer's (491)";
            case errc::no_media:
                return "the session has no media stream";
            case errc::no_media_ports:
                return "no RTP port could be bound for the call";
        }
        return "unknown session error";
    }
};

}  // namespace

const boost::system::error_category& session_category() noexcept {
    static const Category category;
    return category;
}

}  // namespace sessioncore::session
