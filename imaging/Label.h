#pragma once
// One label of a label map: the value its voxels hold, a name, a display
// colour and, for DICOM, coded concepts. The one type for a segment of a
// DICOM SEG, a COCO category, a label the annotator paints, an overlay's
// legend entry and a segmenter's class as shown.
//
// Threads: any (plain data).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace radlens::imaging {

/// A coded concept (DICOM PS3.3 Code Sequence Macro): "49755003", "SCT",
/// "Morphologically Altered Structure". Empty: none given.
struct Code {
    std::string value, scheme, meaning;
    bool empty() const { return value.empty(); }
    bool operator==(const Code& o) const {
        return value == o.value && scheme == o.scheme && meaning == o.meaning;
    }
};

struct Label {
    int value = 1;  ///< the voxel value, 1..255 (also the SEG segment number)
    std::string name;
    std::array<std::uint8_t, 3> color{230, 25, 75};
    Code category;  ///< SEG's Segmented Property Category (empty: the default)
    Code type;      ///< SEG's Segmented Property Type (empty: derived from the name)

    bool operator==(const Label& o) const {
        return value == o.value && name == o.name && color == o.color && category == o.category &&
               type == o.type;
    }
};

/// The colour of the i-th label when nothing else says (a palette of twelve).
std::array<std::uint8_t, 3> defaultLabelColor(std::size_t i);
/// "#rrggbb" -> colour; `fallback` when the text is not one.
std::array<std::uint8_t, 3> parseColor(const std::string& hex,
                                       std::array<std::uint8_t, 3> fallback = {255, 0, 0});
std::string formatColor(const std::array<std::uint8_t, 3>& rgb);

/// Every value 1..max(`highestValue`, the highest in `known`) as a label:
/// those in `known` as they are, gaps named "Label <v>" with the palette's
/// colour. The one rule for numbering segments when a mask is written.
std::vector<Label> completeLabels(const std::vector<Label>& known, int highestValue);

}  // namespace radlens::imaging
