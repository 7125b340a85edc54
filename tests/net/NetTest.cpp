// Unit tests of the network layer that need no peer: addresses, the node
// list, the multipart reader (every split of a body), the instance store.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "imaging/Database.h"
#include "imaging/DicomWriter.h"
#include "imaging/InstanceStore.h"
#include "imaging/SyntheticPhantom.h"
#include "net/MultipartReader.h"
#include "net/NodeList.h"
#include "net/RemoteNode.h"
#include "net/RemoteQuery.h"

namespace fs = std::filesystem;
using namespace radlens;

namespace {

fs::path tempDir(const std::string& name) {
    fs::path p = fs::temp_directory_path() /
                 ("radlens-net-test-" + name + "-" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

}  // namespace

TEST(RemoteNode, ParsesDimseAndDicomWebAddresses) {
    net::RemoteNode a = net::RemoteNode::parse("dimse://ORTHANC@pacs.example:4242");
    EXPECT_EQ(a.protocol, net::RemoteNode::Protocol::Dimse);
    EXPECT_EQ(a.calledAet, "ORTHANC");
    EXPECT_EQ(a.host, "pacs.example");
    EXPECT_EQ(a.port, 4242);
    EXPECT_FALSE(a.tls);
    EXPECT_EQ(a.address(), "dimse://ORTHANC@pacs.example:4242");
    EXPECT_TRUE(net::RemoteNode::parse("dimses://A@h:1").tls);

    net::RemoteNode w = net::RemoteNode::parse("https://pacs/dicom-web/");
    EXPECT_EQ(w.protocol, net::RemoteNode::Protocol::DicomWeb);
    EXPECT_EQ(w.url, "https://pacs/dicom-web");
    EXPECT_TRUE(w.tls);
    EXPECT_EQ(w.callingAet(), "RADLENS");
}

TEST(RemoteNode, RefusesBadAddresses) {
    for (const char* bad :
         {"", "pacs:4242", "dimse://@h:1", "dimse://A@:1", "dimse://A@h:0", "dimse://A@h:70000",
          "dimse://A@h:12x", "dimse://A@h", "dimse://SEVENTEEN_CHARS_AE@h:1", "dimse://A\\B@h:1",
          "http://", "ftp://h/x"})
        EXPECT_THROW(net::RemoteNode::parse(bad), std::invalid_argument) << bad;
}

TEST(RemoteNode, SecretsComeFromFilesAndAreNeverInTheList) {
    const fs::path dir = tempDir("secret");
    std::ofstream(dir / "pw") << "s3cret-value\n";
    EXPECT_EQ(net::RemoteNode::readSecret((dir / "pw").string()), "s3cret-value");
    std::ofstream(dir / "empty") << "\n";
    EXPECT_THROW(net::RemoteNode::readSecret((dir / "empty").string()), std::runtime_error);
    try {
        net::RemoteNode::readSecret((dir / "missing").string());
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos);
    }

    net::NodeList list;
    net::RemoteNode n = net::RemoteNode::parse("http://h:8042/dicom-web");
    n.name = "web";
    n.user = "alice";
    n.passwordFile = (dir / "pw").string();
    list.put(n);
    const std::string path = (dir / "nodes.json").string();
    list.save(path);
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find("s3cret"), std::string::npos);
    const net::NodeList again = net::NodeList::load(path);
    ASSERT_EQ(again.nodes().size(), 1u);
    EXPECT_EQ(again.nodes()[0].user, "alice");
    EXPECT_EQ(again.nodes()[0].passwordFile, n.passwordFile);
    fs::remove_all(dir);
}

TEST(NodeList, PutReplacesResolveFallsBackToAddressesDamageIsAnError) {
    const fs::path dir = tempDir("nodes");
    net::NodeList list;
    net::RemoteNode a = net::RemoteNode::parse("dimse://A@h:1");
    a.name = "pacs";
    list.put(a);
    a.port = 2;
    list.put(a);
    EXPECT_EQ(list.nodes().size(), 1u);
    EXPECT_EQ(list.resolve("pacs").port, 2);
    EXPECT_EQ(list.resolve("dimse://B@x:3").calledAet, "B");
    EXPECT_THROW(list.resolve("nosuch"), std::invalid_argument);
    a.name = "bad name";
    EXPECT_THROW(list.put(a), std::invalid_argument);
    EXPECT_TRUE(list.remove("pacs"));
    EXPECT_FALSE(list.remove("pacs"));

    const std::string path = (dir / "nodes.json").string();
    std::ofstream(path) << "{\"nodes\": [ {\"name\": \"x\"";  // cut short
    EXPECT_THROW(net::NodeList::load(path), std::runtime_error);
    EXPECT_TRUE(net::NodeList::load((dir / "none.json").string()).nodes().empty());
    fs::remove_all(dir);
}

TEST(RemoteQuery, DateRanges) {
    for (const char* ok : {"20240101", "20240101-20240131", "-20240101", "20240101-"})
        EXPECT_EQ(net::checkDateRange(ok), "") << ok;
    for (const char* bad : {"", "2024", "20241301", "20240132", "20240201-20240101", "-", "x"})
        EXPECT_NE(net::checkDateRange(bad), "") << bad;
    EXPECT_EQ(net::parseLevel("series"), net::QueryLevel::Series);
    EXPECT_THROW(net::parseLevel("image"), std::invalid_argument);
}

