#include <gtest/gtest.h>

#include <sqlite3.h>

#include <fstream>

#include "TestData.h"
#include "imaging/Database.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/InstanceSetKey.h"
#include "imaging/Scanner.h"

using namespace radlens::imaging;

TEST(Database, HeaderEncodingRoundTrips) {
    InstanceInfo info;
    std::string reason;
    ASSERT_TRUE(DicomHeaderReader::read(radlens::test::pydicomFile("CT_small.dcm"), info, reason))
        << reason;
    info.framePositions = {{1, 2, 3}, {4.5, 5.5, 6.25}};
    info.windowExplanations = {"LUNG", "", "BONE WINDOW"};
    info.patientOrientation = "L\\F";
    info.voiLuts = {{"SIGMOID", -1024, 12, {0, 7, 4095}}, {"", 0, 8, {}}};
    InstanceInfo back;
    ASSERT_TRUE(Database::decode(Database::encode(info), back));
    EXPECT_EQ(back.seriesUid, info.seriesUid);
    EXPECT_EQ(back.patientName, info.patientName);
    EXPECT_EQ(back.rows, info.rows);
    EXPECT_EQ(back.pixelDataOffset, info.pixelDataOffset);
    EXPECT_EQ(back.position, info.position);
    EXPECT_EQ(back.orientation, info.orientation);
    EXPECT_EQ(back.rescaleIntercept, info.rescaleIntercept);
    EXPECT_EQ(back.windowCenters, info.windowCenters);
    EXPECT_EQ(back.framePositions, info.framePositions);
    EXPECT_EQ(back.windowExplanations, info.windowExplanations);
    ASSERT_EQ(back.voiLuts.size(), 2u);
    EXPECT_EQ(back.voiLuts[0].name, "SIGMOID");
    EXPECT_EQ(back.voiLuts[0].firstMapped, -1024);
    EXPECT_EQ(back.voiLuts[0].bits, 12);
    EXPECT_EQ(back.voiLuts[0].data, (std::vector<std::uint16_t>{0, 7, 4095}));
    EXPECT_TRUE(back.voiLuts[1].data.empty());
    EXPECT_EQ(back.patientOrientation, info.patientOrientation);
    EXPECT_FALSE(Database::decode("garbage", back));
}

TEST(Database, RescanOfUnchangedFilesComesFromTheCache) {
    radlens::test::TempDir dir;
    const std::string folder = radlens::test::daikonFile("volume");
    {
        Database db(dir.file("radlens.db"));
        EXPECT_TRUE(db.warning().empty()) << db.warning();
        Scanner scanner(&db);
        ScanResult first = scanner.scan({folder});
        EXPECT_EQ(first.images.size(), 20u);
        EXPECT_EQ(first.fromCache, 0u);
        EXPECT_EQ(db.instanceCount(), 20u);
    }
    Database db(dir.file("radlens.db"));
    Scanner scanner(&db);
    ScanResult second = scanner.scan({folder});
    EXPECT_EQ(second.images.size(), 20u);
    EXPECT_EQ(second.fromCache, 20u);
}

TEST(Database, WorklistSeriesAndReviewsPersist) {
    radlens::test::TempDir dir;
    const std::string folder = radlens::test::daikonFile("volume");
    std::string uid;
    {
        Database db(dir.file("radlens.db"));
        Scanner scanner(&db);
        scanner.scan({folder});
        const auto series = db.allSeries();
        ASSERT_EQ(series.size(), 1u);
        uid = series[0].uid;
        EXPECT_EQ(series[0].modality, "MR");
        const auto instances = db.seriesInstances(uid);
        ASSERT_EQ(instances.size(), 20u);
        EXPECT_FALSE(instances[0].path.empty());
        EXPECT_EQ(instances[0].seriesUid, uid);
        EXPECT_TRUE(db.setFindingReview(uid, "Nodule", "accepted", "Dr A"));
        EXPECT_TRUE(db.setFindingReview(uid, "Mass", "rejected", "Dr B"));
        EXPECT_FALSE(db.setFindingReview(uid, "Mass", "maybe", "Dr B"));
        EXPECT_TRUE(db.setSeriesReviewed(uid, true, "Dr A"));
    }
    // Reopened: the reviews are still there, with who and when.
    Database db(dir.file("radlens.db"));
    const auto reviews = db.findingReviews(uid);
    ASSERT_EQ(reviews.size(), 2u);
    EXPECT_EQ(reviews[0].finding, "Mass");
    EXPECT_EQ(reviews[0].decision, "rejected");
    EXPECT_EQ(reviews[0].reviewer, "Dr B");
    EXPECT_EQ(reviews[1].decision, "accepted");
    EXPECT_EQ(reviews[1].at.size(), 20u);  // 2026-11-25T12:00:00Z
    EXPECT_EQ(db.reviewedSeries().at(uid), "Dr A");
    EXPECT_TRUE(db.setFindingReview(uid, "Mass", "", "Dr B"));  // cleared
    EXPECT_EQ(db.findingReviews(uid).size(), 1u);
    EXPECT_TRUE(db.setSeriesReviewed(uid, false, "Dr A"));
    EXPECT_TRUE(db.reviewedSeries().empty());
}

