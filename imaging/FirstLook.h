#pragma once
// The picture to show while a folder is still being scanned: the viewer puts
// it on screen before the headers of the other files are parsed (a 600-file
// CT takes 50-100 ms to scan; this takes a few milliseconds).
//
// Which file: most exports (scanners, PACS, dcm2niix's inputs, our own
// writers) name a series' files in instance order, so the middle file by
// name (digits compared as numbers) is, most of the time, the slice the
// scanned series opens at (the middle one). Only a folder that looks like one
// series gets a first look: its first, middle and last files by name must be
// images of the same series. Anything else (several paths, a DICOMDIR, a
// folder of folders, mixed series, unreadable files) gets none, and the scan
// decides as before. The place (index of count) is a guess from the file
// count; the scanned series replaces the picture and the guess.
//
// Threads: any. Reads three headers and one image; never throws (none on
// any error).

#include <optional>
#include <string>
#include <vector>

#include "imaging/Series.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

struct FirstLook {
    Series series;  ///< of this one slice: the header's metadata, for the corner texts
    Volume slice;
    int index = 0;  ///< the guessed place: the file's position by name...
    int count = 1;  ///< ... among the folder's files
};

class FirstLookFinder {
public:
    static std::optional<FirstLook> find(const std::vector<std::string>& paths);
    /// Name order with runs of digits compared as numbers ("2" < "10").
    static bool naturalLess(const std::string& a, const std::string& b);
};

}  // namespace radlens::imaging
