#pragma once
// `radlens-cli anonymize PATH... -o DIR [--json]` (docs/cli.md): de-identified
// copies after DICOM PS3.15's Basic Application Level Confidentiality
// Profile (imaging::Anonymizer), one file per instance under
// DIR/<new study UID>/<new series UID>/<new SOP instance UID>.dcm.
//
// Threads: the calling thread. Throws radlens::cli::UsageError / Failure.

#include <string>
#include <vector>

namespace radlens::cli {

int anonymizeCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
