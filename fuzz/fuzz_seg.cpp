// A DICOM SEG read onto a series: a SYNTHETIC 4-slice CT written once at
// start (DicomWriter), the input as the SEG that refers to it. With
// RADLENS_FUZZ_WRITE_SEED=PATH the target writes the phantom's own lesion
// mask as a SEG on that CT to PATH and exits: the seed (fuzz/run.sh).
#include <cstdlib>
#include <exception>

#include "FuzzInput.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/DicomSeg.h"
#include "imaging/DicomWriter.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SyntheticPhantom.h"

using namespace radlens::imaging;

namespace {
const SyntheticCase& phantom() {
    static const SyntheticCase c = makeSyntheticCt(7, 0, 32, 4);
    return c;
}

Series& reference() {
    static Series series = [] {
        const std::string folder = (radlens::fuzz::scratch() / "ct").string();
        DicomDescription d;
        d.patientName = "SYNTHETIC^FUZZ";
        d.uidSeed = 7;  // fixed UIDs: the seed corpus' SEGs refer to them
        DicomWriter::writeCtSeries(phantom().image, d, folder);
        Scanner scanner;
        return SeriesAssembler::assemble(scanner.scan({folder}).images).at(0);
    }();
    return series;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    DicomHeaderReader::silenceDcmtkLog();
    reference();
    if (const char* seed = std::getenv("RADLENS_FUZZ_WRITE_SEED")) {
        std::vector<Label> segments;
        for (std::size_t k = 0; k < ctLesionNames().size(); ++k) {
            Label l;
            l.value = int(k) + 1;
            l.name = ctLesionNames()[k];
            segments.push_back(l);
        }
        SegCreator creator;
        creator.algorithmName = "fuzz seed";
        creator.algorithmVersion = "1";
        DicomSeg::write(phantom().mask, reference(), segments, creator, seed);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = radlens::fuzz::asFile(data, size, "seg.dcm");
    try {
        DicomSeg::referencedSeries(path);
    } catch (const std::exception&) {
    }
    try {
        std::vector<Label> segments;
        DicomSeg::read(path, reference(), reference().geometry, &segments);
    } catch (const std::exception&) {
    }
    return 0;
}
