#include "net/RemoteClient.h"

#include "net/DicomWebClient.h"
#include "net/DimseClient.h"

namespace radlens::net {

std::unique_ptr<RemoteClient> RemoteClient::create(const RemoteNode& node) {
    if (node.protocol == RemoteNode::Protocol::DicomWeb)
        return std::make_unique<DicomWebClient>(node);
    return std::make_unique<DimseClient>(node);
}

}  // namespace radlens::net