TEST(Database, DamagedFileIsMovedAsideAndRebuilt) {
    radlens::test::TempDir dir;
    const std::string path = dir.file("radlens.db");
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 4096; ++i) out.put(char(i * 7 + 3));
    }
    Database db(path);
    EXPECT_NE(db.warning().find("damaged"), std::string::npos) << db.warning();
    EXPECT_TRUE(std::filesystem::exists(path + ".damaged"));
    Scanner scanner(&db);
    EXPECT_EQ(scanner.scan({radlens::test::pydicomFile("CT_small.dcm")}).images.size(), 1u);
    EXPECT_EQ(db.instanceCount(), 1u);
}

TEST(Database, UnopenablePathFallsBackToMemory) {
    Database db("/proc/definitely/not/here/radlens.db");
    EXPECT_FALSE(db.warning().empty());
    Scanner scanner(&db);
    EXPECT_EQ(scanner.scan({radlens::test::pydicomFile("CT_small.dcm")}).images.size(), 1u);
}

TEST(Database, OlderSchemaIsUpgradedNotTreatedAsDamage) {
    radlens::test::TempDir dir;
    const std::string path = dir.file("radlens.db");
    {
        Database db(path);
        Scanner scanner(&db);
        scanner.scan({radlens::test::pydicomFile("CT_small.dcm")});
    }
    // Pretend an older Radlens wrote it.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version=1", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    Database db(path);
    EXPECT_TRUE(db.warning().empty()) << db.warning();
    EXPECT_FALSE(std::filesystem::exists(path + ".damaged"));
    EXPECT_EQ(db.instanceCount(), 0u);  // the cache starts afresh
}

TEST(Database, FindingsCacheRoundTrip) {
    Database db(":memory:");
    EXPECT_FALSE(db.cachedFindings("1.2", "k1", "abc").has_value());
    db.storeFindings("1.2", "k1", "abc", "{\"x\":1}");
    db.storeFindings("1.2", "k1", "abc", "{\"x\":2}");
    ASSERT_TRUE(db.cachedFindings("1.2", "k1", "abc").has_value());
    EXPECT_EQ(*db.cachedFindings("1.2", "k1", "abc"), "{\"x\":2}");
    EXPECT_FALSE(db.cachedFindings("1.2", "k1", "other").has_value());
    EXPECT_FALSE(db.cachedFindings("1.2", "k2", "abc").has_value());  // other instances
    db.storeFindings("1.3", "", "abc", "{}");                         // no key: not stored
    EXPECT_FALSE(db.cachedFindings("1.3", "", "abc").has_value());
}

TEST(Database, InstanceSetKeyIgnoresOrderAndCopiesButNotMembers) {
    const std::string k = instanceSetKey({"1.2.1", "1.2.2"});
    EXPECT_EQ(k.size(), 32u);
    EXPECT_EQ(instanceSetKey({"1.2.2", "1.2.1", "1.2.2"}), k);
    EXPECT_NE(instanceSetKey({"1.2.1"}), k);
    EXPECT_NE(instanceSetKey({"1.2.1", "1.2.2", "1.2.3"}), k);
    EXPECT_NE(instanceSetKey({"1.2.1.2"}), instanceSetKey({"1.2.1", "2"}));  // no concatenation
    EXPECT_EQ(instanceSetKey(std::vector<std::string>{}), "");
}
