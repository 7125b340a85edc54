#include "viewer/VtkImageView.h"

#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkShortArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

namespace radlens::viewer {

namespace {
template <class Array, class T>
vtkSmartPointer<vtkDataArray> borrow(const imaging::Volume& v, int components) {
    auto array = vtkSmartPointer<Array>::New();
    array->SetNumberOfComponents(components);
    // save=1: VTK does not own and never frees the buffer.
    array->SetArray(const_cast<T*>(v.dataAs<T>()),
                    vtkIdType(v.geometry().voxelCount()) * components, 1);
    array->SetName("pixels");
    return array;
}
}  // namespace

vtkSmartPointer<vtkImageData> vtkImageView(const imaging::Volume& volume) {
    using imaging::PixelType;
    const imaging::Geometry& g = volume.geometry();
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(g.dims[0], g.dims[1], g.dims[2]);
    image->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    image->SetOrigin(g.origin[0], g.origin[1], g.origin[2]);
    image->SetDirectionMatrix(g.direction.data());
    vtkSmartPointer<vtkDataArray> array;
    switch (volume.pixelType()) {
        case PixelType::UInt8:
            array = borrow<vtkUnsignedCharArray, unsigned char>(volume, 1);
            break;
        case PixelType::Rgb8:
            array = borrow<vtkUnsignedCharArray, unsigned char>(volume, 3);
            break;
        case PixelType::Int16:
            array = borrow<vtkShortArray, short>(volume, 1);
            break;
        case PixelType::UInt16:
            array = borrow<vtkUnsignedShortArray, unsigned short>(volume, 1);
            break;
        case PixelType::Float32:
            array = borrow<vtkFloatArray, float>(volume, 1);
            break;
    }
    image->GetPointData()->SetScalars(array);
    return image;
}

vtkSmartPointer<vtkImageData> vtkIndexSpaceView(const imaging::Volume& volume) {
    vtkSmartPointer<vtkImageData> image = vtkImageView(volume);
    image->SetOrigin(0, 0, 0);
    image->SetDirectionMatrix(1, 0, 0, 0, 1, 0, 0, 0, 1);
    return image;
}

}  // namespace radlens::viewer
