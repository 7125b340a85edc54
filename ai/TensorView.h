#pragma once
// A torch::Tensor over a Volume's buffer, without copying (except uint16
// volumes, which torch 1.13 cannot represent: those are copied into int32).
//
// Shape (1, Z, Y, X) for grey volumes, (3, Z, Y, X)-strided view for rgb8
// (channels-last in memory). Ownership: the tensor holds a reference to the
// volume's buffer, so it stays valid after the Volume itself is gone.
// Threads: as for the Volume. Throws nothing.

#include <torch/types.h>

#include "imaging/Volume.h"

namespace radlens::ai {

torch::Tensor tensorView(const imaging::Volume& volume);

}  // namespace radlens::ai
