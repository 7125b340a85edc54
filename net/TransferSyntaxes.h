#pragma once
// The transfer syntaxes Radlens decodes (imaging/SeriesLoader: DCMTK's RLE,
// JPEG and JPEG-LS codecs, OpenJPEG for JPEG 2000), in the order we prefer
// to receive them: compressed as stored first, so an archive need not
// transcode, then uncompressed. Shared by C-GET proposals, the storage
// listener and DICOMweb's Accept header.

#include <string>
#include <vector>

namespace radlens::net {

/// Compressed syntaxes we decode, one per presentation context when proposing.
const std::vector<std::string>& compressedTransferSyntaxes();
/// Uncompressed: explicit little endian, implicit little endian.
const std::vector<std::string>& uncompressedTransferSyntaxes();
/// Every syntax we read (compressed, then uncompressed, then deflated and
/// big endian), for an acceptor's preference list.
const std::vector<std::string>& acceptedTransferSyntaxes();

/// Storage SOP classes proposed for C-GET when the node does not say which
/// classes a study holds: images we show, SEG and SR.
const std::vector<std::string>& commonStorageClasses();

}  // namespace radlens::net
