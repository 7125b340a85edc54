#pragma once
// `radlens-cli annotation ...`: the local annotation store from scripts.
//   annotation import MASK --reference PATH... [--series UID] --annotator NAME
//                     [--status draft|final] [--labels A|B] [--mask-labels 1=A,2=B]
//       stores a mask file (NIfTI, DICOM SEG or COCO JSON on the series' grid)
//       as a new version; the series' files are recorded in the database.
//   annotation list [--json]
//       every saved version: series, annotator, version, status, time, labels.
//   annotation export-dataset -o DIR [--drafts]
//       imaging::DatasetExporter: images, masks, labels.csv, COCO, dataset.json,
//       README.md; a folder `radlens-cli train` reads.
//
// Threads: the calling thread. Throws radlens::cli::UsageError / Failure.

#include <string>
#include <vector>

namespace radlens::cli {

int annotationCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
