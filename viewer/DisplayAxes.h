#pragma once
// How a slice view puts a plane on screen: imaging::planeAxes' in-plane axes
// (u right, v up), the signs that make the picture radiological (anterior up
// in axial), and the camera's direction of projection and up vector in
// display coordinates (index x spacing).
//
// Threads: any (pure function).

#include <array>

#include "imaging/PlaneAxes.h"
#include "viewer/MeasurementModel.h"

namespace radlens::viewer {

struct DisplayAxes {
    int right, up;
    double rightSign, upSign;
    std::array<double, 3> dop;  ///< direction of projection (display coordinates)
    std::array<double, 3> viewUp;
};

inline DisplayAxes displayAxes(Plane p) {
    const imaging::PlaneAxes a = imaging::planeAxes(int(p));
    switch (p) {
        case Plane::Axial:  // index y grows towards posterior: drawn downwards
            return {a.u, a.v, 1, -1, {0, 0, 1}, {0, -1, 0}};
        case Plane::Coronal:
            return {a.u, a.v, 1, 1, {0, 1, 0}, {0, 0, 1}};
        case Plane::Sagittal:
            return {a.u, a.v, 1, 1, {-1, 0, 0}, {0, 0, 1}};
    }
    return {a.u, a.v, 1, -1, {0, 0, 1}, {0, -1, 0}};
}

}  // namespace radlens::viewer
