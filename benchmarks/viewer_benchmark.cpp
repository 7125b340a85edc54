// Viewer speed (issue 3): time to the first image and to the full series,
// frame times of window/level drags, slice scrolling and 3D rotation at
// 800x800, and resident memory with the series open. Run under Xvfb:
//   xvfb-run -a -s "-screen 0 1920x1080x24" viewer_benchmark FOLDER
#include <vtkRenderWindow.h>
#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "imaging/FirstLook.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "viewer/SliceView.h"
#include "viewer/VolumeView.h"

using namespace radlens;

namespace {
long residentKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: viewer_benchmark FOLDER\n");
        return 2;
    }
    const long baseKb = residentKb();
    viewer::SliceView view(viewer::Plane::Axial);
    view.resize(800, 800);
    view.show();
    (void)view.renderToImage();  // as in the viewer, whose window is up before a series is chosen
    QElapsedTimer total;
    total.start();
    // As the viewer does: a first look at the middle file by name, on screen
    // before the other headers are parsed (imaging::FirstLookFinder).
    double firstLookMs = -1;
    if (auto look = imaging::FirstLookFinder::find({argv[1]})) {
        auto slice = std::make_shared<imaging::Volume>(std::move(look->slice));
        view.setPreview(slice, {"", "", ""}, "look", look->index, look->count, {40, 400});
        (void)view.renderToImage();
        firstLookMs = total.nsecsElapsed() / 1e6;
    }
    imaging::Scanner scanner;
    auto series = imaging::SeriesAssembler::assemble(scanner.scan({argv[1]}).images);
    if (series.empty()) return 1;
    const double scanMs = total.nsecsElapsed() / 1e6;
    // Then the series' opening slice, alone, on screen while the rest decodes.
    const int count = int(series[0].slices.size());
    {
        auto first = std::make_shared<imaging::Volume>(
            imaging::SeriesLoader().loadSlice(series[0], count / 2));
        view.setPreview(first, {"", "", ""}, "preview", count / 2, count, {40, 400});
        (void)view.renderToImage();
    }
    const double firstImageMs = total.nsecsElapsed() / 1e6;
    auto volume = std::make_shared<imaging::Volume>(imaging::SeriesLoader().load(series[0]));
    const double loadMs = total.nsecsElapsed() / 1e6;
    view.setVolume(volume, {"", "", ""}, "bench", {40, 400});
    (void)view.renderToImage();
    const double fullSeriesMs = total.nsecsElapsed() / 1e6;

    std::vector<double> wl, scroll;
    for (int i = 0; i < 60; ++i) {
        view.setWindow(40 + i * 5, 400 + i * 10);
        (void)view.renderToImage();
        wl.push_back(view.lastRenderMs());
    }
    for (int i = 0; i < 60; ++i) {
        view.setSlice(view.slice() + (i % 2 ? 1 : -1) * 3);
        (void)view.renderToImage();
        scroll.push_back(view.lastRenderMs());
    }
    // Memory as in the 1x1 and MPR layouts: the 3D view is not shown, so no
    // 3D texture exists.
    const long rss2dKb = residentKb() - baseKb;

    viewer::VolumeView vr;
    vr.resize(800, 800);
    vr.show();
    QElapsedTimer setUp;
    setUp.start();
    vr.setVolume(volume);  // shown: set up now (the still copy is made here)
    const double setUpMs = setUp.nsecsElapsed() / 1e6;
    vr.setPreset("CT bone");
    (void)vr.renderToImage();
    std::vector<double> interactive, still;
    vr.setInteracting(true);       // as a drag does
    for (int i = 0; i < 5; ++i) {  // the level of detail settles
        vr.rotate(5, 0);
        (void)vr.renderToImage();
    }
    for (int i = 0; i < 10; ++i) {
        vr.rotate(5, 0);
        (void)vr.renderToImage();
        interactive.push_back(vr.lastRenderMs());
    }
    const double lod = vr.interactiveSampleDistance();
    vr.setInteracting(false);
    for (int i = 0; i < 3; ++i) {
        vr.rotate(5, 0);
        (void)vr.renderToImage();
        still.push_back(vr.lastRenderMs());
    }
    const long rssKb = residentKb() - baseKb;
    const double voxelMb = volume->byteSize() / 1048576.0;
    std::printf("series %dx%dx%d (%.0f MB of voxels)\n", volume->dims()[0], volume->dims()[1],
                volume->dims()[2], voxelMb);
    std::printf(
        "first look on screen      %8.0f ms (the middle file by name, before the scan; "
        "goal <= 100)\n",
        firstLookMs);
    std::printf("series scanned            %8.0f ms\n", scanMs);
    std::printf("opening slice on screen   %8.0f ms (after the scan, its slice decoded alone)\n",
                firstImageMs);
    std::printf("full series loaded        %8.0f ms\n", loadMs);
    std::printf("full series on screen     %8.0f ms\n", fullSeriesMs);
    std::printf("W/L drag frame, 800x800   %8.1f ms  (%.0f fps, goal >= 60)\n", median(wl),
                1000 / median(wl));
    std::printf("scroll frame, 800x800     %8.1f ms  (%.0f fps, goal >= 60)\n", median(scroll),
                1000 / median(scroll));
    std::printf(
        "3D rotate, interactive    %8.1f ms  (%.1f fps, goal >= 10; one ray per %.1f x %.1f "
        "pixels)\n",
        median(interactive), 1000 / median(interactive), lod, lod);
    std::printf("3D still frame            %8.1f ms  (at %.2f of full size, then scaled up)\n",
                median(still), vr.stillScale());
    std::printf(
        "resident memory added     %8.0f MB  (%.2fx the voxel bytes, goal <= 1.6x), 1x1/MPR\n",
        rss2dKb / 1024.0, rss2dKb / 1024.0 / voxelMb);
    const auto& stillDims = vr.stillVolume()->dims();
    std::printf(
        "  ... with the 3D view    %8.0f MB  (%.2fx, goal <= 1.6x; %s renderer, still frames "
        "through %dx%dx%d, set up in %.0f ms)\n",
        rssKb / 1024.0, rssKb / 1024.0 / voxelMb, vr.softwareRenderer() ? "CPU" : "GPU",
        stillDims[0], stillDims[1], stillDims[2], setUpMs);
    return 0;
}
