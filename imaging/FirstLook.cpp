#include "imaging/FirstLook.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "imaging/DicomHeaderReader.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

bool FirstLookFinder::naturalLess(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && digit(a[ei])) ++ei;
            while (ej < b.size() && digit(b[ej])) ++ej;
            // Compare the numbers without their leading zeros: longer is larger.
            std::size_t si = i, sj = j;
            while (si + 1 < ei && a[si] == '0') ++si;
            while (sj + 1 < ej && b[sj] == '0') ++sj;
            if (ei - si != ej - sj) return ei - si < ej - sj;
            const int c = a.compare(si, ei - si, b, sj, ej - sj);
            if (c != 0) return c < 0;
            if (ei - i != ej - j) return ei - i < ej - j;  // "01" after "1"
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

std::optional<FirstLook> FirstLookFinder::find(const std::vector<std::string>& paths) {
    try {
        if (paths.size() != 1) return std::nullopt;
        std::error_code ec;
        if (!fs::is_directory(paths[0], ec)) return std::nullopt;
        std::vector<std::string> names;
        for (fs::directory_iterator it(paths[0], ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.empty() || name[0] == '.') continue;  // hidden, our temporaries
            if (name == "DICOMDIR") return std::nullopt;   // the DICOMDIR says what to open
            if (it->is_regular_file(ec)) names.push_back(name);
        }
        if (ec || names.size() < 2) return std::nullopt;
        std::sort(names.begin(), names.end(), naturalLess);
        const int count = int(names.size()), middle = count / 2;

        auto header = [&](int k, InstanceInfo& info) {
            std::string reason;
            const std::string path = (fs::path(paths[0]) / names[std::size_t(k)]).string();
            return DicomHeaderReader::read(path, info, reason) && info.rows > 0 &&
                   info.columns > 0 && info.frames == 1;
        };
        InstanceInfo first, mid, last;
        if (!header(0, first) || !header(middle, mid) || !header(count - 1, last))
            return std::nullopt;
        if (mid.seriesUid.empty() || first.seriesUid != mid.seriesUid ||
            last.seriesUid != mid.seriesUid)
            return std::nullopt;
        auto series = SeriesAssembler::assemble({mid});
        if (series.size() != 1 || series[0].slices.size() != 1) return std::nullopt;
        Volume slice = SeriesLoader().loadSlice(series[0], 0);
        return FirstLook{std::move(series[0]), std::move(slice), middle, count};
    } catch (const std::exception&) {
        return std::nullopt;  // the scan will report what is wrong with the file
    }
}

}  // namespace radlens::imaging
