#include <stdexcept>

#include <sessioncore/sip/error.hpp>

namespace sessioncore::sip {
namespace {

struct ErrcInfo {
    std::string_view text;  // what went wrong, lower case, for logs
    std::uint16_t status;   // what a server answers
};

constexpr ErrcInfo info_for(errc e) noexcept {
    switch (e) {
        case errc::need_more:
            return {"incomplete message", 400};
        case errc::empty_message:
            return {"empty message", 400};
        case errc::bad_start_line:
            return {"malformed start line", 400};
        case errc::bad_method:
            return {"malformed method", 400};
        case errc::bad_request_uri:
            return {"malformed Request-URI", 400};
        case errc::bad_version:
            return {"unsupported SIP version", 505};
        case errc::bad_status_code:
            return {"malformed status code", 400};
        case errc::bad_reason_phrase:
            return {"malformed reason phrase", 400};
        case errc::bad_header_line:
            return {"malformed header line", 400};
        case errc::bad_header_value:
            return {"malformed header value", 400};
        case errc::missing_header:
            return {"missing mandatory header", 400};
        case errc::duplicate_header:
            return {"header must appear once", 400};
        case errc::bad_content_length:
            return {"malformed Content-Length", 400};
        case errc::content_length_mismatch:
            return {"Content-Length larger than the message", 400};
        case errc::missing_content_length:
            return {"Content-Length required on a stream", 400};
        case errc::cseq_method_mismatch:
            return {"CSeq method does not match the request", 400};
        case errc::bad_branch:
            return {"Via branch has no value after the magic cookie", 400};
        case errc::bad_uri:
            return {"malformed URI", 400};
        case errc::unsupported_uri_scheme:
            return {"unsupported URI scheme", 416};
        case errc::unknown_method:
            return {"method not implemented", 501};
        case errc::method_not_allowed:
            return {"method not allowed", 405};
        case errc::bad_extension:
            return {"unsupported extension required", 420};
        case errc::unsupported_media_type:
            return {"unsupported media type", 415};
        case errc::not_acceptable:
            return {"no acceptable body type", 406};
        case errc::too_many_hops:
            return {"Max-Forwards exhausted", 483};
        case errc::message_too_large:
            return {"message too large", 513};
        case errc::headers_too_many:
            return {"too many header fields", 513};
        case errc::header_too_long:
            return {"header field too long", 513};
        case errc::uri_too_long:
            return {"Request-URI too long", 414};
        case errc::body_too_large:
            return {"body too large", 413};
    }
    return {"unknown sip error", 400};
}

class SipCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.sip"; }
    std::string message(int ev) const override {
        return std::string(info_for(static_cast<errc>(ev)).text);
    }
};

}  // namespace

const boost::system::error_category& sip_category() noexcept {
    static const SipCategory category;
    return category;
}

std::uint16_t status_for(errc e) noexcept {
    return info_for(e).status;
}

std::string_view reason_phrase_for(std::uint16_t status) noexcept {
    switch (status) {
        case 100:
            return "Trying";
        case 180:
            return "Ringing";
        case 181:
            return "Call Is Being Forwarded";
        case 182:
            return "Queued";
        case 183:
            return "Session Progress";
        case 200:
            return "OK";
        case 202:
            return "Accepted";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 406:
            return "Not Acceptable";
        case 407:
            return "Proxy Authentication Required";
        case 408:
            return "Request Timeout";
        case 413:
            return "Request Entity Too Large";
        case 414:
            return "Request-URI Too Long";
        case 415:
            return "Unsupported Media Type";
        case 416:
            return "Unsupported URI Scheme";
        case 420:
            return "Bad Extension";
        case 421:
            return "Extension Required";
        case 423:
            return "Interval Too Brief";
        case 480:
            return "Temporarily Unavailable";
        case 481:
            return "Call/Transaction Does Not Exist";
        case 482:
            return "Loop Detected";
        case 483:
            return "Too Many Hops";
        case 486:
            return "Busy Here";
        case 487:
            return "Request Terminated";
        case 488:
            return "Not Acceptable Here";
        case 491:
            return "Request Pending";
        case 500:
            return "Server Internal Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Server Time-out";
        case 505:
            return "Version Not Supported";
        case 513:
            return "Message Too Large";
        case 603:
            return "Decline";
        default:
            return "";
    }
}

std::string Error::message() const {
    std::string name(canonical_name(header));
    if (header == HeaderId::Other)
        name = "extension";
    if (code == errc::missing_header)
        return "missing " + name + " header";
    std::string out(info_for(code).text);
    if (code == errc::duplicate_header)
        out = name + " header appears more than once";
    else if (!name.empty())
        out += " in " + name + " header";
    return out + " (byte " + std::to_string(offset) + ")";
}

std::string Error::reason_phrase() const {
    std::string out(reason_phrase_for(status()));
    if (status() != 400)
        return out;
    // RFC 3261 §21.4.1: the reason phrase of a 400 should name the problem.
    std::string_view name = canonical_name(header);
    if (name.empty()) {
        std::string what(info_for(code).text);  // "malformed start line"
        if (what[0] >= 'a' && what[0] <= 'z')
            what[0] = static_cast<char>(what[0] - 'a' + 'A');
        return out + " - " + what;
    }
    switch (code) {
        case errc::missing_header:
            out += " - Missing ";
            break;
        case errc::duplicate_header:
            out += " - Duplicate ";
            break;
        default:
            out += " - Malformed ";
            break;
    }
    return out += name;
}

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(e.ec(), e.message()), loc);
}

}  // namespace sessioncore::sip
