// Helper of test_annotation_kill.py: `write DIR` saves annotation versions in
// a loop until killed; `check DIR` loads every saved version, verifies its
// checksum and that its voxels are the ones written for it, runs SQLite's
// integrity check, and prints one line per version:
//   <annotator> <version> <note> <n>
// Exit 1 (with the reason on stderr) when anything is wrong.
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "imaging/AnnotationStore.h"

using namespace radlens::imaging;
namespace fs = std::filesystem;

namespace {

const char* kSeries = "1.2.826.0.1.3680043.10.1234.1";

/// The mask written for step n: the value (n % 200) + 1 where (x + y + z + n) % 7 == 0.
Volume maskFor(int n) {
    Geometry g;
    g.dims = {32, 32, 8};
    Volume v(PixelType::UInt8, g);
    std::uint8_t* p = v.dataAs<std::uint8_t>();
    for (int z = 0; z < 8; ++z)
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                if ((x + y + z + n) % 7 == 0) p[(z * 32 + y) * 32 + x] = std::uint8_t(n % 200 + 1);
    return v;
}

int write(const fs::path& dir) {
    Database db((dir / "radlens.db").string());
    AnnotationStore store(db, (dir / "annotations").string());
    int n = int(store.versions(kSeries).size()) * 1000;
    for (const AnnotationRecord& r : store.versions(kSeries))
        n = std::max(n, std::atoi(r.labels.at(0).c_str() + 2) + 1);
    // The test's random kill moments count from here, not from the program's
    // start (which an ASan build makes several times slower).
    std::cout << "ready" << std::endl;
    for (;; ++n) {
        const AnnotationLabels labels{{"n=" + std::to_string(n)}, {{1, "Lesion"}}};
        const std::string annotator = n % 2 ? "Dr Odd" : "Dr Even";
        if (n % 3 == 0)
            store.autosave(kSeries, annotator, maskFor(n), labels);
        else
            store.save(kSeries, annotator, maskFor(n), labels, n % 5 == 0 ? "final" : "draft");
    }
}

int check(const fs::path& dir) {
    {
        sqlite3* raw = nullptr;
        if (sqlite3_open((dir / "radlens.db").c_str(), &raw) != SQLITE_OK) {
            std::cerr << "cannot open the database\n";
            return 1;
        }
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &st, nullptr);
        const bool ok =
            sqlite3_step(st) == SQLITE_ROW &&
            std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "ok";
        sqlite3_finalize(st);
        sqlite3_close(raw);
        if (!ok) {
            std::cerr << "database integrity check failed\n";
            return 1;
        }
    }
    Database db((dir / "radlens.db").string());
    if (!db.warning().empty()) {
        std::cerr << db.warning() << "\n";
        return 1;
    }
    AnnotationStore store(db, (dir / "annotations").string());
    for (const AnnotationRecord& r : store.versions(kSeries)) {
        if (r.labels.size() != 1 || r.labels[0].rfind("n=", 0) != 0) {
            std::cerr << "version " << r.version << ": labels lost\n";
            return 1;
        }
        const int n = std::atoi(r.labels[0].c_str() + 2);
        try {
            const Volume v = AnnotationStore::load(r);
            const Volume want = maskFor(n);
            if (v.dims() != want.dims() ||
                !std::equal(v.dataAs<std::uint8_t>(),
                            v.dataAs<std::uint8_t>() + v.geometry().voxelCount(),
                            want.dataAs<std::uint8_t>())) {
                std::cerr << r.annotator << " version " << r.version << ": mask differs from step "
                          << n << "\n";
                return 1;
            }
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            return 1;
        }
        std::cout << r.annotator.substr(3) << " " << r.version << " "
                  << (r.note.empty() ? "-" : r.note) << " " << n << "\n";
    }
    // What a crash left behind goes away, and nothing saved goes with it.
    store.removeLeftovers(std::chrono::seconds(0));
    for (const AnnotationRecord& r : store.versions(kSeries))
        if (!fs::exists(r.maskPath)) {
            std::cerr << "removeLeftovers deleted " << r.maskPath << "\n";
            return 1;
        }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: annotation_store_stress write|check DIR\n";
        return 2;
    }
    const std::string mode = argv[1];
    fs::create_directories(argv[2]);
    if (mode == "write") return write(argv[2]);
    if (mode == "check") return check(argv[2]);
    return 2;
}
