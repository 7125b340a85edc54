#include "net/RemoteNode.h"

#include <fstream>
#include <stdexcept>

namespace radlens::net {

namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string RemoteNode::checkAet(const std::string& aet) {
    if (aet.empty()) return "an AE title is empty";
    if (aet.size() > 16) return "AE title \"" + aet + "\" is longer than 16 characters";
    bool onlySpaces = true;
    for (unsigned char c : aet) {
        if (c < 0x20 || c == 0x7f || c == '\\')
            return "AE title \"" + aet + "\" holds a control character or a backslash";
        if (c != ' ') onlySpaces = false;
    }
    if (onlySpaces) return "an AE title is only spaces";
    return "";
}

std::string RemoteNode::address() const {
    if (protocol == Protocol::DicomWeb) return url;
    return std::string(tls ? "dimses://" : "dimse://") + calledAet + "@" + host + ":" +
           std::to_string(port);
}

RemoteNode RemoteNode::parse(const std::string& address) {
    RemoteNode node;
    if (startsWith(address, "http://") || startsWith(address, "https://")) {
        node.protocol = Protocol::DicomWeb;
        const std::size_t hostStart = address.find("://") + 3;
        if (hostStart >= address.size() || address[hostStart] == '/')
            throw std::invalid_argument("no host in \"" + address + "\"");
        node.url = address;
        node.tls = startsWith(address, "https://");
        while (node.url.size() > hostStart && node.url.back() == '/') node.url.pop_back();
        return node;
    }
    const bool tls = startsWith(address, "dimses://");
    if (!tls && !startsWith(address, "dimse://"))
        throw std::invalid_argument("\"" + address +
                                    "\" is neither dimse://AET@HOST:PORT nor an http(s):// URL");
    const std::string rest = address.substr(tls ? 9 : 8);
    const std::size_t at = rest.find('@');
    const std::size_t colon = rest.rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at)
        throw std::invalid_argument("\"" + address + "\" is not dimse://AET@HOST:PORT");
    node.protocol = Protocol::Dimse;
    node.calledAet = rest.substr(0, at);
    node.host = rest.substr(at + 1, colon - at - 1);
    const std::string portText = rest.substr(colon + 1);
    if (const std::string why = checkAet(node.calledAet); !why.empty())
        throw std::invalid_argument(why);
    if (node.host.empty()) throw std::invalid_argument("no host in \"" + address + "\"");
    node.port = parsePort(portText);
    node.tls = tls;
    return node;
}

int RemoteNode::parsePort(const std::string& text) {
    std::size_t used = 0;
    int port = 0;
    try {
        port = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || port < 1 || port > 65535)
        throw std::invalid_argument("port \"" + text + "\" is not a number from 1 to 65535");
    return port;
}

std::string RemoteNode::readSecret(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the secret file " + path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ' ||
                             line.back() == '\t'))
        line.pop_back();
    if (line.empty()) throw std::runtime_error("the secret file " + path + " is empty");
    return line;
}

}  // namespace radlens::net
