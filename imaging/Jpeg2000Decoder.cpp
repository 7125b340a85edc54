#include "imaging/Jpeg2000Decoder.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace radlens::imaging {

namespace {

struct MemoryStream {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos;
};

OPJ_SIZE_T readFn(void* buffer, OPJ_SIZE_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (m->pos >= m->size) return OPJ_SIZE_T(-1);
    const std::size_t count = std::min<std::size_t>(n, m->size - m->pos);
    std::memcpy(buffer, m->data + m->pos, count);
    m->pos += count;
    return count;
}
OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    const OPJ_OFF_T target = std::clamp<OPJ_OFF_T>(OPJ_OFF_T(m->pos) + n, 0, OPJ_OFF_T(m->size));
    const OPJ_OFF_T moved = target - OPJ_OFF_T(m->pos);
    m->pos = std::size_t(target);
    return moved;
}
OPJ_BOOL seekFn(OPJ_OFF_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (n < 0 || std::size_t(n) > m->size) return OPJ_FALSE;
    m->pos = std::size_t(n);
    return OPJ_TRUE;
}
void errorFn(const char* msg, void* user) {
    auto* last = static_cast<std::string*>(user);
    *last = msg;
    while (!last->empty() && last->back() == '\n') last->pop_back();
}
void quietFn(const char*, void*) {}

}  // namespace

DecodedJ2k Jpeg2000Decoder::decode(const std::uint8_t* data, std::size_t size) {
    if (size < 12) throw std::runtime_error("JPEG 2000 frame is too short");
    // A JP2 file starts with a signature box; a raw codestream with SOC+SIZ.
    const bool jp2 = data[4] == 'j' && data[5] == 'P';
    std::unique_ptr<opj_codec_t, void (*)(opj_codec_t*)> codec(
        opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K), opj_destroy_codec);
    std::string lastError;
    opj_set_error_handler(codec.get(), errorFn, &lastError);
    opj_set_warning_handler(codec.get(), quietFn, nullptr);
    opj_set_info_handler(codec.get(), quietFn, nullptr);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec.get(), &params))
        throw std::runtime_error("JPEG 2000 decoder setup failed");

    MemoryStream mem{data, size, 0};
    std::unique_ptr<opj_stream_t, void (*)(opj_stream_t*)> stream(
        opj_stream_create(64 * 1024, OPJ_TRUE), opj_stream_destroy);
    opj_stream_set_user_data(stream.get(), &mem, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readFn);
    opj_stream_set_skip_function(stream.get(), skipFn);
    opj_stream_set_seek_function(stream.get(), seekFn);

    opj_image_t* raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        throw std::runtime_error("bad JPEG 2000 header: " + lastError);
    std::unique_ptr<opj_image_t, void (*)(opj_image_t*)> image(raw, opj_image_destroy);
    if (!opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        throw std::runtime_error("JPEG 2000 decoding failed: " + lastError);

    DecodedJ2k out;
    out.components = int(image->numcomps);
    if (out.components < 1) throw std::runtime_error("JPEG 2000 frame has no components");
    const opj_image_comp_t& c0 = image->comps[0];
    out.width = int(c0.w);
    out.height = int(c0.h);
    out.precision = int(c0.prec);
    out.isSigned = c0.sgnd != 0;
    for (int c = 1; c < out.components; ++c)
        if (image->comps[c].w != c0.w || image->comps[c].h != c0.h)
            throw std::runtime_error("JPEG 2000 subsampled components are not supported");
    const std::size_t n = std::size_t(out.width) * out.height;
    out.samples.resize(n * out.components);
    for (int c = 0; c < out.components; ++c) {
        const OPJ_INT32* src = image->comps[c].data;
        for (std::size_t i = 0; i < n; ++i) out.samples[i * out.components + c] = src[i];
    }
    return out;
}

}  // namespace radlens::imaging
