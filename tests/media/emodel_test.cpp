// ITU-T G.107 reference points: R = 93.2 with every parameter at its default, MOS 4.41 there,
// Annex B's MOS at the ends and middle of its range, and monotonic impairment.
#include <gtest/gtest.h>

#include <sessioncore/media/emodel.hpp>

namespace sessioncore::media {
namespace {

using namespace std::chrono_literals;

TEST(EModel, DefaultsGiveR932) {
    EXPECT_NEAR(r_factor({}), 93.2, 0.05);
    EXPECT_NEAR(mos_from_r(93.2), 4.41, 0.005);
}

TEST(EModel, MosAnnexBPoints) {
    EXPECT_DOUBLE_EQ(mos_from_r(-5.0), 1.0);
    EXPECT_DOUBLE_EQ(mos_from_r(0.0), 1.0);
    EXPECT_NEAR(mos_from_r(50.0), 1.0 + 1.75 - 0.175, 1e-9);  // 2.575
    EXPECT_DOUBLE_EQ(mos_from_r(100.0), 4.5);
    EXPECT_DOUBLE_EQ(mos_from_r(120.0), 4.5);
}

TEST(EModel, LossUsesIeEffFormula) {
    // Ie,eff = Ie + (95 - Ie) Ppl / (Ppl / BurstR + Bpl) (G.107 eq. 7-30): with G.711 + PLC at
    // 2 % random loss, 95 * 2 / 27.1 = 7.01 off the 93.2.
    EModelInput in{.packet_loss_percent = 2.0, .codec = codec_impairment::g711_with_plc};
    EXPECT_NEAR(r_factor(in), 93.2 - 95.0 * 2.0 / 27.1, 0.05);
    EModelInput bursty = in;
    bursty.burst_ratio = 2.0;
    EXPECT_NEAR(r_factor(bursty), 93.2 - 95.0 * 2.0 / 26.1, 0.05);
    EModelInput no_plc = in;
    no_plc.codec = codec_impairment::g711_without_plc;
    EXPECT_LT(r_factor(no_plc), r_factor(in));
}

TEST(EModel, DelayLowersRAndPast100msFaster) {
    double r0 = r_factor({});
    double r100 = r_factor({.one_way_delay = 100ms});
    double r200 = r_factor({.one_way_delay = 200ms});
    double r400 = r_factor({.one_way_delay = 400ms});
    EXPECT_LT(r100, r0);
    EXPECT_LT(r200, r100);
    EXPECT_LT(r400, r200);
    EXPECT_GT(r200 - r400, r0 - r100);  // Idd sets in above 100 ms
    EXPECT_GE(r_factor({.one_way_delay = 5000ms, .packet_loss_percent = 50.0}), 0.0);
}

}  // namespace
}  // namespace sessioncore::media
