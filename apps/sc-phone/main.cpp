// sc-phone: a command-line phone on session-core's session API (see --help for the commands
// and the exit statuses).

#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

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
    try {
        const auto& options = *parsed.options;
        const auto status = options.command == phone::Command::Call ? phone::run_call(options)
                                                                    : phone::run_listen(options);
        return static_cast<int>(status);
    } catch (const std::exception& e) {
        std::cerr << "sc-phone: " << e.what() << "\n";
        return static_cast<int>(phone::ExitStatus::CallFailed);
    }
}
