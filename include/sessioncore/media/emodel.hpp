#pragma once
// The E-model of ITU-T G.107 (06/2015), narrowband: the transmission rating R from one-way
// delay and packet loss, every other parameter at its Table 3 default (R = 93.2 with nothing
// impaired), and the estimated MOS-CQE from R (G.107 Annex B). Pure functions.

#include <chrono>

namespace sessioncore::media {

/// Equipment impairment Ie and packet-loss robustness Bpl of a codec (G.107 §7.3, G.113).
struct CodecImpairment {
    double ie = 0.0;
    double bpl = 4.3;
};

namespace codec_impairment {
/// G.711 (PCMU/PCMA), G.113 Appendix I Table I.3: Ie 0; Bpl 4.3 with no concealment, 25.1
/// with the G.711 Appendix I PLC. Our decoder conceals by repeat-and-fade, cruder than
/// Appendix I, so 25.1 is the optimistic bound for it and 4.3 the pessimistic one.
inline constexpr CodecImpairment g711_without_plc{0.0, 4.3};
inline constexpr CodecImpairment g711_with_plc{0.0, 25.1};
/// G.722 at 64 kbit/s: G.113 gives it only on the wideband scale (Appendix IV, Ie,wb 13 on
/// R,wb up to 129), which the narrowband model cannot express, so on this scale it counts as
/// no worse than G.711 (Ie 0), and, concealed with repeat-and-fade like our G.711, it takes
/// G.711's no-PLC Bpl of 4.3 as a conservative robustness figure. Our choice, not a G.113
/// value.
inline constexpr CodecImpairment g722{0.0, 4.3};
/// Opus: the ITU-T publishes no Ie/Bpl. Ie 0 as for G.722 (wideband speech at VoIP rates is
/// not worse than G.711 in listening tests); Bpl 25.1, G.113's figure for a codec with a
/// good PLC, for Opus's own concealment; in-band FEC makes it better still. Our choice.
inline constexpr CodecImpairment opus{0.0, 25.1};
}  // namespace codec_impairment

struct EModelInput {
    /// Mouth-to-ear delay Ta; the echo path T is taken as Ta and the round trip Tr as 2·Ta.
    std::chrono::duration<double, std::milli> one_way_delay{0.0};
    double packet_loss_percent = 0.0;  ///< Ppl, 0-100
    double burst_ratio = 1.0;          ///< BurstR: 1 random loss, > 1 bursty (G.107 §7.3)
    CodecImpairment codec{};
    double advantage = 0.0;  ///< A, the expectation factor (0 for wired)
};

/// R = Ro − Is − Id − Ie,eff + A (G.107 §7.1), clamped to 0-100 (Annex B's domain).
[[nodiscard]] double r_factor(const EModelInput& in) noexcept;

/// MOS-CQE from R (G.107 Annex B, eq. B-4): 1 below 0, 4.5 above 100.
[[nodiscard]] double mos_from_r(double r) noexcept;

}  // namespace sessioncore::media
