#pragma once
// Reading JSON that came from outside (model.json, run.json, COCO files,
// DICOMweb answers, node lists) with a bound on nesting. nlohmann's parser
// and destructor do not recurse, but dump() and every reader that walks a
// document do: a file of 100 000 '[' would overflow the stack there. Header
// only: it needs nlohmann/json on the include path of the target using it
// (radlens_platform itself stays standard C++).
//
// Threads: any. Throws nlohmann::json::parse_error on bad syntax (as
// json::parse does) and JsonTooDeep, naming `where`, past the depth limit.

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace radlens::platform {

/// Deeper than any document Radlens or its peers write (COCO: 5, DICOM JSON
/// with sequences inside sequences: a few dozen).
constexpr int kMaxJsonDepth = 64;

class JsonTooDeep : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses `input` (a string, a stream, or anything nlohmann::json::parse takes).
template <class Input>
nlohmann::json parseJson(Input&& input, const std::string& where, int maxDepth = kMaxJsonDepth) {
    return nlohmann::json::parse(
        std::forward<Input>(input),
        [&where, maxDepth](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > maxDepth)
                throw JsonTooDeep(where + ": JSON nested deeper than " + std::to_string(maxDepth) +
                                  " levels");
            return true;
        });
}

}  // namespace radlens::platform
