#include "ui/SeriesThumbnail.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "imaging/DefaultWindow.h"
#include "imaging/SeriesLoader.h"

namespace radlens::ui {

namespace {

template <typename T>
void windowInto(const T* src, std::size_t n, double lo, double width, bool invert, uchar* dst) {
    for (std::size_t i = 0; i < n; ++i) {
        const double g = std::clamp((double(src[i]) - lo) / width, 0.0, 1.0) * 255.0;
        dst[i] = uchar(std::lround(invert ? 255.0 - g : g));
    }
}

}  // namespace

QImage sliceThumbnail(const imaging::Volume& slice, int side) {
    const int w = slice.dims()[0], h = slice.dims()[1];
    QImage full;
    if (slice.pixelType() == imaging::PixelType::Rgb8) {
        full = QImage(slice.dataAs<uchar>(), w, h, w * 3, QImage::Format_RGB888).copy();
    } else {
        full = QImage(w, h, QImage::Format_Grayscale8);
        const auto [centre, width] = imaging::defaultWindow(slice);
        const double lo = centre - width / 2;
        std::vector<uchar> grey(std::size_t(w) * std::size_t(h));
        const std::size_t n = grey.size();
        switch (slice.pixelType()) {
            case imaging::PixelType::UInt8:
                windowInto(slice.dataAs<std::uint8_t>(), n, lo, width, slice.invertedGrey,
                           grey.data());
                break;
            case imaging::PixelType::Int16:
                windowInto(slice.dataAs<std::int16_t>(), n, lo, width, slice.invertedGrey,
                           grey.data());
                break;
            case imaging::PixelType::UInt16:
                windowInto(slice.dataAs<std::uint16_t>(), n, lo, width, slice.invertedGrey,
                           grey.data());
                break;
            case imaging::PixelType::Float32:
                windowInto(slice.dataAs<float>(), n, lo, width, slice.invertedGrey, grey.data());
                break;
            case imaging::PixelType::Rgb8:
                break;
        }
        for (int y = 0; y < h; ++y)
            std::copy_n(grey.data() + std::size_t(y) * std::size_t(w), w, full.scanLine(y));
    }
    // Physical aspect: a pixel is spacing[0] wide and spacing[1] tall.
    const auto& sp = slice.geometry().spacing;
    const double physW = w * sp[0], physH = h * sp[1];
    const double scale = side / std::max(physW, physH);
    const int tw = std::max(1, int(std::lround(physW * scale)));
    const int th = std::max(1, int(std::lround(physH * scale)));
    return full.scaled(tw, th, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

QImage seriesThumbnail(const imaging::Series& series, int side) {
    imaging::SeriesLoader loader;
    loader.setThreadCount(1);
    const int middle = int(series.slices.size()) / 2;
    return sliceThumbnail(loader.loadSlice(series, middle), side);
}

}  // namespace radlens::ui
