#pragma once
// A vtkImageData over a Volume's buffer, without copying.
//
// VTK has no direction matrix before 9.0; 9.x has one, set here, so world
// coordinates are the volume's LPS coordinates.
// Ownership: the array borrows the pixels (VTK will not free them); keep the
// Volume, or its pixelBuffer(), alive as long as the image is used.
// Threads: create and use on the GUI thread (VTK objects are not shared).

#include <vtkImageData.h>
#include <vtkSmartPointer.h>

#include "imaging/Volume.h"

namespace radlens::viewer {

vtkSmartPointer<vtkImageData> vtkImageView(const imaging::Volume& volume);

/// The same pixels placed at index x spacing: no origin, no rotation. The
/// views render in this space and take orientation from the volume's geometry.
vtkSmartPointer<vtkImageData> vtkIndexSpaceView(const imaging::Volume& volume);

}  // namespace radlens::viewer
