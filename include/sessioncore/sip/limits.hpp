#pragma once
// Bounds on what the parser accepts. Reaching one is an error with a status (413/414/513), never
// a crash or an unbounded allocation.

#include <cstddef>

namespace sessioncore::sip {

struct Limits {
    std::size_t max_message_size = 64 * 1024;  ///< start line + headers + body (513)
    std::size_t max_header_count = 256;        ///< header fields, continuation lines folded (513)
    std::size_t max_header_length = 8 * 1024;  ///< one header field incl. folding (513)
    std::size_t max_uri_length = 4 * 1024;     ///< the Request-URI (414)
    std::size_t max_body_size = 60 * 1024;     ///< the Content-Length value (413)
};

}  // namespace sessioncore::sip
