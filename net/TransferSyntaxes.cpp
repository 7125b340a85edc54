#include "net/TransferSyntaxes.h"

namespace radlens::net {

const std::vector<std::string>& compressedTransferSyntaxes() {
    static const std::vector<std::string> list = {
        "1.2.840.10008.1.2.4.80",  // JPEG-LS lossless
        "1.2.840.10008.1.2.4.70",  // JPEG lossless, first-order prediction
        "1.2.840.10008.1.2.4.90",  // JPEG 2000 lossless
        "1.2.840.10008.1.2.5",     // RLE lossless
        "1.2.840.10008.1.2.4.91",  // JPEG 2000
        "1.2.840.10008.1.2.4.50",  // JPEG baseline
        "1.2.840.10008.1.2.4.81",  // JPEG-LS near-lossless
        "1.2.840.10008.1.2.4.51",  // JPEG extended
        "1.2.840.10008.1.2.4.57",  // JPEG lossless
    };
    return list;
}

const std::vector<std::string>& uncompressedTransferSyntaxes() {
    static const std::vector<std::string> list = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"};
    return list;
}

const std::vector<std::string>& acceptedTransferSyntaxes() {
    static const std::vector<std::string> list = [] {
        std::vector<std::string> all = compressedTransferSyntaxes();
        for (const std::string& s : uncompressedTransferSyntaxes()) all.push_back(s);
        all.push_back("1.2.840.10008.1.2.1.99");  // deflated explicit little endian
        all.push_back("1.2.840.10008.1.2.2");     // explicit big endian (retired)
        return all;
    }();
    return list;
}

const std::vector<std::string>& commonStorageClasses() {
    static const std::vector<std::string> list = {
        "1.2.840.10008.5.1.4.1.1.2",      // CT
        "1.2.840.10008.5.1.4.1.1.4",      // MR
        "1.2.840.10008.5.1.4.1.1.1",      // CR
        "1.2.840.10008.5.1.4.1.1.1.1",    // DX for presentation
        "1.2.840.10008.5.1.4.1.1.1.1.1",  // DX for processing
        "1.2.840.10008.5.1.4.1.1.7",      // secondary capture
        "1.2.840.10008.5.1.4.1.1.2.1",    // enhanced CT
        "1.2.840.10008.5.1.4.1.1.4.1",    // enhanced MR
        "1.2.840.10008.5.1.4.1.1.128",    // PET
        "1.2.840.10008.5.1.4.1.1.1.2",    // MG for presentation
        "1.2.840.10008.5.1.4.1.1.66.4",   // segmentation
        "1.2.840.10008.5.1.4.1.1.88.11",  // basic text SR
        "1.2.840.10008.5.1.4.1.1.88.22",  // enhanced SR
        "1.2.840.10008.5.1.4.1.1.88.33",  // comprehensive SR
    };
    return list;
}

}  // namespace radlens::net
