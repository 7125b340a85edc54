#pragma once
// The key of a set of instances: what a cached analysis result is valid for.
// A series that gained or lost instances (a partial retrieval that was
// completed, a series sent again with one more slice) gets a new key, so a
// result computed on the old set is not taken for the new one; the same
// instances in any order and any number of copies give the same key.
//
// Threads: any. Throws: nothing.

#include <string>
#include <vector>

#include "imaging/Series.h"

namespace radlens::imaging {

/// The first 32 hex digits of the SHA-256 of the sorted, distinct SOP
/// instance UIDs (one per line); "" for none.
std::string instanceSetKey(std::vector<std::string> sopInstanceUids);
/// The key of a series' image instances.
std::string instanceSetKeyOf(const Series& series);

}  // namespace radlens::imaging
