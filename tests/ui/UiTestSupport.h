#pragma once
// Helpers shared by the Qt tests under Xvfb.
//
// Threads: GUI thread.

#include <QDir>
#include <QElapsedTimer>
#include <QWidget>
#include <QtTest>

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

}  // namespace radlens::test
