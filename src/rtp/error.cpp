#include <ostream>
#include <string>

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <sessioncore/rtp/error.hpp>

namespace sessioncore::rtp {

std::string_view to_string(errc e) noexcept {
    switch (e) {
        case errc::too_short:
            return "RTP packet shorter than its fixed header";
        case errc::bad_version:
            return "RTP version is not 2";
        case errc::csrc_truncated:
            return "RTP CSRC list runs past the packet";
        case errc::extension_truncated:
            return "RTP header extension runs past the packet";
        case errc::padding_count_zero:
            return "RTP padding count is zero";
        case errc::padding_too_long:
            return "RTP padding count exceeds the payload";
        case errc::extension_not_rfc8285:
            return "header extension profile is not RFC 8285";
        case errc::extension_element_truncated:
            return "header extension element runs past the extension";
        case errc::extension_bad_padding:
            return "header extension element with ID 0 and a length";
        case errc::rtcp_too_short:
            return "RTCP packet shorter than its header";
        case errc::rtcp_bad_version:
            return "RTCP version is not 2";
        case errc::rtcp_first_not_report:
            return "RTCP compound packet does not start with SR or RR";
        case errc::rtcp_length_mismatch:
            return "RTCP length fields do not add up to the datagram";
        case errc::rtcp_padding_not_last:
            return "RTCP padding on a packet other than the last";
        case errc::rtcp_bad_padding:
            return "RTCP padding count is invalid";
        case errc::rtcp_too_many_packets:
            return "RTCP compound packet holds too many packets";
        case errc::rtcp_report_truncated:
            return "RTCP sender or receiver report shorter than its report blocks";
        case errc::rtcp_sdes_truncated:
            return "RTCP SDES chunk or item runs past the packet";
        case errc::rtcp_bye_truncated:
            return "RTCP BYE shorter than its sources or reason";
        case errc::rtcp_app_truncated:
            return "RTCP APP packet shorter than its SSRC and name";
        case errc::telephone_event_size:
            return "telephone-event payload is not 4 octets";
        case errc::buffer_too_small:
            return "buffer too small for the packet";
        case errc::too_many_csrcs:
            return "more than 15 CSRCs";
        case errc::extension_not_aligned:
            return "header extension data is not a whole number of 32-bit words";
        case errc::extension_too_long:
            return "header extension data over 65535 words";
        case errc::bad_extension_id:
            return "header extension element ID out of range";
        case errc::extension_element_too_long:
            return "header extension element data length out of range";
        case errc::too_many_sources:
            return "more than 31 sources in one RTCP packet";
        case errc::text_too_long:
            return "RTCP text over 255 octets";
        case errc::missing_cname:
            return "RTCP compound packet without CNAME";
        case errc::bad_telephone_event:
            return "telephone-event volume over 63";
    }
    return "unknown rtp error";
}

std::ostream& operator<<(std::ostream& os, errc e) {
    return os << to_string(e);
}

namespace {

class RtpCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.rtp"; }
    std::string message(int ev) const override {
        return std::string(to_string(static_cast<errc>(ev)));
    }
};

}  // namespace

const boost::system::error_category& rtp_category() noexcept {
    static const RtpCategory category;
    return category;
}

void throw_exception_from_error(errc e, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(make_error_code(e)), loc);
}

}  // namespace sessioncore::rtp
