// A DICOMDIR: the Scanner reads its directory records and the files they
// name (none exist here, so only the records' parsing and the paths they
// build are exercised), then series assembly of whatever was found.
#include "FuzzInput.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"

using namespace radlens::imaging;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    DicomHeaderReader::silenceDcmtkLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = radlens::fuzz::asFile(data, size, "DICOMDIR");
    Scanner scanner;
    scanner.setThreadCount(1);
    SeriesAssembler::assemble(scanner.scan({path}).images);
    return 0;
}
