// Volumes a user opens or imports as masks: NIfTI (.nii, .nii.gz) and NRRD,
// by VolumeIO (ITK's readers behind our checks). The first byte picks the
// extension; the rest is the file.
#include <exception>

#include "FuzzInput.h"
#include "imaging/VolumeIO.h"

using namespace radlens::imaging;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static const char* const names[] = {"in.nii", "in.nii.gz", "in.nrrd"};
    const std::string path = radlens::fuzz::asFile(data + 1, size - 1, names[data[0] % 3]);
    try {
        VolumeIO::read(path);
    } catch (const std::exception&) {
    }
    return 0;
}
