#pragma once
// The key under which the results cache (imaging::Database's findings table)
// keeps an analysis: a SHA-256 over everything that changes a result, so that
// a cached answer is never returned for another question. It covers the
// model's weights (their SHA-256), architecture, mode, classes and their
// thresholds, input size and channels, preprocessing (modality, window,
// normalisation), calibration (temperatures, operating points) and
// out-of-distribution summary, i.e. model.json without its name, version and
// provenance; and the analysis's slice (a classifier's one slice, or none for
// the whole series; a segmenter's key ignores it, as the segmenter does). The series and its
// instance set are the cache's other columns.
//
// Threads: any; pure.

#include <optional>
#include <string>

#include "ai/Manifest.h"

namespace radlens::ai {

/// "sha256:" and 64 hex digits.
std::string resultCacheKey(const Manifest& manifest, std::optional<int> slice);

}  // namespace radlens::ai
