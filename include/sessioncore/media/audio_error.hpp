#pragma once
// Errors of the audio sources and sinks (WAV files, tones, the tone detector's settings). Files
// are opened rarely, so these are ordinary boost::system::error_codes with their own category
// ("sessioncore.media.audio"); nothing on the per-frame path returns one except a sink's write.

#include <iosfwd>
#include <string_view>

#include <boost/system/error_code.hpp>

namespace sessioncore::media {

/// What went wrong opening, reading or writing audio, or with an audio setting.
enum class audio_errc {
    file_not_found = 1,       ///< the path names no file
    cannot_open,              ///< the file exists but could not be opened (permissions, a folder)
    not_audio,                ///< libsndfile recognises no audio format in the file
    unsupported_channels,     ///< neither mono nor stereo
    unsupported_sample_rate,  ///< a rate outside 1 kHz-384 kHz
    cannot_create,            ///< the path cannot be written (missing folder, permissions)
    write_failed,             ///< writing samples failed (disk full, I/O error)
    read_failed,              ///< reading samples failed after the file was opened
    closed,                   ///< the sink was already closed
    bad_frequency,            ///< a tone frequency not in (0, rate/2)
    bad_level,                ///< a tone level above 0 dBFS or not finite
    bad_cadence,              ///< a cadence with an off period but no on period
    no_frequencies,           ///< a detector with nothing to look for
};

/// The stable text of an audio_errc (e.g. "not an audio file").
[[nodiscard]] std::string_view to_string(audio_errc e) noexcept;

/// Writes to_string(e) (for test output and logs).
std::ostream& operator<<(std::ostream& os, audio_errc e);

/// The category of the audio errors; its name is "sessioncore.media.audio".
[[nodiscard]] const boost::system::error_category& audio_category() noexcept;

[[nodiscard]] inline boost::system::error_code make_error_code(audio_errc e) noexcept {
    return {static_cast<int>(e), audio_category()};
}

}  // namespace sessioncore::media

template <>
struct boost::system::is_error_code_enum<sessioncore::media::audio_errc> : std::true_type {};
