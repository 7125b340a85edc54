#include "imaging/Label.h"

#include <algorithm>
#include <cstdio>

namespace radlens::imaging {

std::array<std::uint8_t, 3> defaultLabelColor(std::size_t i) {
    static const std::array<std::uint8_t, 3> palette[] = {
        {230, 25, 75},  {60, 180, 75},   {255, 225, 25}, {67, 99, 216},
        {245, 130, 49}, {145, 30, 180},  {70, 240, 240}, {240, 50, 230},
        {188, 246, 12}, {250, 190, 190}, {0, 128, 128},  {230, 190, 255}};
    return palette[i % (sizeof palette / sizeof palette[0])];
}

std::array<std::uint8_t, 3> parseColor(const std::string& hex,
                                       std::array<std::uint8_t, 3> fallback) {
    unsigned r = 0, g = 0, b = 0;
    char tail = 0;
    if (hex.size() == 7 && hex[0] == '#' &&
        std::sscanf(hex.c_str() + 1, "%2x%2x%2x%c", &r, &g, &b, &tail) == 3)
        return {std::uint8_t(r), std::uint8_t(g), std::uint8_t(b)};
    return fallback;
}

std::string formatColor(const std::array<std::uint8_t, 3>& rgb) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    return text;
}

std::vector<Label> completeLabels(const std::vector<Label>& known, int highestValue) {
    int highest = std::min(highestValue, 255);
    for (const Label& l : known) highest = std::max(highest, std::min(l.value, 255));
    std::vector<Label> out;
    for (int v = 1; v <= highest; ++v) {
        const auto it =
            std::find_if(known.begin(), known.end(), [v](const Label& l) { return l.value == v; });
        if (it != known.end())
            out.push_back(*it);
        else
            out.push_back(
                {v, "Label " + std::to_string(v), defaultLabelColor(std::size_t(v - 1)), {}, {}});
    }
    return out;
}

}  // namespace radlens::imaging