namespace {

struct Collected {
    std::vector<std::string> parts;
    std::vector<net::MultipartReader::Headers> headers;
};

Collected readInPieces(const std::string& body, const std::string& boundary,
                       const std::vector<std::size_t>& cuts) {
    Collected c;
    net::MultipartReader r(boundary);
    r.setHandlers(
        [&](const net::MultipartReader::Headers& h) {
            c.headers.push_back(h);
            c.parts.emplace_back();
        },
        [&](const char* d, std::size_t n) { c.parts.back().append(d, n); }, [] {});
    std::size_t at = 0;
    for (std::size_t cut : cuts) {
        r.feed(body.data() + at, cut - at);
        at = cut;
    }
    r.feed(body.data() + at, body.size() - at);
    r.finish();
    return c;
}

}  // namespace

TEST(MultipartReader, EverySplitOfABodyGivesTheSameParts) {
    // Parts hold CR, LF, dashes and near-boundaries, as DICOM bytes can.
    const std::string boundary = "b0undary";
    const std::vector<std::string> parts = {std::string("DICM\r\n--b0undar\0y\r\n", 19), "",
                                            std::string(3000, '\r') + "--b0undary-not-quite",
                                            "last"};
    std::string body = "preamble to ignore\r\n";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        body += "--" + boundary + (i == 1 ? "  " : "") + "\r\n";
        if (i != 2) body += "Content-Type: application/dicom\r\nContent-Length: x\r\n";
        body += "\r\n" + parts[i] + "\r\n";
    }
    body += "--" + boundary + "--\r\nepilogue";

    for (std::size_t cut = 0; cut <= body.size(); ++cut) {
        const Collected c = readInPieces(body, boundary, {cut});
        ASSERT_EQ(c.parts, parts) << "split at " << cut;
    }
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::size_t> cuts;
        std::size_t at = 0;
        while (at < body.size()) {
            at += 1 + rng() % 9;
            if (at < body.size()) cuts.push_back(at);
        }
        ASSERT_EQ(readInPieces(body, boundary, cuts).parts, parts);
    }
    const Collected c = readInPieces(body, boundary, {});
    EXPECT_EQ(c.headers[0].at("content-type"), "application/dicom");
    EXPECT_TRUE(c.headers[2].empty());
}

TEST(MultipartReader, BodyWithoutPreambleAndContentTypeParameters) {
    const std::string body = "--x\r\n\r\nA\r\n--x--";
    EXPECT_EQ(readInPieces(body, "x", {}).parts, std::vector<std::string>{"A"});
    EXPECT_EQ(net::MultipartReader::boundaryOf(
                  "multipart/related; type=\"application/dicom\"; boundary=\"a;b c\""),
              "a;b c");
    EXPECT_EQ(net::MultipartReader::boundaryOf("multipart/related;boundary=abc;type=x"), "abc");
    EXPECT_EQ(net::MultipartReader::boundaryOf("application/dicom"), "");
    EXPECT_EQ(net::MultipartReader::mediaTypeOf("Multipart/Related ; type=x"), "multipart/related");
}

TEST(MultipartReader, MalformedBodiesAreErrorsNotHangs) {
    EXPECT_THROW(net::MultipartReader(""), std::runtime_error);
    auto run = [](const std::string& body) {
        net::MultipartReader r("x");
        r.feed(body.data(), body.size());
        r.finish();
    };
    EXPECT_THROW(run("--x\r\n\r\nA\r\n"), std::runtime_error);           // cut inside a part
    EXPECT_THROW(run("no boundary at all"), std::runtime_error);         // no part
    EXPECT_THROW(run("--xJUNK\r\n\r\nA\r\n--x--"), std::runtime_error);  // bad boundary line
    EXPECT_THROW(run("--x\r\n" + std::string(70000, 'h')), std::runtime_error);  // endless headers
    EXPECT_NO_THROW(run("--x\r\n\r\nA\r\n--x--"));
}

TEST(InstanceStore, CommitsIndexesAndRefusesDamage) {
    const fs::path dir = tempDir("store");
    const std::string db = (dir / "radlens.db").string();
    const imaging::SyntheticCase phantom = imaging::makeSyntheticCt(11, 1, 32, 4);
    const fs::path src = dir / "src";
    imaging::DicomDescription d;
    d.patientName = "SYNTHETIC^PHANTOM^store";
    d.patientId = "SYNTH-STORE";
    d.uidSeed = 11;
    imaging::DicomWriter::writeCtSeries(phantom.image, d, src.string());
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(src)) files.push_back(e.path());
    ASSERT_EQ(files.size(), 4u);
    std::string seriesUid;
    {
        imaging::InstanceStore store((dir / "store").string(), db);
        for (const fs::path& f : files) {
            const std::string temp = store.tempPath();
            fs::copy_file(f, temp);
            const auto c = store.commit(temp);
            ASSERT_TRUE(c.ok) << c.reason;
            EXPECT_TRUE(fs::exists(c.info.path));
            EXPECT_FALSE(fs::exists(temp));
            EXPECT_EQ(fs::path(c.info.path).filename().string(), c.info.sopInstanceUid + ".dcm");
            seriesUid = c.info.seriesUid;
        }
        // Damaged: refused, nothing left behind.
        const std::string temp = store.tempPath();
        std::ofstream(temp) << "not DICOM";
        const auto bad = store.commit(temp);
        EXPECT_FALSE(bad.ok);
        EXPECT_FALSE(bad.reason.empty());
        EXPECT_FALSE(fs::exists(temp));
        EXPECT_EQ(store.heldInstances(seriesUid).size(), 4u);
    }
    imaging::Database database(db);
    EXPECT_EQ(database.seriesInstances(seriesUid).size(), 4u);
    EXPECT_TRUE(imaging::InstanceStore::isPlainUid("1.2.840.10008"));
    for (const char* bad : {"", "../../etc", "1.2/3", ".1", "1.2.3 "})
        EXPECT_FALSE(imaging::InstanceStore::isPlainUid(bad)) << bad;
    fs::remove_all(dir);
}
