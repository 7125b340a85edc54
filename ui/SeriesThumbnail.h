#pragma once
// Thumbnails for the study browser: the middle slice of a series, decoded
// alone (SeriesLoader::loadSlice), in its default window, scaled to fit a
// square with the pixels' physical aspect kept.
// Threads: any; call on a worker (it reads and decodes a file).
// Throws what SeriesLoader throws.

#include <QImage>

#include "imaging/Series.h"
#include "imaging/Volume.h"

namespace radlens::ui {

/// `slice` (its first slice) as an image at most `side` x `side` pixels.
QImage sliceThumbnail(const imaging::Volume& slice, int side);
/// The middle slice of `series`.
QImage seriesThumbnail(const imaging::Series& series, int side);

}  // namespace radlens::ui
