// sc-phone: a command-line phone on session-core's session API (see --help for the commands
// and the exit statuses).

#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include <malloc.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "options.hpp"

namespace phone = sessioncore::phone;

int main(int argc, char** argv) {
    // stdout carries only the JSON event lines; the library's log lines go to stderr.
    spdlog::set_default_logger(spdlog::stderr_logger_mt("sc-phone"));
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    auto parsed = phone::parse_options(args);
    if (!parsed.options) {
        (parsed.help ? std::cout : std::cerr) << parsed.message << (parsed.help ? "" : "\n");
        return parsed.help ? 0 : static_cast<int>(phone::ExitStatus::Usage);
    }
    const auto& options = *parsed.options;
    if (options.common.workers == 1) {
        // One worker: it and this thread share glibc's main arena. A thread's own arena grows
        // by mprotect() a page or two at a time (about 2 calls per call answered, as the
        // transactions of recent calls wait out Timer J); the main arena grows by brk() with
        // its 128 KiB top pad. With more workers each keeps its own arena (no shared lock).
        mallopt(M_ARENA_MAX, 1);
    }
    try {
        const auto status = options.command == phone::Command::Call ? phone::run_call(options)
                                                                    : phone::run_listen(options);
        return static_cast<int>(status);
    } catch (const std::exception& e) {
        std::cerr << "sc-phone: " << e.what() << "\n";
        return static_cast<int>(phone::ExitStatus::CallFailed);
    }
}
