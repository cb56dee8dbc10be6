#pragma once
// The two commands of sc-phone; each runs to completion on the calling thread.

#include "options.hpp"

namespace sessioncore::phone {

/// Places options.call.target, prints the events, hangs up after options.call.duration.
ExitStatus run_call(const Options& options);

/// Answers or rejects incoming calls until options.listen.max_calls have ended or a signal.
ExitStatus run_listen(const Options& options);

}  // namespace sessioncore::phone
