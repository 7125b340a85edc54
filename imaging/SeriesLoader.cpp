#include "imaging/SeriesLoader.h"

#include "imaging/DeflatedDataset.h"
#include "imaging/SeriesAssembler.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include "platform/Platform.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <thread>

#include "imaging/DicomHeaderReader.h"
#include "imaging/Jpeg2000Decoder.h"

namespace radlens::imaging {

namespace {

void registerCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        DicomHeaderReader::silenceDcmtkLog();
        DcmRLEDecoderRegistration::registerCodecs();
        // Colour JPEG: let DCMTK convert YCbCr to RGB where the stream says so.
        DJDecoderRegistration::registerCodecs(EDC_photometricInterpretation);
        DJLSDecoderRegistration::registerCodecs();
    });
}

bool isJpeg2000(const std::string& ts) {
    return ts == UID_JPEG2000LosslessOnlyTransferSyntax || ts == UID_JPEG2000TransferSyntax ||
           ts == UID_JPEG2000Part2MulticomponentImageCompressionLosslessOnlyTransferSyntax ||
           ts == UID_JPEG2000Part2MulticomponentImageCompressionTransferSyntax ||
           ts == "1.2.840.10008.1.2.4.201" || ts == "1.2.840.10008.1.2.4.202" ||
           ts == "1.2.840.10008.1.2.4.203";  // HTJ2K lossless, RPCL lossless, lossy
}

bool isColour(const InstanceInfo& i) {
    return i.samplesPerPixel == 3 || i.photometric == "PALETTE COLOR";
}

/// Where the decoder writes: the volume's stored-value staging buffer.
struct Target {
    std::uint8_t* base;
    std::size_t sliceBytes;
    int bytesPerSample;  // 1 or 2 (monochrome staging), 3 for rgb8, 4 for 32-bit
    /// 16-bit data whose every possible rescaled value fits int16 (the usual
    /// CT): rescale while the frame is still in cache, in the worker.
    bool rescaleToInt16 = false;
};

/// Range of stored values that BitsStored and PixelRepresentation allow.
void storedRange(const InstanceInfo& i, double& lo, double& hi) {
    const int bits = i.bitsStored > 0 ? i.bitsStored : i.bitsAllocated;
    if (i.pixelRepresentation == 1) {
        lo = -std::ldexp(1.0, bits - 1);
        hi = std::ldexp(1.0, bits - 1) - 1;
    } else {
        lo = 0;
        hi = std::ldexp(1.0, bits) - 1;
    }
}

/// Masks and sign-extends 16-bit stored values and rescales them to int16 in
/// one pass; the caller has checked that every result fits.
void storedToInt16(void* data, std::size_t count, const InstanceInfo& info) {
    auto* p = static_cast<std::uint16_t*>(data);
    const int bits = info.bitsStored > 0 && info.bitsStored < 16 ? info.bitsStored : 16;
    const std::uint32_t mask = bits >= 16 ? 0xFFFFu : ((1u << bits) - 1);
    const std::int32_t sign = std::int32_t(1u << (bits - 1));
    const int shift = std::clamp(info.highBit + 1 - bits, 0, 16 - bits);
    const std::int32_t slope = std::int32_t(std::lround(info.rescaleSlope));
    const std::int32_t icpt = std::int32_t(std::lround(info.rescaleIntercept));
    const bool isSigned = info.pixelRepresentation == 1;
    for (std::size_t i = 0; i < count; ++i) {
        std::int32_t v = std::int32_t((std::uint32_t(p[i]) >> shift) & mask);
        if (isSigned && (v & sign)) v -= 2 * sign;
        p[i] = std::uint16_t(std::int16_t(v * slope + icpt));
    }
}

/// Masks unused high bits and sign-extends so stored values are exact.
void fixStoredBits(void* data, std::size_t count, const InstanceInfo& info) {
    const int bits = info.bitsStored;
    if (info.bitsAllocated == 16 && bits > 0 && bits < 16) {
        auto* p = static_cast<std::uint16_t*>(data);
        const std::uint16_t mask = std::uint16_t((1u << bits) - 1);
        const std::uint16_t sign = std::uint16_t(1u << (bits - 1));
        // Almost always 0; never more than the bits above Bits Stored (a
        // damaged High Bit of 65 535 once shifted by 65 507: fuzz_dicom).
        const int shift = std::clamp(info.highBit + 1 - bits, 0, 16 - bits);
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t v = std::uint16_t(p[i] >> shift) & mask;
            if (info.pixelRepresentation == 1 && (v & sign)) v |= std::uint16_t(~mask);
            p[i] = v;
        }
    } else if (info.bitsAllocated == 8 && bits > 0 && bits < 8) {
        auto* p = static_cast<std::uint8_t*>(data);
        const std::uint8_t mask = std::uint8_t((1u << bits) - 1);
        for (std::size_t i = 0; i < count; ++i) p[i] &= mask;
    }
}

