// The annotation core: label patches (undo data), the editing tools on known
// images, mask outlines, COCO and CSV files, and the versioned store.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "imaging/AnnotationFormats.h"
#include "imaging/AnnotationStore.h"
#include "imaging/LabelEdit.h"
#include "imaging/LabelTools.h"
#include "imaging/MaskContours.h"
#include "imaging/PolygonRasterizer.h"
#include "imaging/RoiStatistics.h"

using namespace radlens::imaging;
namespace fs = std::filesystem;

namespace {

Volume labelMap(int x, int y, int z, std::array<double, 3> spacing = {1, 1, 1}) {
    Geometry g;
    g.dims = {x, y, z};
    g.spacing = spacing;
    return Volume(PixelType::UInt8, g);
}

std::size_t count(const Volume& v, std::uint8_t value) {
    const std::uint8_t* p = v.dataAs<std::uint8_t>();
    return std::size_t(std::count(p, p + v.geometry().voxelCount(), value));
}

std::uint8_t at(const Volume& v, int x, int y, int z) {
    const auto& d = v.dims();
    return v.dataAs<std::uint8_t>()[(std::size_t(z) * std::size_t(d[1]) + std::size_t(y)) *
                                        std::size_t(d[0]) +
                                    std::size_t(x)];
}

fs::path tempDir(const std::string& name) {
    const fs::path d =
        fs::temp_directory_path() / ("radlens-annot-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

}  // namespace

TEST(LabelPatch, RunLengthRoundTripsAndUndoRedoRestore) {
    std::vector<std::uint8_t> bytes(1000, 0);
    for (int i = 300; i < 900; ++i) bytes[std::size_t(i)] = std::uint8_t(i % 3 == 0 ? 2 : 1);
    EXPECT_EQ(RunLengthBytes(bytes).decode(), bytes);
    EXPECT_EQ(RunLengthBytes(std::vector<std::uint8_t>{}).decode(), std::vector<std::uint8_t>{});

    Volume v = labelMap(20, 20, 5);
    LabelEdit edit(v);
    BrushOptions o;
    o.radiusMm = 3;
    LabelTools::dab(edit, 2, {10, 10, 2}, o);
    const LabelPatch patch = edit.finish();
    EXPECT_EQ(patch.changedVoxels(), count(v, 1));
    EXPECT_EQ(patch.box().lo, (std::array<int, 3>{7, 7, 2}));
    EXPECT_EQ(patch.box().hi, (std::array<int, 3>{14, 14, 3}));
    const std::size_t painted = count(v, 1);
    patch.apply(v, true);
    EXPECT_EQ(count(v, 0), v.geometry().voxelCount());
    patch.apply(v, false);
    EXPECT_EQ(count(v, 1), painted);
    Volume other = labelMap(10, 10, 5);
    EXPECT_THROW(patch.apply(other, true), std::invalid_argument);
}

TEST(LabelTools, BrushDiscAndSphereCoverTheLatticePointsWithinTheRadius) {
    // Gauss circle problem: 81 lattice points with x^2 + y^2 <= 25; in 3D 515.
    Volume v = labelMap(32, 32, 32);
    LabelEdit edit(v);
    BrushOptions o;
    o.radiusMm = 5;
    EXPECT_EQ(LabelTools::dab(edit, 2, {16, 16, 16}, o), 81u);
    EXPECT_EQ(LabelTools::dab(edit, 0, {16, 16, 16}, o), 81u - 11u);  // sagittal disc shares a line
    edit.finish().apply(v, true);
    o.sphere = true;
    EXPECT_EQ(LabelTools::dab(edit, 2, {16, 16, 16}, o), 515u);
    // Spacing counts: 0.5 mm columns make the disc twice as wide in voxels.
    Volume a = labelMap(40, 40, 3, {0.5, 1, 1});
    LabelEdit ea(a);
    BrushOptions small;
    small.radiusMm = 2;
    LabelTools::dab(ea, 2, {20, 20, 1}, small);
    EXPECT_EQ(at(a, 24, 20, 1), 1);
    EXPECT_EQ(at(a, 25, 20, 1), 0);
    EXPECT_EQ(at(a, 20, 22, 1), 1);
    EXPECT_EQ(at(a, 20, 23, 1), 0);
    // A tiny radius still paints the voxel under the cursor.
    small.radiusMm = 0.01;
    small.label = 3;
    EXPECT_EQ(LabelTools::dab(ea, 2, {5.2, 6.9, 1}, small), 1u);
    EXPECT_EQ(at(a, 5, 7, 1), 3);
}

TEST(LabelTools, EraserOverwriteAndThresholdPaintRespectTheirLimits) {
    Volume v = labelMap(20, 20, 1);
    Geometry g = v.geometry();
    Volume ct(PixelType::Int16, g);
    for (int i = 0; i < 400; ++i)
        ct.dataAs<std::int16_t>()[i] = std::int16_t(i % 20 < 10 ? -800 : 40);
    LabelEdit edit(v);
    BrushOptions lung;
    lung.radiusMm = 100;
    lung.image = &ct;
    lung.low = -1000;
    lung.high = -500;
    EXPECT_EQ(LabelTools::dab(edit, 2, {10, 10, 0}, lung), 200u);  // the left (x < 10) half
    EXPECT_EQ(at(v, 9, 5, 0), 1);
    EXPECT_EQ(at(v, 10, 5, 0), 0);
    BrushOptions two;
    two.radiusMm = 100;
    two.label = 2;
    two.overwrite = false;
    EXPECT_EQ(LabelTools::dab(edit, 2, {10, 10, 0}, two), 200u);  // only the background half
    EXPECT_EQ(at(v, 9, 5, 0), 1);
    BrushOptions erase = two;
    erase.erase = true;
    EXPECT_EQ(LabelTools::dab(edit, 2, {10, 10, 0}, erase), 200u);  // label 2 only
    EXPECT_EQ(count(v, 1), 200u);
    erase.label = 0;  // any label
    EXPECT_EQ(LabelTools::dab(edit, 2, {10, 10, 0}, erase), 200u);
    EXPECT_EQ(count(v, 0), 400u);
    Volume wrong(PixelType::Int16, [] {
        Geometry s;
        s.dims = {5, 5, 1};
        return s;
    }());
    lung.image = &wrong;
    EXPECT_THROW(LabelTools::dab(edit, 2, {1, 1, 0}, lung), std::invalid_argument);
}

TEST(LabelTools, StrokeLeavesNoGapsAndIsOneUndoStep) {
    Volume v = labelMap(100, 20, 1);
    LabelEdit edit(v);
    BrushOptions o;
    o.radiusMm = 1;
    LabelTools::stroke(edit, 2, {5, 10, 0}, {95, 10, 0}, o);
    for (int x = 5; x <= 95; ++x) ASSERT_EQ(at(v, x, 10, 0), 1) << x;
    const LabelPatch p = edit.finish();
    p.apply(v, true);
    EXPECT_EQ(count(v, 0), 2000u);
}

TEST(LabelTools, PolygonFillsTheVoxelsWhoseCentresAreInside) {
    Volume v = labelMap(10, 10, 3);
    LabelEdit edit(v);
    BrushOptions o;
    o.label = 4;
    // A square through the voxel centres 2 and 5: centres on its left and top
    // edges are inside, on its right and bottom edges outside: 3 x 3 voxels.
    EXPECT_EQ(LabelTools::polygon(edit, 2, 1, {{2, 2}, {5, 2}, {5, 5}, {2, 5}}, o), 9u);
    EXPECT_EQ(at(v, 2, 2, 1), 4);
    EXPECT_EQ(at(v, 4, 4, 1), 4);
    EXPECT_EQ(at(v, 5, 5, 1), 0);
    // Coronal plane: (u, v) = (x, z).
    EXPECT_EQ(LabelTools::polygon(edit, 1, 7, {{0, 0}, {10, 0}, {10, 3}, {0, 3}}, o), 30u);
    EXPECT_EQ(at(v, 9, 7, 2), 4);
}

TEST(LabelTools, FloodFillFillsTheEnclosedRegionOnly) {
    Volume v = labelMap(12, 12, 1);
    LabelEdit edit(v);
    BrushOptions ring;
    ring.label = 1;
    for (int i = 2; i <= 9; ++i)
        for (auto [x, y] : {std::pair{i, 2}, std::pair{i, 9}, std::pair{2, i}, std::pair{9, i}})
            edit.set(x, y, 0, 1);
    BrushOptions fill;
    fill.label = 1;
    EXPECT_EQ(LabelTools::floodFill(edit, 2, 0, 5, 5, fill), 36u);  // the 6 x 6 inside
    EXPECT_EQ(at(v, 1, 1, 0), 0);
    EXPECT_EQ(count(v, 1), 64u);
    // The outside, limited by intensity: only x < 6.
    Volume img(PixelType::Float32, v.geometry());
    for (int i = 0; i < 144; ++i) img.dataAs<float>()[i] = float(i % 12);
    fill.label = 2;
    fill.image = &img;
    fill.low = 0;
    fill.high = 5.5;
    const std::size_t n = LabelTools::floodFill(edit, 2, 0, 0, 0, fill);
    // x 0..5 (72 voxels) less the ring's 14 and the filled inside's 18 there.
    EXPECT_EQ(n, 72u - 14u - 18u);
    EXPECT_EQ(at(v, 11, 0, 0), 0);
    EXPECT_EQ(LabelTools::floodFill(edit, 2, 0, 5, 5, BrushOptions{}), 0u);  // already label 1
}

TEST(LabelTools, InterpolationBetweenKeySlicesGrowsTheShapeSmoothly) {
    Volume v = labelMap(40, 40, 11);
    LabelEdit edit(v);
    BrushOptions o;
    o.radiusMm = 5;
    LabelTools::dab(edit, 2, {20, 20, 0}, o);
    o.radiusMm = 13;
    LabelTools::dab(edit, 2, {20, 20, 10}, o);
    edit.finish();
    EXPECT_GT(LabelTools::interpolate(edit, 2, 1), 0u);
    auto area = [&](int z) {
        std::size_t n = 0;
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 40; ++x) n += at(v, x, y, z) == 1;
        return double(n);
    };
    // Radius 9 at the middle: about pi * 81 = 254 voxels.
    EXPECT_NEAR(area(5), M_PI * 81, 0.12 * M_PI * 81);
    for (int z = 1; z < 10; ++z) EXPECT_GT(area(z), area(z - 1)) << z;
    // Nothing outside the key slices; other labels untouched.
    Volume w = labelMap(10, 10, 6);
    LabelEdit e2(w);
    e2.set(5, 5, 1, 2);
    e2.set(5, 5, 4, 2);
    e2.set(5, 5, 3, 7);
    LabelTools::interpolate(e2, 2, 2);
    EXPECT_EQ(at(w, 5, 5, 2), 2);
    EXPECT_EQ(at(w, 5, 5, 3), 7);
    EXPECT_EQ(at(w, 5, 5, 0), 0);
    EXPECT_EQ(at(w, 5, 5, 5), 0);
}

TEST(MaskContours, OutlinesRasteriseBackToTheSameMask) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 20; ++trial) {
        const int w = 40, h = 30;
        std::vector<std::uint8_t> mask(std::size_t(w * h), 0);
        // Random discs and boxes, some touching diagonally.
        std::uniform_int_distribution<int> X(0, w - 1), Y(0, h - 1), R(1, 6);
        for (int k = 0; k < 4; ++k) {
            const int cx = X(rng), cy = Y(rng), r = R(rng);
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x)
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                        mask[std::size_t(y * w + x)] = 1;
        }
        mask[0] = 1;
        mask[std::size_t(w + 1)] = 1;  // a diagonal neighbour: its own shape
        const MaskOutlines o = MaskContours::trace(mask.data(), w, h, 1);
        std::vector<std::uint8_t> back(mask.size(), 0);
        for (const auto& p : o.outer) PolygonRasterizer::fill(p, w, h, 1, back.data());
        std::vector<std::uint8_t> holes(mask.size(), 0);
        for (const auto& p : o.holes) PolygonRasterizer::fill(p, w, h, 1, holes.data());
        for (std::size_t i = 0; i < mask.size(); ++i)
            ASSERT_EQ(back[i] && !holes[i], mask[i] == 1) << "trial " << trial << " pixel " << i;
    }
    // A ring: one outer outline, one hole; corners only (4 + 4 points).
    std::vector<std::uint8_t> ring(100, 1);
    for (int y = 3; y < 7; ++y)
        for (int x = 3; x < 7; ++x) ring[std::size_t(y * 10 + x)] = 0;
    const MaskOutlines o = MaskContours::trace(ring.data(), 10, 10, 1);
    ASSERT_EQ(o.outer.size(), 1u);
    ASSERT_EQ(o.holes.size(), 1u);
    EXPECT_EQ(o.outer[0].size(), 4u);
    EXPECT_EQ(o.holes[0].size(), 4u);
    EXPECT_DOUBLE_EQ(MaskContours::area(o.outer[0]), 100);
    EXPECT_DOUBLE_EQ(MaskContours::area(o.holes[0]), -16);
}

