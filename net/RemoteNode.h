#pragma once
// A remote DICOM node: a PACS or modality spoken to over DIMSE (C-ECHO,
// C-FIND, C-GET, C-MOVE, C-STORE), or a DICOMweb service (QIDO-RS, WADO-RS,
// STOW-RS). Plain data; copy freely.
//
// Secrets are never held here: a node names the file that holds its password
// or token (readSecret() reads it when a connection needs it), so a node can
// be listed, printed and saved without leaking one.
//
// Threads: any. Throws: parse() throws std::invalid_argument with the reason.

#include <string>

namespace radlens::net {

struct RemoteNode {
    enum class Protocol { Dimse, DicomWeb };

    std::string name;  ///< the user's name for it ("" for an inline node)
    Protocol protocol = Protocol::Dimse;
    // DIMSE
    std::string calledAet;  ///< the node's AE title
    std::string host;
    int port = 0;
    // DICOMweb
    std::string url;  ///< service root, e.g. http://pacs:8042/dicom-web
    // Both
    std::string ourAet;        ///< our AE title ("" = the default, RADLENS)
    std::string user;          ///< HTTP basic authentication user
    std::string passwordFile;  ///< file holding the basic password
    std::string tokenFile;     ///< file holding a bearer token
    bool tls = false;          ///< DIMSE over TLS (dimses://); https:// for DICOMweb
    std::string caFile;        ///< CA certificates (PEM) to trust ("" = the system's)
    int timeoutSeconds = 30;   ///< connection and reply timeout
    // DIMSE retrieval: C-GET (the default), or C-MOVE to our AE title on a
    // listener opened on movePort for the transfer (the node must know it).
    bool retrieveByMove = false;
    int movePort = 11113;

    /// "dimse://AET@HOST:PORT" or the DICOMweb URL: what `--url` takes.
    std::string address() const;
    /// Our AE title for this node.
    std::string callingAet() const { return ourAet.empty() ? defaultAet() : ourAet; }
    static std::string defaultAet() { return "RADLENS"; }

    /// Parses an address (dimse://AET@HOST:PORT, dimses://... for TLS,
    /// http://..., https://...) into a node without a name.
    static RemoteNode parse(const std::string& address);

    /// A TCP port, 1..65535. Throws std::invalid_argument with the reason.
    static int parsePort(const std::string& text);

    /// The first line of a secret file, without trailing white space.
    /// Throws std::runtime_error (naming the file, never its content).
    static std::string readSecret(const std::string& path);

    /// Checks an AE title: 1..16 characters, no backslash or control character,
    /// not only spaces. Returns "" when valid, else the reason.
    static std::string checkAet(const std::string& aet);
};

}  // namespace radlens::net