class InstanceDecoder {
public:
    /// Decodes frames [begin, end) of one instance into their slots.
    InstanceDecoder(const Series& series, int instanceIndex, const std::vector<int>& frameSlots,
                    const Target& target, int begin, int end)
        : info_(series.instances[instanceIndex]),
          slots_(frameSlots),
          target_(target),
          begin_(begin),
          end_(end) {}

    void decode() {
        const std::size_t pixels = std::size_t(info_.rows) * info_.columns;
        if (!isColour(info_) && info_.pixelDataOffset >= 0) {
            readNative(pixels);
            return;
        }
        // DCMTK allocates a deflated element's declared length as it inflates.
        if (info_.transferSyntaxUid == DeflatedDataset::kTransferSyntaxUid) {
            const std::string problem = DeflatedDataset::problem(info_.path);
            if (!problem.empty()) fail(problem);
        }
        DcmFileFormat ff;
        OFCondition c = ff.loadFile(info_.path.c_str());
        if (c == EC_StreamNotifyClient || c == EC_PrematureSequDelimitationItem)
            fail("the file is truncated: it ends inside its pixel data");
        if (c.bad()) fail(std::string("cannot read the file: ") + c.text());
        DcmDataset* ds = ff.getDataset();
        const E_TransferSyntax xfer = ds->getOriginalXfer();
        if (isJpeg2000(info_.transferSyntaxUid)) {
            decodeJ2k(ds, pixels);
            return;
        }
        if (!DcmXfer(xfer).isEncapsulated()) checkNativeLength(ds);
        if (info_.transferSyntaxUid == UID_RLELosslessTransferSyntax) checkRleHeaders(ds);
        if (isColour(info_)) {
            decodeColour(ds, xfer);
            return;
        }
        if (DcmXfer(xfer).isEncapsulated() && decodeFramesOneByOne(ds, pixels)) return;
        c = ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
        if (c.bad() || !ds->canWriteXfer(EXS_LittleEndianExplicit))
            fail("no decoder for transfer syntax " + info_.transferSyntaxUid + " (" +
                 DcmXfer(xfer).getXferName() + ")");
        DcmElement* elem = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, elem).bad() || !elem) fail("no pixel data");
        const std::size_t frameBytes = pixels * target_.bytesPerSample;
        const std::size_t need = frameBytes * info_.frames;
        const std::uint8_t* bytes = nullptr;
        if (info_.bitsAllocated == 32) {
            Uint32* w = nullptr;
            if (elem->getUint32Array(w).good()) bytes = reinterpret_cast<const std::uint8_t*>(w);
        }
        if (info_.bitsAllocated == 16) {
            Uint16* w = nullptr;
            if (elem->getUint16Array(w).good()) bytes = reinterpret_cast<const std::uint8_t*>(w);
        }
        if (!bytes) {
            Uint8* b = nullptr;
            if (elem->getUint8Array(b).good()) bytes = b;
        }
        if (!bytes) fail("pixel data cannot be read");
        if (elem->getLength() < need)
            fail("pixel data is truncated: " + std::to_string(elem->getLength()) + " of " +
                 std::to_string(need) + " bytes");
        for (int f = begin_; f < end_; ++f) {
            std::uint8_t* dst = slot(f);
            if (!dst) continue;
            std::memcpy(dst, bytes + f * frameBytes, frameBytes);
            finishFrame(dst, pixels);
        }
    }