TEST(AnnotationFormats, CocoAndCsvRoundTrip) {
    const fs::path dir = tempDir("formats");
    CocoDocument doc;
    doc.images.push_back({1, "a.png", "P1", 30, 20});
    doc.categories = {{7, "Nodule"}, {9, "Mass"}};
    std::vector<std::uint8_t> labels(600, 0);
    // Category ids 1..255 are the mask values (as Radlens writes them).
    for (int y = 2; y < 6; ++y)
        for (int x = 3; x < 9; ++x) labels[std::size_t(y * 30 + x)] = 7;
    for (int y = 10; y < 18; ++y)
        for (int x = 12 + (y % 2); x < 25; ++x) labels[std::size_t(y * 30 + x)] = 9;
    EXPECT_EQ(doc.addFromLabels(1, labels.data(), 30, 20), 0);
    ASSERT_EQ(doc.annotations.size(), 2u);
    doc.write((dir / "c.json").string());
    const CocoDocument back = CocoDocument::read((dir / "c.json").string());
    ASSERT_EQ(back.annotations.size(), 2u);
    EXPECT_EQ(back.images[0].patientId, "P1");
    std::vector<std::uint8_t> drawn(600, 0);
    back.rasterize(1, 30, 20, drawn.data());
    EXPECT_EQ(drawn, labels);
    EXPECT_EQ(back.valueOf(9), 9);
    // Ids outside 1..255 (other tools') map to positions, from 1.
    CocoDocument other;
    other.categories = {{1000, "A"}, {2000, "B"}};
    EXPECT_EQ(other.valueOf(2000), 2);
    EXPECT_EQ(other.valueOf(5), 0);

    std::ofstream(dir / "bad.json")
        << R"({"images":[],"categories":[],"annotations":[{"image_id":3,"category_id":1}]})";
    EXPECT_THROW(CocoDocument::read((dir / "bad.json").string()), std::runtime_error);
    std::ofstream(dir / "notjson.json") << "{";
    EXPECT_THROW(CocoDocument::read((dir / "notjson.json").string()), std::runtime_error);

    const std::vector<ImageLabelRow> rows{{"x1.png", "P1", {"Nodule", "Mass"}},
                                          {"x 2,b.png", "P\"2", {}}};
    ImageLabelsCsv::write((dir / "l.csv").string(), rows);
    const auto got = ImageLabelsCsv::read((dir / "l.csv").string());
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].labels, (std::vector<std::string>{"Nodule", "Mass"}));
    EXPECT_EQ(got[1].image, "x 2,b.png");
    EXPECT_EQ(got[1].patientId, "P\"2");
    EXPECT_TRUE(got[1].labels.empty());
    std::ifstream in(dir / "l.csv");
    std::string header, first;
    std::getline(in, header);
    std::getline(in, first);
    EXPECT_EQ(header, "Image Index,Finding Labels,Patient ID");
    EXPECT_EQ(first, "x1.png,Nodule|Mass,P1");
    fs::remove_all(dir);
}

