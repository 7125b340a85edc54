#include "imaging/PlaneAxes.h"

#include <stdexcept>

namespace radlens::imaging {

PlaneAxes planeAxes(int fixedAxis) {
    switch (fixedAxis) {
        case 0:
            return {1, 2, 0};
        case 1:
            return {0, 2, 1};
        case 2:
            return {0, 1, 2};
        default:
            throw std::invalid_argument("the fixed axis of a plane must be 0, 1 or 2");
    }
}

}  // namespace radlens::imaging