private:
    /// Compressed frames one at a time (DCMTK's codecs), so that the frames of
    /// one multi-frame file can be shared between threads. False when the codec
    /// cannot find a frame on its own (several fragments per frame, no offset
    /// table, not starting at frame 0): the caller then decodes the whole file.
    bool decodeFramesOneByOne(DcmDataset* ds, std::size_t pixels) {
        DcmElement* elem = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, elem).bad() || !elem) fail("no pixel data");
        auto* pixelData = static_cast<DcmPixelData*>(elem);
        const std::size_t frameBytes = pixels * target_.bytesPerSample;
        std::vector<std::uint8_t> odd(frameBytes % 2 ? frameBytes + 1 : 0);
        Uint32 startFragment = 0;
        DcmFileCache cache;
        for (int f = begin_; f < end_; ++f) {
            OFString colourModel;
            std::uint8_t* dst = slot(f);
            if (!dst) {
                startFragment = 0;  // the next frame's fragment is not known now
                continue;
            }
            void* buffer = odd.empty() ? static_cast<void*>(dst) : odd.data();
            const Uint32 size = Uint32(odd.empty() ? frameBytes : odd.size());
            if (pixelData
                    ->getUncompressedFrame(ds, Uint32(f), startFragment, buffer, size, colourModel,
                                           &cache)
                    .bad())
                return false;
            if (!odd.empty()) std::memcpy(dst, odd.data(), frameBytes);
            finishFrame(dst, pixels);
        }
        return true;
    }

    [[noreturn]] void fail(const std::string& why) const { throw LoadError(info_.path, why); }

    /// Every RLE fragment's header (PS3.5 G.5) must describe segments inside
    /// the fragment, as many as the samples and bytes per sample need:
    /// DCMTK 3.6.7's RLE decoder reads wherever the offsets point (found by
    /// fuzz_dicom: an offset of 6 MB in a 664-byte fragment).
    void checkRleHeaders(DcmDataset* ds) const {
        DcmElement* elem = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, elem).bad() || !elem) fail("no pixel data");
        DcmPixelSequence* seq = nullptr;
        if (static_cast<DcmPixelData*>(elem)
                ->getEncapsulatedRepresentation(ds->getOriginalXfer(), nullptr, seq)
                .bad() ||
            !seq)
            fail("RLE pixel data is not encapsulated");
        const unsigned long segments =
            (unsigned long)info_.samplesPerPixel * (unsigned long)(info_.bitsAllocated / 8);
        for (unsigned long k = 1; k < seq->card(); ++k) {
            DcmPixelItem* item = nullptr;
            Uint8* data = nullptr;
            if (seq->getItem(item, k).bad() || item->getUint8Array(data).bad() || !data)
                fail("damaged RLE fragment " + std::to_string(k));
            const Uint32 length = item->getLength();
            auto word = [&](int i) {
                const Uint8* p = data + 4 * i;
                return Uint32(p[0]) | Uint32(p[1]) << 8 | Uint32(p[2]) << 16 | Uint32(p[3]) << 24;
            };
            if (length < 64 || word(0) != segments || word(1) != 64)
                fail("RLE fragment " + std::to_string(k) + " does not have the " +
                     std::to_string(segments) + " segments the header needs");
            for (unsigned long s = 1; s < segments; ++s)
                if (word(int(s) + 1) <= word(int(s)) || word(int(s) + 1) >= length)
                    fail("RLE fragment " + std::to_string(k) + ": segment " +
                         std::to_string(s + 1) + " lies outside the fragment");
        }
    }

    /// Uncompressed pixel data must hold every sample the header promises
    /// before a decoder (ours or DCMTK's) reads it.
    void checkNativeLength(DcmDataset* ds) const {
        DcmElement* elem = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, elem).bad() || !elem) fail("no pixel data");
        const double need = double(info_.rows) * info_.columns * info_.samplesPerPixel *
                            (info_.bitsAllocated / 8.0) * double(info_.frames);
        if (double(elem->getLength()) < need)
            fail("pixel data is truncated: " + std::to_string(elem->getLength()) + " of " +
                 std::to_string(std::llround(need)) + " bytes that " +
                 std::to_string(info_.columns) + " x " + std::to_string(info_.rows) + " x " +
                 std::to_string(info_.samplesPerPixel) + " samples x " +
                 std::to_string(info_.bitsAllocated) + " bits x " + std::to_string(info_.frames) +
                 " frames need");
    }

    /// Where frame `frame` goes, or null when the series does not show it
    /// (loadSlice() wants one frame of a multi-frame file).
    std::uint8_t* slot(int frame) const {
        if (frame < 0 || frame >= int(slots_.size()) || slots_[std::size_t(frame)] < 0)
            return nullptr;
        return target_.base + std::size_t(slots_[std::size_t(frame)]) * target_.sliceBytes;
    }

    void readNative(std::size_t pixels) {
        const std::size_t frameBytes = pixels * target_.bytesPerSample;
        std::unique_ptr<platform::RandomAccessFile> file;
        try {
            file = std::make_unique<platform::RandomAccessFile>(info_.path);
        } catch (const std::exception&) {
            fail("cannot open the file");
        }
        for (int f = begin_; f < end_; ++f) {
            std::uint8_t* dst = slot(f);
            if (!dst) continue;
            if (!file->readAt(dst, frameBytes,
                              info_.pixelDataOffset + std::uint64_t(f) * frameBytes))
                fail("pixel data is truncated or unreadable");
            finishFrame(dst, pixels);
        }
    }

    void finishFrame(std::uint8_t* dst, std::size_t pixels) const {
        if (target_.rescaleToInt16)
            storedToInt16(dst, pixels, info_);
        else if (target_.bytesPerSample == 4)
            finish32(dst, pixels);
        else
            fixStoredBits(dst, pixels, info_);
    }

    /// 32-bit stored values become rescaled float32 in place (same size).
    void finish32(std::uint8_t* dst, std::size_t pixels) const {
        const double slope = info_.rescaleSlope, icpt = info_.rescaleIntercept;
        for (std::size_t i = 0; i < pixels; ++i) {
            std::uint32_t raw;
            std::memcpy(&raw, dst + 4 * i, 4);
            const double v = info_.pixelRepresentation ? double(std::int32_t(raw)) : double(raw);
            const float out = float(v * slope + icpt);
            std::memcpy(dst + 4 * i, &out, 4);
        }
    }

    void decodeJ2k(DcmDataset* ds, std::size_t pixels) {
        DcmElement* elem = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, elem).bad() || !elem) fail("no pixel data");
        auto* pixelData = static_cast<DcmPixelData*>(elem);
        DcmPixelSequence* seq = nullptr;
        if (pixelData->getEncapsulatedRepresentation(ds->getOriginalXfer(), nullptr, seq).bad() ||
            !seq)
            fail("JPEG 2000 pixel data is not encapsulated");
        // Item 0 is the basic offset table; the rest are fragments.
        const unsigned long fragments = seq->card() > 0 ? seq->card() - 1 : 0;
        std::vector<std::vector<std::uint8_t>> frames;
        auto fragment = [&](unsigned long k, std::vector<std::uint8_t>& out) {
            DcmPixelItem* item = nullptr;
            Uint8* data = nullptr;
            if (seq->getItem(item, k + 1).bad() || item->getUint8Array(data).bad() || !data)
                fail("damaged JPEG 2000 fragment");
            out.insert(out.end(), data, data + item->getLength());
        };
        if (info_.frames == 1) {
            frames.resize(1);
            for (unsigned long k = 0; k < fragments; ++k) fragment(k, frames[0]);
        } else if (fragments == unsigned(info_.frames)) {
            frames.resize(info_.frames);
            for (unsigned long k = 0; k < fragments; ++k) fragment(k, frames[k]);
        } else {
            // Several fragments per frame: a new frame starts with a J2K SOC marker.
            for (unsigned long k = 0; k < fragments; ++k) {
                std::vector<std::uint8_t> f;
                fragment(k, f);
                if (frames.empty() || (f.size() > 1 && f[0] == 0xFF && f[1] == 0x4F))
                    frames.emplace_back();
                frames.back().insert(frames.back().end(), f.begin(), f.end());
            }
            if (int(frames.size()) != info_.frames)
                fail("cannot split JPEG 2000 fragments into frames");
        }
        for (int f = begin_; f < end_; ++f) {
            DecodedJ2k d;
            try {
                d = Jpeg2000Decoder::decode(frames[f].data(), frames[f].size());
            } catch (const std::exception& e) {
                fail(e.what());
            }
            const int wanted = target_.bytesPerSample == 3 ? 3 : 1;
            if (d.width != info_.columns || d.height != info_.rows || d.components != wanted)
                fail("JPEG 2000 frame does not match the header's size or samples");
            std::uint8_t* dst = slot(f);
            if (!dst) continue;
            if (wanted == 3) {
                // OpenJPEG has undone the colour transform (YBR_ICT/RCT): RGB.
                const int shift = std::max(0, d.precision - 8);
                for (std::size_t i = 0; i < pixels * 3; ++i)
                    dst[i] = std::uint8_t(std::clamp(d.samples[i] >> shift, 0, 255));
                continue;
            }
            if (target_.bytesPerSample == 4) {
                auto* v = reinterpret_cast<std::int32_t*>(dst);
                for (std::size_t i = 0; i < pixels; ++i) v[i] = d.samples[i];
                finish32(dst, pixels);
                continue;
            }
            if (target_.bytesPerSample == 1) {
                for (std::size_t i = 0; i < pixels; ++i) dst[i] = std::uint8_t(d.samples[i]);
            } else {
                auto* w = reinterpret_cast<std::uint16_t*>(dst);
                for (std::size_t i = 0; i < pixels; ++i) w[i] = std::uint16_t(d.samples[i]);
            }
            // The header's Pixel Representation, not the codestream's sign,
            // says what the stored bits mean: an unsigned codestream under a
            // signed header holds BitsStored-bit two's complement values.
            if (target_.rescaleToInt16)
                storedToInt16(dst, pixels, info_);
            else if (!d.isSigned || info_.pixelRepresentation == 1)
                fixStoredBits(dst, pixels, info_);
        }
    }

    void decodeColour(DcmDataset* ds, E_TransferSyntax xfer) {
        DicomImage image(ds, xfer, CIF_UsePartialAccessToPixelData, unsigned(begin_),
                         unsigned(end_ - begin_));
        if (image.getStatus() != EIS_Normal)
            fail(std::string("cannot decode colour image: ") +
                 DicomImage::getString(image.getStatus()));
        if (int(image.getWidth()) != info_.columns || int(image.getHeight()) != info_.rows)
            fail("decoded colour image does not match the header's size");
        const std::size_t bytes = std::size_t(info_.rows) * info_.columns * 3;
        for (int f = begin_; f < end_; ++f) {
            std::uint8_t* dst = slot(f);
            if (!dst) continue;
            const void* rgb = image.getOutputData(8, unsigned(f - begin_), 0);
            if (!rgb) fail("cannot decode colour frame " + std::to_string(f));
            std::memcpy(dst, rgb, bytes);
        }
    }

    const InstanceInfo& info_;
    const std::vector<int>& slots_;
    Target target_;
    int begin_, end_;
};

