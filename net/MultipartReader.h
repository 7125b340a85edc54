#pragma once
// An incremental reader of a MIME multipart body (RFC 2046; DICOMweb's
// multipart/related, PS3.18 8.6.1): feed() the bytes as they arrive and it
// calls back per part (its headers, its bytes in pieces, its end), holding at
// most one boundary's length of a part in memory.
//
// Threads: one thread at a time. Throws std::runtime_error from feed() or
// finish() for a malformed body (headers too long, no boundary, truncated).

#include <functional>
#include <map>
#include <string>

namespace radlens::net {

class MultipartReader {
public:
    /// Header names in lower case.
    using Headers = std::map<std::string, std::string>;
    using PartBegin = std::function<void(const Headers&)>;
    using PartData = std::function<void(const char* data, std::size_t size)>;
    using PartEnd = std::function<void()>;

    explicit MultipartReader(const std::string& boundary);

    /// The boundary parameter of a Content-Type ("" when none).
    static std::string boundaryOf(const std::string& contentType);
    /// The media type of a Content-Type, lower case, without parameters.
    static std::string mediaTypeOf(const std::string& contentType);

    void setHandlers(PartBegin begin, PartData data, PartEnd end) {
        begin_ = std::move(begin);
        data_ = std::move(data);
        end_ = std::move(end);
    }

    void feed(const char* data, std::size_t size);
    /// The body has ended: throws when it ended inside a part or before the
    /// closing boundary.
    void finish();

    int partCount() const { return parts_; }

private:
    enum class State { Preamble, AfterBoundary, Headers, Body, Epilogue };
    void parse();

    std::string delimiter_;  ///< CRLF "--" boundary
    std::string buffer_;
    std::size_t pos_ = 0;  ///< start of unparsed bytes in buffer_
    State state_ = State::Preamble;
    int parts_ = 0;
    PartBegin begin_;
    PartData data_;
    PartEnd end_;
};

}  // namespace radlens::net
