// A model bundle's model.json (ai/Manifest.h): parsed with the depth limit
// every outside JSON gets (platform/JsonInput.h), checked field by field, and
// used as the program uses it (labels, calibration, written back out).
#include <exception>
#include <string>

#include "ai/Manifest.h"
#include "platform/JsonInput.h"

using namespace radlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const ai::Manifest m =
            ai::Manifest::fromJson(platform::parseJson(text, "model.json"), "fuzz");
        m.labels();
        m.temperatures();
        ai::modelSuitsModality(m, "CT");
        m.toJson().dump(2);
    } catch (const std::exception&) {
    }
    return 0;
}
