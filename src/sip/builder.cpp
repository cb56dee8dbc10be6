#include <sessioncore/sip/builder.hpp>
#include <sessioncore/sip/parser.hpp>

#include "lex.hpp"
#include "message_access.hpp"

namespace sessioncore::sip {
namespace {

// string_view::find_first_of calls memchr once per character; two find()s scan in bulk.
bool has_line_break(std::string_view text) {
    return text.find('\r') != std::string_view::npos || text.find('\n') != std::string_view::npos;
}

bool has_whitespace(std::string_view text) {
    return has_line_break(text) || text.find(' ') != std::string_view::npos ||
           text.find('\t') != std::string_view::npos;
}

}  // namespace

MessageBuilder MessageBuilder::request(std::string_view method, std::string_view request_uri) {
    SC_SIP_ASSERT(!method.empty() && lex::token_length(method, 0) == method.size(),
                  "the method must be a token");
    SC_SIP_ASSERT(!request_uri.empty() && !has_whitespace(request_uri),
                  "the Request-URI must not contain whitespace");
    std::string line;
    line.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
    return MessageBuilder(std::move(line));
}

MessageBuilder MessageBuilder::response(std::uint16_t status, std::string_view reason) {
    SC_SIP_ASSERT(status >= 100 && status <= 699, "a status code is 100..699");
    if (reason.empty())
        reason = reason_phrase_for(status);
    SC_SIP_ASSERT(!has_line_break(reason), "a reason phrase is one line");
    std::string line = "SIP/2.0 " + std::to_string(status);
    line.append(" ").append(reason).append("\r\n");
    return MessageBuilder(std::move(line));
}

MessageBuilder::MessageBuilder(std::string start_line) : head_(std::move(start_line)) {
    head_.reserve(initial_capacity);
}

MessageBuilder& MessageBuilder::header(HeaderId id, std::string_view value) {
    SC_SIP_ASSERT(id != HeaderId::None && id != HeaderId::Other, "a known header id");
    // Content-Length is the builder's: it always matches the body.
    if (id != HeaderId::ContentLength)
        append_field(canonical_name(id), value);
    return *this;
}

MessageBuilder& MessageBuilder::header(std::string_view name, std::string_view value) {
    SC_SIP_ASSERT(!name.empty() && lex::token_length(name, 0) == name.size(),
                  "a header name is a token");
    if (header_id_of(name) != HeaderId::ContentLength)
        append_field(name, value);
    return *this;
}

void MessageBuilder::append_field(std::string_view name, std::string_view value) {
    SC_SIP_ASSERT(!has_line_break(value), "a header value is one line");
    head_.append(name).append(": ").append(lex::trim(value)).append("\r\n");
}

MessageBuilder& MessageBuilder::body(std::string_view content_type, std::string_view bytes) {
    content_type_ = lex::trim(content_type);
    body_ = bytes;
    return *this;
}

std::string MessageBuilder::str() const {
    std::string out;
    out.reserve(head_.size() + content_type_.size() + body_.size() + 48);
    out = head_;
    if (!content_type_.empty())
        out.append("Content-Type: ").append(content_type_).append("\r\n");
    out.append("Content-Length: ").append(std::to_string(body_.size())).append("\r\n\r\n");
    return out.append(body_);
}

Result<Message> MessageBuilder::build() const {
    ParseOptions options;
    options.decode_common_headers = false;
    return parse(str(), options);
}

}  // namespace sessioncore::sip
