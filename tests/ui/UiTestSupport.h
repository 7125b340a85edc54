#pragma once
// Helpers shared by the Qt tests under Xvfb.
//
// Threads: GUI thread.

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>
#include <string>

#include "imaging/DicomWriter.h"
#include "imaging/SyntheticPhantom.h"

namespace radlens::test {

/// Runs the event loop until done() or `ms` pass; returns done().
template <class F>
bool waitFor(F done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(20);
    return done();
}

/// With RADLENS_SCREENSHOT_DIR set, saves what `w` shows as `name` (to look at).
inline void shot(QWidget& w, const char* name) {
    const QString dir = qEnvironmentVariable("RADLENS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) w.grab().save(QDir(dir).filePath(QLatin1String(name)));
}

/// Points the data folder and the settings into `tmp`, so a test touches
/// nothing of the user's.
inline void isolateUserData(const QTemporaryDir& tmp) {
    qputenv("RADLENS_DATA_DIR", tmp.filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CONFIG_HOME", tmp.path().toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("RadlensTest"));
}

/// Writes a SYNTHETIC CT phantom (imaging::makeSyntheticCt) as a DICOM
/// series in `folder`, patient "SYNTHETIC^<name>"; `uidSeed` fixes its UIDs.
/// Returns the phantom (image, mask, labels).
inline imaging::SyntheticCase writeSyntheticCt(const QString& folder, std::uint64_t seed, int size,
                                               int slices, const std::string& name,
                                               std::uint64_t uidSeed) {
    const imaging::SyntheticCase c = imaging::makeSyntheticCt(seed, 0, size, slices);
    imaging::DicomDescription d;
    d.patientName = "SYNTHETIC^" + name;
    d.patientId = "SYN-" + name;
    d.seriesDescription = "SYNTHETIC CT";
    d.imageComments = "SYNTHETIC DATA";
    d.uidSeed = uidSeed;
    imaging::DicomWriter::writeCtSeries(c.image, d, folder.toStdString());
    return c;
}

}  // namespace radlens::test
