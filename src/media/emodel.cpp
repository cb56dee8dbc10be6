// ITU-T G.107 (06/2015) §7 with the Table 3 defaults for everything but delay, loss and the
// codec. Symbols as in the Recommendation; delays in ms, levels in dB.
#include <algorithm>
#include <cmath>

#include <sessioncore/media/emodel.hpp>

namespace sessioncore::media {
namespace {

// G.107 Table 3 default values.
constexpr double slr = 8.0, rlr = 2.0, stmr = 15.0, lstr = 18.0, ds = 3.0;
constexpr double telr = 65.0, wepl = 110.0, qdu = 1.0;
constexpr double nc = -70.0, ps = 35.0, pr = 35.0, nfor = -64.0;
constexpr double olr = slr + rlr;

double total_noise() {  // No, §7.2 (eq. 7-3 to 7-6)
    double nos = ps - slr - ds - 100.0 + 0.004 * std::pow(ps - olr - ds - 14.0, 2);
    double pre = pr + 10.0 * std::log10(1.0 + std::pow(10.0, (10.0 - lstr) / 10.0));
    double nor = rlr - 121.0 + pre + 0.008 * std::pow(pre - 35.0, 2);
    double nfo = nfor + rlr;
    return 10.0 * std::log10(std::pow(10.0, nc / 10.0) + std::pow(10.0, nos / 10.0) +
                             std::pow(10.0, nor / 10.0) + std::pow(10.0, nfo / 10.0));
}

double basic_rate(double no) {  // Ro, eq. 7-2
    return 15.0 - 1.5 * (slr + no);
}

double simultaneous_impairment(double ro, double no, double t) {  // Is = Iolr + Ist + Iq, §7.3
    double xolr = olr + 0.2 * (64.0 + no - rlr);
    double iolr = 20.0 * (std::pow(1.0 + std::pow(xolr / 8.0, 8), 1.0 / 8) - xolr / 8.0);
    double stmro = -10.0 * std::log10(std::pow(10.0, -stmr / 10.0) +
                                      std::exp(-t / 4.0) * std::pow(10.0, -telr / 10.0));
    double ist = 12.0 * std::pow(1.0 + std::pow((stmro - 13.0) / 6.0, 8), 1.0 / 8) -
                 28.0 * std::pow(1.0 + std::pow((stmro + 1.0) / 19.4, 35), 1.0 / 35) -
                 13.0 * std::pow(1.0 + std::pow((stmro - 3.0) / 33.0, 13), 1.0 / 13) + 29.0;
    double q = 37.0 - 15.0 * std::log10(qdu);
    double g = 1.07 + 0.258 * q + 0.0602 * q * q;
    double y = (ro - 100.0) / 15.0 + 46.0 / 8.4 - g / 9.0;
    double z = 46.0 / 30.0 - g / 40.0;
    double iq = 15.0 * std::log10(1.0 + std::pow(10.0, y) + std::pow(10.0, z));
    return iolr + ist + iq;
}

double talker_echo(double no, double t) {  // Idte, eq. 7-21 to 7-23 (STMR >= 9 dB)
    double terv = telr - 40.0 * std::log10((1.0 + t / 10.0) / (1.0 + t / 150.0)) +
                  6.0 * std::exp(-0.3 * t * t);
    double roe = -1.5 * (no - rlr);
    double re = 80.0 + 2.5 * (terv - 14.0);
    double d = roe - re;
    return (d / 2.0 + std::sqrt(d * d / 4.0 + 100.0) - 1.0) * (1.0 - std::exp(-t));
}

double listener_echo(double ro, double tr) {  // Idle, eq. 7-26 and 7-27
    double rle = 10.5 * (wepl + 7.0) * std::pow(tr + 1.0, -0.25);
    double d = ro - rle;
    return d / 2.0 + std::sqrt(d * d / 4.0 + 169.0);
}

double too_long_delay(double ta) {  // Idd, eq. 7-28 and 7-29
    if (ta <= 100.0)
        return 0.0;
    double x = std::log10(ta / 100.0) / std::log10(2.0);
    return 25.0 * (std::pow(1.0 + std::pow(x, 6), 1.0 / 6) -
                   3.0 * std::pow(1.0 + std::pow(x / 3.0, 6), 1.0 / 6) + 2.0);
}

double effective_equipment(const EModelInput& in) {  // Ie,eff, eq. 7-30
    double ppl = std::clamp(in.packet_loss_percent, 0.0, 100.0);
    double burst = std::max(in.burst_ratio, 1.0);
    const auto& c = in.codec;
    if (ppl <= 0.0)
        return c.ie;
    return c.ie + (95.0 - c.ie) * ppl / (ppl / burst + c.bpl);
}

}  // namespace

double r_factor(const EModelInput& in) noexcept {
    double ta = std::max(in.one_way_delay.count(), 0.0);
    double t = ta;
    double tr = 2.0 * ta;
    double no = total_noise();
    double ro = basic_rate(no);
    double is = simultaneous_impairment(ro, no, t);
    double id = talker_echo(no, t) + listener_echo(ro, tr) + too_long_delay(ta);
    double r = ro - is - id - effective_equipment(in) + in.advantage;
    return std::clamp(r, 0.0, 100.0);
}

double mos_from_r(double r) noexcept {
    if (r <= 0.0)
        return 1.0;
    if (r >= 100.0)
        return 4.5;
    return 1.0 + 0.035 * r + r * (r - 60.0) * (100.0 - r) * 7.0e-6;
}

}  // namespace sessioncore::media
