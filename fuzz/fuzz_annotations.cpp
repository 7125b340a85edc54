// Annotation files a user imports: COCO JSON (then rasterised onto a small
// grid, as convert-mask does) when the input starts with '{', else a
// ChestX-ray14-style label CSV.
#include <exception>

#include "FuzzInput.h"
#include "imaging/AnnotationFormats.h"

using namespace radlens::imaging;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bool coco = size > 0 && data[0] == '{';
    const std::string path = radlens::fuzz::asFile(data, size, coco ? "in.json" : "in.csv");
    try {
        if (coco) {
            const CocoDocument doc = CocoDocument::read(path);
            Geometry grid;
            grid.dims = {64, 48, 3};
            // Radlens names images "<series uid>/<slice>.png": take the first one's.
            const std::string uid =
                doc.images.empty()
                    ? std::string()
                    : doc.images.front().fileName.substr(0, doc.images.front().fileName.find('/'));
            doc.toLabelMap(grid, uid);
        } else {
            ImageLabelsCsv::read(path);
        }
    } catch (const std::exception&) {
    }
    return 0;
}
