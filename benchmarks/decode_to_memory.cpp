// Benchmark helper: times Radlens' decode of one series into memory, ITK's
// ImageSeriesReader + GDCMImageIO on the same files (the peer), and a plain
// sequential read of the same files (the floor). Prints one JSON line.
//   decode_to_memory radlens|itk|raw FOLDER
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageSeriesReader.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: decode_to_memory radlens|itk|raw FOLDER\n";
        return 2;
    }
    const std::string mode = argv[1], folder = argv[2];
    using namespace radlens::imaging;
    Scanner scanner;
    std::vector<Series> series = SeriesAssembler::assemble(scanner.scan({folder}).images);
    if (series.size() != 1) {
        std::cerr << "expected one series\n";
        return 1;
    }
    std::vector<std::string> files;
    for (const FrameRef& f : series[0].slices)
        files.push_back(series[0].instances[f.instance].path);

    const auto t0 = Clock::now();
    double checksum = 0;
    if (mode == "radlens") {
        Volume v = SeriesLoader().load(series[0]);
        checksum = v.dataAs<std::int16_t>()[v.geometry().voxelCount() / 2];
    } else if (mode == "itk") {
        using Image = itk::Image<std::int16_t, 3>;
        auto reader = itk::ImageSeriesReader<Image>::New();
        reader->SetImageIO(itk::GDCMImageIO::New());
        reader->SetFileNames(files);
        reader->Update();
        checksum = reader->GetOutput()->GetBufferPointer()[0];
    } else if (mode == "raw") {
        std::vector<char> buf(1 << 20);
        for (const std::string& f : files) {
            std::ifstream in(f, std::ios::binary);
            while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0)
                checksum += buf[0];
        }
    } else {
        std::cerr << "unknown mode " << mode << "\n";
        return 2;
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("{\"mode\":\"%s\",\"seconds\":%.4f,\"checksum\":%g}\n", mode.c_str(), s, checksum);
    return 0;
}