TEST(AnnotationStore, VersionsAutosaveChecksumsAndLeftovers) {
    const fs::path dir = tempDir("store");
    Database db((dir / "r.db").string());
    AnnotationStore store(db, (dir / "annotations").string());
    Volume mask = labelMap(16, 16, 4);
    mask.dataAs<std::uint8_t>()[5] = 2;
    const AnnotationRecord v1 =
        store.save("1.2.3", "Dr A", mask, {{"Nodule"}, {{1, "Lesion"}, {2, "Mass"}}}, "draft");
    EXPECT_EQ(v1.version, 1);
    EXPECT_EQ(v1.status, "draft");
    EXPECT_EQ(v1.labels, std::vector<std::string>{"Nodule"});
    EXPECT_EQ(v1.maskLabels, (std::map<int, std::string>{{1, "Lesion"}, {2, "Mass"}}));
    EXPECT_FALSE(v1.savedAt.empty());
    mask.dataAs<std::uint8_t>()[6] = 1;
    const AnnotationRecord a1 = store.autosave("1.2.3", "Dr A", mask, {{"Nodule"}, {}});
    EXPECT_EQ(a1.version, 2);
    EXPECT_EQ(a1.note, "autosave");
    mask.dataAs<std::uint8_t>()[7] = 1;
    const AnnotationRecord a2 = store.autosave("1.2.3", "Dr A", mask, {{"Nodule", "Mass"}, {}});
    EXPECT_EQ(a2.version, 2);  // replaced in place
    EXPECT_FALSE(fs::exists(a1.maskPath));
    EXPECT_EQ(store.versions("1.2.3").size(), 2u);
    const AnnotationRecord f = store.save("1.2.3", "Dr A", mask, {{"Nodule", "Mass"}, {}}, "final");
    EXPECT_EQ(f.version, 3);
    store.save("1.2.3", "Dr B", mask, {{}, {}}, "draft");
    EXPECT_EQ(store.latest("1.2.3", "Dr B").version, 1);
    EXPECT_EQ(store.latest("9.9", "Dr A").version, 0);
    ASSERT_EQ(store.finalVersions().size(), 1u);
    EXPECT_EQ(store.finalVersions()[0].version, 3);

    const Volume back = AnnotationStore::load(v1);
    EXPECT_EQ(back.dataAs<std::uint8_t>()[5], 2);
    EXPECT_EQ(back.dataAs<std::uint8_t>()[6], 0);
    const Volume last = AnnotationStore::load(f);
    EXPECT_EQ(last.dataAs<std::uint8_t>()[7], 1);
    EXPECT_THROW(store.save("1.2.3", "Dr A", mask, {{}, {}}, "done"), std::invalid_argument);

    // A damaged file is refused, never read silently.
    {
        std::fstream damage(v1.maskPath, std::ios::in | std::ios::out | std::ios::binary);
        damage.seekp(20);
        damage.put('\x55');
    }
    EXPECT_THROW(AnnotationStore::load(v1), std::runtime_error);
    // Leftovers of an interrupted save are removed; saved versions stay.
    std::ofstream(fs::path(f.maskPath).parent_path() / ".~x.123.0.nii.gz") << "partial";
    EXPECT_EQ(store.removeLeftovers(std::chrono::seconds(0)), 1);
    EXPECT_TRUE(fs::exists(f.maskPath));
    EXPECT_EQ(store.removeLeftovers(std::chrono::seconds(0)), 0);
    fs::remove_all(dir);
}

