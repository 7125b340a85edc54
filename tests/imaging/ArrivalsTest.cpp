// SeriesArrivals: when a series that arrives over the network is complete,
// and the journal that carries unanalysed series over a restart; the store's
// temporaries left by killed processes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "imaging/InstanceStore.h"
#include "imaging/SeriesArrivals.h"
#include "platform/Platform.h"

using namespace radlens::imaging;
using namespace std::chrono_literals;

namespace {

InstanceInfo instance(const std::string& series, const std::string& sop) {
    InstanceInfo i;
    i.seriesUid = series;
    i.sopInstanceUid = sop;
    i.path = "/store/1.2/" + series + "/" + sop + ".dcm";
    return i;
}

std::string tempJournal(const char* name) {
    const auto dir = std::filesystem::temp_directory_path() / "radlens-arrivals-test";
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::filesystem::remove(path);
    return path.string();
}

}  // namespace

TEST(SeriesArrivals, ASeriesIsCompleteAfterTheQuietTime) {
    SeriesArrivals a(5000ms, "");
    const auto t0 = SeriesArrivals::Clock::now();
    a.add(instance("1.1", "1.1.1"), t0);
    a.add(instance("1.1", "1.1.2"), t0 + 3s);
    a.add(instance("1.2", "1.2.1"), t0 + 1s);
    EXPECT_TRUE(a.takeComplete(t0 + 5500ms).empty());  // 1.1 had one 2.5 s ago
    auto done = a.takeComplete(t0 + 6500ms);           // 1.2 quiet for 5.5 s
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].seriesUid, "1.2");
    EXPECT_EQ(a.arriving(), 1u);
    done = a.takeComplete(t0 + 8s);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].seriesUid, "1.1");
    EXPECT_EQ(done[0].instances.size(), 2u);
    EXPECT_EQ(a.arriving(), 0u);
}

TEST(SeriesArrivals, AnInstanceSentTwiceCountsOnce) {
    SeriesArrivals a(1000ms, "");
    const auto t0 = SeriesArrivals::Clock::now();
    a.add(instance("1.1", "1.1.1"), t0);
    a.add(instance("1.1", "1.1.1"), t0);
    a.add(instance("1.1", "1.1.2"), t0);
    const auto all = a.takeAll();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].instances.size(), 2u);
}

TEST(SeriesArrivals, TheJournalKeepsWhatWasNotAnalysed) {
    const std::string journal = tempJournal("journal");
    {
        SeriesArrivals a(1000ms, journal);
        EXPECT_TRUE(a.leftOver().empty());
        a.add(instance("1.1", "1.1.1"));
        a.add(instance("1.2", "1.2.1"));
        a.add(instance("1.3", "1.3.1"));
        a.takeAll();
        a.finished("1.2");  // analysed
        EXPECT_EQ(a.journalError(), "");
    }  // stopped (or killed) here
    SeriesArrivals b(1000ms, journal);
    const auto left = b.leftOver();
    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0].seriesUid, "1.1");
    EXPECT_EQ(left[0].folder, "/store/1.2/1.1");
    EXPECT_EQ(left[1].seriesUid, "1.3");
    b.finished("1.1");
    b.finished("1.3");
    EXPECT_TRUE(SeriesArrivals(1000ms, journal).leftOver().empty());
}

TEST(SeriesArrivals, AJournalThatCannotBeWrittenIsReported) {
    const std::string journal = "/proc/radlens-no-such-folder/journal";
    SeriesArrivals a(1000ms, journal);
    a.add(instance("1.1", "1.1.1"));
    EXPECT_NE(a.journalError(), "");
    EXPECT_EQ(a.arriving(), 1u);  // the arrival itself is kept
}

TEST(SeriesArrivals, SeveralThreadsAddAtOnce) {
    SeriesArrivals a(1000ms, tempJournal("threads"));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&a, t] {
            for (int i = 0; i < 100; ++i)
                a.add(instance("1." + std::to_string(t),
                               std::to_string(t) + "." + std::to_string(i)));
        });
    for (auto& t : threads) t.join();
    const auto all = a.takeAll();
    ASSERT_EQ(all.size(), 4u);
    for (const auto& s : all) EXPECT_EQ(s.instances.size(), 100u);
}

TEST(InstanceStore, TemporariesOfProcessesThatNoLongerRunAreRemoved) {
    const auto root = std::filesystem::temp_directory_path() / "radlens-stale-test";
    std::filesystem::remove_all(root);
    InstanceStore store(root.string(), "");
    long dead = 4000000;  // above Linux's pid_max: never a running process
    while (radlens::platform::processRuns(dead)) ++dead;
    const auto incoming = root / ".incoming";
    const std::string mine = "r" + std::to_string(radlens::platform::processId()) + "-1.part";
    for (const std::string& name :
         {"r" + std::to_string(dead) + "-7.part", mine, std::string("notes.txt")})
        std::ofstream(incoming / name) << "x";
    EXPECT_EQ(store.removeStaleTemporaries(), 1u);
    EXPECT_FALSE(std::filesystem::exists(incoming / ("r" + std::to_string(dead) + "-7.part")));
    EXPECT_TRUE(std::filesystem::exists(incoming / mine));  // this process's, in use
    EXPECT_TRUE(std::filesystem::exists(incoming / "notes.txt"));
    std::filesystem::remove_all(root);
}
