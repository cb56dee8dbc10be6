#include <string_view>

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <sessioncore/sdp/error.hpp>

namespace sessioncore::sdp {
namespace {

constexpr std::string_view text_for(errc e) noexcept {
    switch (e) {
        case errc::empty:
            return "empty session description";
        case errc::bad_line:
            return "line not of the form <type>=<value>";
        case errc::unknown_type:
            return "unknown line type";
        case errc::out_of_order:
            return "line out of order";
        case errc::duplicate_line:
            return "line may appear only once";
        case errc::missing_version:
            return "missing v= line";
        case errc::bad_version:
            return "unsupported SDP version";
        case errc::missing_origin:
            return "missing o= line";
        case errc::bad_origin:
            return "malformed o= line";
        case errc::missing_session_name:
            return "missing or empty s= line";
        case errc::missing_timing:
            return "missing t= line";
        case errc::bad_timing:
            return "malformed t= line";
        case errc::missing_connection:
            return "missing c= line";
        case errc::bad_connection:
            return "malformed c= line";
        case errc::bad_bandwidth:
            return "malformed b= line";
        case errc::bad_media_line:
            return "malformed m= line";
        case errc::bad_attribute:
            return "malformed a= line";
        case errc::bad_rtpmap:
            return "malformed a=rtpmap";
        case errc::bad_fmtp:
            return "malformed a=fmtp";
        case errc::bad_ptime:
            return "malformed a=ptime or a=maxptime";
        case errc::bad_rtcp:
            return "malformed a=rtcp";
        case errc::bad_crypto:
            return "malformed a=crypto";
        case errc::too_many_media:
            return "too many m= lines";
        case errc::too_many_attributes:
            return "too many a= lines";
        case errc::too_large:
            return "session description too large";
        case errc::no_common_codec:
            return "no common codec";
        case errc::invalid_capabilities:
            return "local media capabilities incomplete";
        case errc::answer_media_count:
            return "answer has another number of m= lines than the offer";
        case errc::answer_media_mismatch:
            return "answer m= line does not match the offered one";
        case errc::answer_format_not_offered:
            return "answer lists a format that was not offered";
        case errc::answer_direction:
            return "answer direction not allowed for the offered one";
        case errc::offer_pending:
            return "an offer is already pending";
        case errc::wrong_state:
            return "not allowed in the current offer/answer state";
    }
    return "unknown sdp error";
}

class SdpCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.sdp"; }
    std::string message(int ev) const override {
        return std::string(text_for(static_cast<errc>(ev)));
    }
};

}  // namespace

const boost::system::error_category& sdp_category() noexcept {
    static const SdpCategory category;
    return category;
}

std::string Error::message() const {
    std::string out(text_for(code));
    if (line != 0)
        out += " (line " + std::to_string(line) + ")";
    return out;
}

std::uint16_t Error::status() const noexcept {
    switch (code) {
        case errc::offer_pending:
            return 491;
        case errc::wrong_state:
        case errc::invalid_capabilities:
            return 500;
        default:
            return 488;
    }
}

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(e.ec(), e.message()), loc);
}

}  // namespace sessioncore::sdp
