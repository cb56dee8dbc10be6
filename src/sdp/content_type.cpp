#include <sessioncore/sdp/offer_answer.hpp>

#include "text.hpp"

namespace sessioncore::sdp {

bool is_sdp_content_type(std::string_view content_type) noexcept {
    // RFC 3261 §20.15 / RFC 2045 §5.1: type/subtype are case-insensitive; parameters follow ';'.
    std::string_view media_type = content_type.substr(0, content_type.find(';'));
    return detail::iequals(detail::trim(media_type), "application/sdp");
}

}  // namespace sessioncore::sdp
