#include "net/MultipartReader.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace radlens::net {

namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
}

}  // namespace

MultipartReader::MultipartReader(const std::string& boundary) : delimiter_("\r\n--" + boundary) {
    if (boundary.empty() || boundary.size() > 200)
        throw std::runtime_error("multipart: a boundary must have 1 to 200 characters");
    buffer_ = "\r\n";  // the first boundary may open the body without a line break
}

std::string MultipartReader::mediaTypeOf(const std::string& contentType) {
    return lower(trim(contentType.substr(0, contentType.find(';'))));
}

std::string MultipartReader::boundaryOf(const std::string& contentType) {
    // Parameters after the media type: name=value or name="quoted;value".
    std::size_t p = contentType.find(';');
    while (p != std::string::npos && p < contentType.size()) {
        std::size_t eq = contentType.find('=', p + 1);
        if (eq == std::string::npos) return "";
        const std::string name = lower(trim(contentType.substr(p + 1, eq - p - 1)));
        std::size_t v = eq + 1;
        while (v < contentType.size() && contentType[v] == ' ') ++v;
        std::string value;
        std::size_t next;
        if (v < contentType.size() && contentType[v] == '"') {
            const std::size_t close = contentType.find('"', v + 1);
            if (close == std::string::npos) return "";
            value = contentType.substr(v + 1, close - v - 1);
            next = contentType.find(';', close);
        } else {
            next = contentType.find(';', v);
            value = trim(contentType.substr(v, next == std::string::npos ? next : next - v));
        }
        if (name == "boundary") return value;
        p = next;
    }
    return "";
}

void MultipartReader::feed(const char* data, std::size_t size) {
    if (state_ == State::Epilogue) return;  // the epilogue is ignored
    buffer_.append(data, size);
    parse();
    if (pos_ > 0 && (pos_ > (1u << 20) || pos_ * 2 > buffer_.size())) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
}

void MultipartReader::parse() {
    for (;;) {
        switch (state_) {
            case State::Preamble: {
                const std::size_t d = buffer_.find(delimiter_, pos_);
                if (d == std::string::npos) {
                    // Keep what could be the start of a delimiter.
                    if (buffer_.size() - pos_ > delimiter_.size())
                        pos_ = buffer_.size() - delimiter_.size();
                    if (buffer_.size() > 16 * 1024 * 1024 && parts_ == 0)
                        throw std::runtime_error("multipart: no boundary in the first 16 MB");
                    return;
                }
                pos_ = d + delimiter_.size();
                state_ = State::AfterBoundary;
                break;
            }
            case State::AfterBoundary: {
                if (buffer_.size() - pos_ < 2) return;
                if (buffer_.compare(pos_, 2, "--") == 0) {
                    state_ = State::Epilogue;
                    return;
                }
                // Transport padding (spaces, tabs), then CRLF.
                std::size_t p = pos_;
                while (p < buffer_.size() && (buffer_[p] == ' ' || buffer_[p] == '\t')) ++p;
                if (buffer_.size() - p < 2) return;
                if (buffer_.compare(p, 2, "\r\n") != 0)
                    throw std::runtime_error(
                        "multipart: a boundary is not followed by a line break");
                pos_ = p + 2;
                state_ = State::Headers;
                break;
            }
            case State::Headers: {
                Headers headers;
                std::size_t end;
                if (buffer_.size() - pos_ >= 2 && buffer_.compare(pos_, 2, "\r\n") == 0) {
                    end = pos_;  // no headers
                } else {
                    end = buffer_.find("\r\n\r\n", pos_);
                    if (end == std::string::npos) {
                        if (buffer_.size() - pos_ > kMaxHeaderBytes)
                            throw std::runtime_error("multipart: part headers longer than 64 KiB");
                        return;
                    }
                    std::size_t line = pos_;
                    while (line < end) {
                        std::size_t eol = buffer_.find("\r\n", line);
                        if (eol == std::string::npos || eol > end) eol = end;
                        const std::string h = buffer_.substr(line, eol - line);
                        const std::size_t colon = h.find(':');
                        if (colon != std::string::npos)
                            headers[lower(trim(h.substr(0, colon)))] = trim(h.substr(colon + 1));
                        line = eol + 2;
                    }
                    end += 2;
                }
                pos_ = end + 2;
                ++parts_;
                if (begin_) begin_(headers);
                state_ = State::Body;
                break;
            }
            case State::Body: {
                const std::size_t d = buffer_.find(delimiter_, pos_);
                if (d == std::string::npos) {
                    // Hand on all but what could be the start of a delimiter.
                    const std::size_t keep = delimiter_.size() - 1;
                    if (buffer_.size() - pos_ > keep) {
                        const std::size_t n = buffer_.size() - pos_ - keep;
                        if (data_) data_(buffer_.data() + pos_, n);
                        pos_ += n;
                    }
                    return;
                }
                if (d > pos_ && data_) data_(buffer_.data() + pos_, d - pos_);
                if (end_) end_();
                pos_ = d + delimiter_.size();
                state_ = State::AfterBoundary;
                break;
            }
            case State::Epilogue:
                return;
        }
    }
}

void MultipartReader::finish() {
    if (state_ == State::Epilogue) return;
    if (state_ == State::Body)
        throw std::runtime_error("multipart: the body ended inside part " + std::to_string(parts_));
    if (parts_ == 0) throw std::runtime_error("multipart: the body holds no part");
    throw std::runtime_error("multipart: the body ended before its closing boundary");
}

}  // namespace radlens::net
