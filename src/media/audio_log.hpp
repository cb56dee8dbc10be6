#pragma once
// The media layer's logger ("media"), shared by every file of the layer that logs.

#include <spdlog/logger.h>

namespace sessioncore::media::detail {

spdlog::logger& media_logger();

}  // namespace sessioncore::media::detail
