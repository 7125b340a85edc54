#pragma once
// `radlens-cli synth --kind ct|cxr --cases N [--seed S] [--size N] [--slices N] -o DIR`
// (docs/cli.md): writes a synthetic data set with ground truth.
//
// DIR (must not exist or be empty) receives:
//   README.txt     what this is -- SYNTHETIC DATA, not from any patient
//   dataset.json   {"synthetic": true, "kind", "seed", "classes", "mask_labels",
//                   "cases": [{"id", "patient_id", "image", "mask", "labels"}]}
//   ct:  case_NNNN/dicom/IMxxxx.dcm (CT series, HU) and case_NNNN/mask.nii.gz
//   cxr: images/cxr_NNNN.dcm (DX), masks/cxr_NNNN.nii.gz, labels.csv
//        (ChestX-ray14 style: "Image Index,Finding Labels,Patient ID", labels
//        joined by '|', "No Finding" when none)
// The set is built in a temporary folder beside DIR and renamed into place.
//
// Threads: the calling thread; cases are generated on a few worker threads.
// Throws radlens::cli::UsageError / Failure.

#include <string>
#include <vector>

namespace radlens::cli {

int synthCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
