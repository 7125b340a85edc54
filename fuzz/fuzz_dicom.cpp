// One DICOM file, as a person opens it: header parsing (DicomHeaderReader via
// the Scanner), series assembly, and the pixel decoder its transfer syntax
// and photometric interpretation choose (native, RLE, JPEG, JPEG-LS, JPEG
// 2000, colour), whole and one slice at a time. Errors are expected
// (LoadError, std::exception); crashes, sanitizer reports, hangs and
// out-of-memory are findings.
#include <exception>

#include "FuzzInput.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

using namespace radlens::imaging;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    DicomHeaderReader::silenceDcmtkLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = radlens::fuzz::asFile(data, size, "input.dcm");
    Scanner scanner;
    scanner.setThreadCount(1);
    const ScanResult scan = scanner.scan({path});
    for (const Series& s : SeriesAssembler::assemble(scan.images)) {
        SeriesLoader loader;
        loader.setThreadCount(1);
        try {
            loader.load(s);
        } catch (const std::exception&) {
        }
        try {
            loader.loadSlice(s, int(s.slices.size() / 2));
        } catch (const std::exception&) {
        }
    }
    return 0;
}