TEST(AnnotationStore, SyntheticSeedingIsKeptAndOldDatabasesGainTheColumn) {
    const fs::path dir = tempDir("store-synthetic");
    const std::string path = (dir / "r.db").string();
    {
        // A database of an earlier Radlens: annotations without "synthetic".
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw,
                               "CREATE TABLE annotations(series_uid TEXT NOT NULL, annotator TEXT "
                               "NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL, "
                               "mask_path TEXT NOT NULL, mask_sha256 TEXT NOT NULL, labels TEXT "
                               "NOT NULL, mask_labels TEXT NOT NULL, note TEXT NOT NULL, saved_at "
                               "TEXT NOT NULL DEFAULT 'x', PRIMARY KEY(series_uid, annotator, "
                               "version));"
                               "INSERT INTO annotations VALUES('1.2', 'Dr A', 1, 'final', '/m', "
                               "'abc', '', '', '', 'then');",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    Database db(path);
    EXPECT_EQ(db.warning(), "");
    std::vector<AnnotationRecord> old = db.annotations("1.2");
    ASSERT_EQ(old.size(), 1u);  // kept, and not synthetic
    EXPECT_FALSE(old[0].synthetic);
    AnnotationStore store(db, (dir / "annotations").string());
    const Volume mask = labelMap(8, 8, 2);
    AnnotationLabels seeded{{"Nodule"}, {{1, "Lesion"}}, true};
    EXPECT_TRUE(store.save("1.2", "Dr A", mask, seeded, "draft").synthetic);
    EXPECT_TRUE(store.autosave("1.2", "Dr A", mask, seeded).synthetic);
    seeded.synthetic = false;  // an autosave replacing a synthetic draft in place
    EXPECT_FALSE(store.autosave("1.2", "Dr A", mask, seeded).synthetic);
    EXPECT_FALSE(store.save("1.2", "Dr B", mask, {{}, {}}, "final").synthetic);
    std::vector<AnnotationRecord> all = db.annotations("1.2");
    ASSERT_EQ(all.size(), 4u);
    EXPECT_TRUE(all[1].synthetic);
    fs::remove_all(dir);
}

TEST(RoiStatistics, RectangleEllipseAndAngleOnKnownValues) {
    // value = x, spacing 0.5 x 0.5 mm.
    Geometry g;
    g.dims = {64, 64, 3};
    g.spacing = {0.5, 0.5, 2};
    Volume v(PixelType::Int16, g);
    for (int z = 0; z < 3; ++z)
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                v.dataAs<std::int16_t>()[(z * 64 + y) * 64 + x] = std::int16_t(x);
    // Voxel centres 10..19 by 10..29: 200 voxels.
    const RoiStats r =
        RoiStatistics::compute(v, 2, 1, {9.6, 9.5}, {19.4, 29.2}, RoiShape::Rectangle);
    EXPECT_EQ(r.voxels, 200u);
    EXPECT_DOUBLE_EQ(r.mean, 14.5);
    EXPECT_DOUBLE_EQ(r.min, 10);
    EXPECT_DOUBLE_EQ(r.max, 19);
    EXPECT_NEAR(r.sd, 2.8795, 1e-4);  // sample SD of 10..19, 20 times each
    EXPECT_DOUBLE_EQ(r.areaMm2, 50.0);
    // An ellipse of radii 20 and 10 voxels (10 x 5 mm): area near pi*10*5.
    const RoiStats e = RoiStatistics::compute(v, 2, 0, {12, 22}, {52, 42}, RoiShape::Ellipse);
    EXPECT_NEAR(e.areaMm2, M_PI * 10 * 5, 0.03 * M_PI * 50);
    EXPECT_NEAR(e.mean, 32, 0.01);  // symmetric about x = 32
    EXPECT_DOUBLE_EQ(e.min, 12);
    EXPECT_DOUBLE_EQ(e.max, 52);
    // Coronal plane (u = x, v = z).
    EXPECT_EQ(RoiStatistics::compute(v, 1, 5, {0, 0}, {3, 2}, RoiShape::Rectangle).voxels, 4u * 3u);
    EXPECT_EQ(RoiStatistics::compute(v, 2, 9, {0, 0}, {3, 2}, RoiShape::Rectangle).voxels, 0u);
    EXPECT_NEAR(RoiStatistics::angleDegrees({0, 10, 0}, {0, 0, 0}, {10, 0, 0}), 90, 1e-9);
    EXPECT_NEAR(RoiStatistics::angleDegrees({10, 10, 0}, {0, 0, 0}, {10, 0, 0}), 45, 1e-9);
    EXPECT_NEAR(RoiStatistics::angleDegrees({-1, 0, 0}, {0, 0, 0}, {1, 0, 0}), 180, 1e-9);
}