std::string gigabytes(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g GB", bytes / 1e9);
    return buf;
}

/// What the header promises must be something we decode and, where the
/// pixels are stored as they are, must be in the file: a header that claims
/// more samples, bits, rows, columns or frames than the bytes present is an
/// error here, never a read past a buffer later.
void checkPromisedPixels(const InstanceInfo& i) {
    const bool palette = i.photometric == "PALETTE COLOR";
    if (i.rows <= 0 || i.columns <= 0 || i.frames <= 0)
        throw LoadError(i.path, "the header gives no image size");
    if (isColour(i) ? (palette ? i.samplesPerPixel != 1 : i.samplesPerPixel != 3)
                    : i.samplesPerPixel != 1)
        throw LoadError(
            i.path, std::to_string(i.samplesPerPixel) + " samples per pixel with " +
                        (i.photometric.empty() ? std::string("no photometric") : i.photometric) +
                        " interpretation cannot be decoded");
    if (isColour(i) && i.bitsAllocated != 8 && i.bitsAllocated != 16 && i.bitsAllocated != 32)
        throw LoadError(i.path,
                        std::to_string(i.bitsAllocated) + "-bit colour pixels are not supported");
    if (i.pixelDataOffset < 0) return;  // compressed: the decoder sees the sizes
    const double need =
        double(i.rows) * i.columns * i.samplesPerPixel * (i.bitsAllocated / 8.0) * double(i.frames);
    const double have = double(i.fileSize - i.pixelDataOffset);
    if (i.fileSize > 0 && need > have)
        throw LoadError(i.path, "the header promises " + std::to_string(std::llround(need)) +
                                    " bytes of pixels (" + std::to_string(i.columns) + " x " +
                                    std::to_string(i.rows) + " x " +
                                    std::to_string(i.samplesPerPixel) + " samples x " +
                                    std::to_string(i.bitsAllocated) + " bits x " +
                                    std::to_string(i.frames) + " frames), the file holds " +
                                    std::to_string(std::llround(std::max(0.0, have))));
}

template <class T>
void rescaleInto(const T* src, std::size_t n, double slope, double intercept, float* dst) {
    for (std::size_t i = 0; i < n; ++i) dst[i] = float(double(src[i]) * slope + intercept);
}

}  // namespace

Volume SeriesLoader::load(const Series& series) const {
    registerCodecs();
    if (series.instances.empty() || series.slices.empty())
        throw LoadError(series.uid, "the series has no images");
    const InstanceInfo& first = series.instances.front();
    const bool colour = isColour(first);
    for (const InstanceInfo& i : series.instances) {
        if (isColour(i) != colour || i.bitsAllocated != first.bitsAllocated ||
            i.pixelRepresentation != first.pixelRepresentation)
            throw LoadError(i.path, "pixel format differs from the rest of the series");
        if (!colour && i.bitsAllocated != 8 && i.bitsAllocated != 16 && i.bitsAllocated != 32)
            throw LoadError(i.path, std::to_string(i.bitsAllocated) +
                                        "-bit greyscale pixels are not supported");
        checkPromisedPixels(i);
    }

    // 1. Decode stored values into the volume's own buffer (staging type).
    PixelType staging = colour                      ? PixelType::Rgb8
                        : first.bitsAllocated == 32 ? PixelType::Float32
                        : first.bitsAllocated == 8  ? PixelType::UInt8
                        : first.pixelRepresentation ? PixelType::Int16
                                                    : PixelType::UInt16;
    // Decoded sizes are bounded before anything is allocated, so that a
    // compressed file claiming a huge image (a decompression bomb) is an error.
    const auto& dims = series.geometry.dims;
    const double decoded = double(dims[0]) * dims[1] * dims[2] * bytesPerVoxel(staging);
    if (dims[0] <= 0 || dims[1] <= 0 || dims[2] <= 0 || decoded > double(kMaxVolumeBytes))
        throw LoadError(first.path, "the series would decode to " + gigabytes(decoded) +
                                        ", more than the limit of " +
                                        gigabytes(double(kMaxVolumeBytes)));
    Volume volume(staging, series.geometry);
    volume.modality = series.modality;
    volume.invertedGrey = first.photometric == "MONOCHROME1";
    if (!first.hasOrientation) volume.patientOrientation = first.patientOrientation;
    for (std::size_t k = 0; k < first.windowCenters.size() && k < first.windowWidths.size(); ++k)
        if (first.windowWidths[k] > 0)
            volume.windowPresets.push_back(
                {first.windowCenters[k], first.windowWidths[k],
                 k < first.windowExplanations.size() ? first.windowExplanations[k] : ""});
    volume.voiLuts = first.voiLuts;

    std::vector<std::vector<int>> slots(series.instances.size());
    for (std::size_t z = 0; z < series.slices.size(); ++z) {
        const FrameRef& r = series.slices[z];
        auto& s = slots[r.instance];
        if (int(s.size()) < series.instances[r.instance].frames)
            s.resize(series.instances[r.instance].frames, -1);
        s[r.frame] = int(z);
    }
    Target target{volume.dataAs<std::uint8_t>(), volume.sliceBytes(), int(bytesPerVoxel(staging))};
    bool identityRescale = true;
    bool fitsInt16 = !colour && first.bitsAllocated == 16;
    for (const InstanceInfo& i : series.instances) {
        identityRescale &= i.rescaleSlope == 1.0 && i.rescaleIntercept == 0.0;
        double lo = 0, hi = 0;
        storedRange(i, lo, hi);
        const double a = lo * i.rescaleSlope + i.rescaleIntercept;
        const double b = hi * i.rescaleSlope + i.rescaleIntercept;
        if (!colour) {
            std::array<double, 2> r{std::min(a, b), std::max(a, b)};
            if (volume.valueRange)
                r = {std::min(r[0], (*volume.valueRange)[0]),
                     std::max(r[1], (*volume.valueRange)[1])};
            volume.valueRange = r;
        }
        fitsInt16 &= i.rescaleSlope == std::round(i.rescaleSlope) &&
                     i.rescaleIntercept == std::round(i.rescaleIntercept) &&
                     std::min(a, b) >= -32768 && std::max(a, b) <= 32767;
    }
    target.rescaleToInt16 = fitsInt16 && !identityRescale;

    std::atomic<std::size_t> next{0}, done{0};
    std::mutex errorMutex, progressMutex;
    std::string errorPath, errorWhy;
    auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    // Work items: one per single-frame instance; the frames of a multi-frame
    // file are split into one chunk per thread.
    int threads = threads_ > 0 ? threads_ : int(std::max(1u, std::thread::hardware_concurrency()));
    struct Item {
        int instance, begin, end;
    };
    std::vector<Item> items;
    for (int i = 0; i < int(series.instances.size()); ++i) {
        // Only the frames the series shows (all of them, but for loadSlice()).
        const std::vector<int>& s = slots[std::size_t(i)];
        int first = -1, last = -1;
        for (int f = 0; f < int(s.size()); ++f)
            if (s[std::size_t(f)] >= 0) {
                if (first < 0) first = f;
                last = f;
            }
        if (first < 0) continue;
        const int frames = last + 1 - first;
        const int chunk = std::max(1, (frames + threads - 1) / threads);
        for (int b = first; b <= last; b += chunk)
            items.push_back({i, b, std::min(last + 1, b + chunk)});
    }
    const std::size_t total = items.size();
    auto worker = [&] {
        for (;;) {
            if (cancel_ && cancel_->load()) return;
            {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!errorWhy.empty()) return;
            }
            const std::size_t i = next++;
            if (i >= total) return;
            try {
                const Item& it = items[i];
                InstanceDecoder(series, it.instance, slots[it.instance], target, it.begin, it.end)
                    .decode();
            } catch (const LoadError& e) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (errorWhy.empty()) {
                    errorPath = e.path();
                    errorWhy = e.why();
                }
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (errorWhy.empty()) {
                    errorPath = series.instances[items[i].instance].path;
                    errorWhy = e.what();
                }
            }
            const std::size_t d = ++done;
            if (progress_) {
                std::lock_guard<std::mutex> lock(progressMutex);
                auto now = std::chrono::steady_clock::now();
                if (now - lastReport >= std::chrono::milliseconds(100) || d == total) {
                    lastReport = now;
                    progress_(d, total);
                }
            }
        }
    };
    threads = int(std::min<std::size_t>(threads, total));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (cancel_ && cancel_->load()) throw LoadError(series.uid, "cancelled");
    if (!errorWhy.empty()) throw LoadError(errorPath, errorWhy);
    if (target.rescaleToInt16) {
        volume.reinterpretAs(PixelType::Int16);
        if (series.modality == "CT") volume.units = "HU";
        return volume;
    }
    // 32-bit values were rescaled to float32 while decoding.
    if (colour || staging == PixelType::Float32) {
        if (staging == PixelType::Float32 && series.modality == "CT") volume.units = "HU";
        return volume;
    }

    // 2. Rescale to modality values in the smallest type that holds them.
    bool integral = true, identity = true;
    for (const InstanceInfo& i : series.instances) {
        integral &= i.rescaleSlope == std::round(i.rescaleSlope) &&
                    i.rescaleIntercept == std::round(i.rescaleIntercept);
        identity &= i.rescaleSlope == 1.0 && i.rescaleIntercept == 0.0;
    }
    if (series.modality == "CT" && !identity) volume.units = "HU";
    if (identity) return volume;

    const std::size_t sliceVoxels = std::size_t(volume.dims()[0]) * volume.dims()[1];
    auto sliceInstance = [&](std::size_t z) -> const InstanceInfo& {
        return series.instances[series.slices[z].instance];
    };
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (std::size_t z = 0; z < series.slices.size(); ++z) {
        const InstanceInfo& in = sliceInstance(z);
        double smin = 0, smax = 0;
        const std::uint8_t* raw = volume.dataAs<std::uint8_t>() + z * volume.sliceBytes();
        auto scan = [&](auto* p) {
            auto [mn, mx] = std::minmax_element(p, p + sliceVoxels);
            smin = double(*mn);
            smax = double(*mx);
        };
        if (staging == PixelType::UInt8)
            scan(raw);
        else if (staging == PixelType::Int16)
            scan(reinterpret_cast<const std::int16_t*>(raw));
        else
            scan(reinterpret_cast<const std::uint16_t*>(raw));
        const double a = smin * in.rescaleSlope + in.rescaleIntercept;
        const double b = smax * in.rescaleSlope + in.rescaleIntercept;
        lo = std::min({lo, a, b});
        hi = std::max({hi, a, b});
    }
    PixelType final = PixelType::Float32;
    if (integral && lo >= -32768 && hi <= 32767)
        final = PixelType::Int16;
    else if (integral && lo >= 0 && hi <= 65535)
        final = PixelType::UInt16;

    if (final != PixelType::Float32 && staging != PixelType::UInt8) {
        // Same size: convert in place, slice by slice.
        for (std::size_t z = 0; z < series.slices.size(); ++z) {
            const InstanceInfo& in = sliceInstance(z);
            const long slope = std::lround(in.rescaleSlope),
                       icpt = std::lround(in.rescaleIntercept);
            std::uint8_t* raw = volume.dataAs<std::uint8_t>() + z * volume.sliceBytes();
            auto convert = [&](auto* src, auto* dst) {
                for (std::size_t i = 0; i < sliceVoxels; ++i)
                    dst[i] = static_cast<std::remove_reference_t<decltype(*dst)>>(
                        long(src[i]) * slope + icpt);
            };
            if (staging == PixelType::Int16 && final == PixelType::Int16)
                convert(reinterpret_cast<std::int16_t*>(raw), reinterpret_cast<std::int16_t*>(raw));
            else if (staging == PixelType::Int16)
                convert(reinterpret_cast<std::int16_t*>(raw),
                        reinterpret_cast<std::uint16_t*>(raw));
            else if (final == PixelType::Int16)
                convert(reinterpret_cast<std::uint16_t*>(raw),
                        reinterpret_cast<std::int16_t*>(raw));
            else
                convert(reinterpret_cast<std::uint16_t*>(raw),
                        reinterpret_cast<std::uint16_t*>(raw));
        }
        volume.reinterpretAs(final);  // same size: the bytes stay where they are
        return volume;
    }
    // A wider type: one more buffer.
    Volume out(final == PixelType::Float32 ? PixelType::Float32 : final, volume.geometry());
    out.modality = volume.modality;
    out.units = volume.units;
    out.invertedGrey = volume.invertedGrey;
    out.valueRange = volume.valueRange;
    out.windowPresets = volume.windowPresets;
    out.voiLuts = volume.voiLuts;
    for (std::size_t z = 0; z < series.slices.size(); ++z) {
        const InstanceInfo& in = sliceInstance(z);
        const std::uint8_t* raw = volume.dataAs<std::uint8_t>() + z * volume.sliceBytes();
        if (final == PixelType::Float32) {
            float* dst = out.dataAs<float>() + z * sliceVoxels;
            if (staging == PixelType::UInt8)
                rescaleInto(raw, sliceVoxels, in.rescaleSlope, in.rescaleIntercept, dst);
            else if (staging == PixelType::Int16)
                rescaleInto(reinterpret_cast<const std::int16_t*>(raw), sliceVoxels,
                            in.rescaleSlope, in.rescaleIntercept, dst);
            else
                rescaleInto(reinterpret_cast<const std::uint16_t*>(raw), sliceVoxels,
                            in.rescaleSlope, in.rescaleIntercept, dst);
        } else {
            // 8-bit stored, integral rescale into 16 bits.
            for (std::size_t i = 0; i < sliceVoxels; ++i) {
                const long v = std::lround(raw[i] * in.rescaleSlope + in.rescaleIntercept);
                if (final == PixelType::Int16)
                    out.dataAs<std::int16_t>()[z * sliceVoxels + i] = std::int16_t(v);
                else
                    out.dataAs<std::uint16_t>()[z * sliceVoxels + i] = std::uint16_t(v);
            }
        }
    }
    return out;
}

Volume SeriesLoader::loadSlice(const Series& series, int k) const {
    if (k < 0 || k >= int(series.slices.size()))
        throw std::out_of_range("slice " + std::to_string(k) + " of a series of " +
                                std::to_string(series.slices.size()));
    const FrameRef ref = series.slices[std::size_t(k)];
    Series one = series;
    one.instances = {series.instances[std::size_t(ref.instance)]};
    one.slices = {FrameRef{0, ref.frame}};
    one.geometry.dims[2] = 1;
    one.geometry.origin = series.geometry.indexToWorld(0, 0, k);
    return load(one);
}

Volume SeriesLoader::loadFromDatabase(Database& db, const std::string& seriesUid) const {
    const std::vector<Series> assembled = SeriesAssembler::assemble(db.seriesInstances(seriesUid));
    for (const Series& s : assembled)
        if (s.uid == seriesUid) return load(s);
    throw LoadError(seriesUid, "its images are not in the database (open them once)");
}

}  // namespace radlens::imaging
