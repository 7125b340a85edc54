// Time from "Retrieve and Open" in the Query/Retrieve window to the first
// image of the retrieved study on screen (StudySession::previewReady or
// volumeLoaded, whichever comes first), with
// the viewer's real main window under Xvfb. Each run starts from an empty
// store and database.
//
//   first_image NODE_ADDRESS STUDY_UID [RUNS]     (prints one JSON line)
#include <QApplication>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTreeView>
#include <algorithm>
#include <iostream>
#include <vector>

#include "net/NodeList.h"
#include "ui/MainWindow.h"
#include "ui/QueryRetrieveDialog.h"
#include "ui/RemoteTransfers.h"
#include "ui/StudySession.h"

using namespace radlens;

namespace {

template <class F>
bool waitFor(F done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 3) {
        std::cerr << "usage: first_image NODE_ADDRESS STUDY_UID [RUNS]\n";
        return 2;
    }
    const std::string address = argv[1];
    const QString study = QString::fromLocal8Bit(argv[2]);
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
    std::vector<double> seconds;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir tmp;
        qputenv("RADLENS_DATA_DIR", tmp.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", tmp.path().toUtf8());
        net::NodeList list;
        net::RemoteNode node = net::RemoteNode::parse(address);
        node.name = "bench";
        list.put(node);
        list.save();
        ui::MainWindow w;
        w.show();
        ui::QueryRetrieveDialog* d = w.queryRetrieveDialog();
        d->show();
        d->selectNode(QStringLiteral("bench"));
        d->search();
        if (!waitFor([d] { return !d->isSearching() && d->results()->rowCount() > 0; }, 60000)) {
            std::cerr << "first_image: the search found nothing\n";
            return 1;
        }
        int row = -1;
        for (int i = 0; i < d->results()->rowCount(); ++i)
            if (d->results()->item(i, 0)->toolTip() == study) row = i;
        if (row < 0) {
            std::cerr << "first_image: study not found\n";
            return 1;
        }
        d->resultView()->selectionModel()->select(
            d->results()->index(row, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        bool shown = false;
        // A series of one image so far is shown whole (volumeLoaded), a longer
        // one by its opening slice first (previewReady).
        QObject::connect(w.session(), &ui::StudySession::previewReady, &w, [&] { shown = true; });
        QObject::connect(w.session(), &ui::StudySession::volumeLoaded, &w, [&] { shown = true; });
        QElapsedTimer t;
        t.start();
        const bool trace = qEnvironmentVariableIsSet("RADLENS_TRACE");
        bool firstStored = false;
        QObject::connect(w.transfers(), &ui::RemoteTransfers::instanceStored, &w, [&] {
            if (trace && !firstStored) std::cerr << "stored " << t.elapsed() << " ms\n";
            firstStored = true;
        });
        QObject::connect(w.session(), &ui::StudySession::seriesListChanged, &w, [&] {
            if (trace) std::cerr << "series list " << t.elapsed() << " ms\n";
        });
        QObject::connect(w.session(), &ui::StudySession::statusMessage, &w, [&](const QString& m) {
            if (trace) std::cerr << "status " << t.elapsed() << " ms " << m.toStdString() << "\n";
        });
        d->retrieveSelected(true);
        if (!waitFor([&] { return shown; }, 120000)) {
            std::cerr << "first_image: no image within 120 s\n";
            return 1;
        }
        seconds.push_back(double(t.nsecsElapsed()) / 1e9);
        ui::RemoteTransfers* transfers = w.transfers();
        waitFor([&] { return !transfers->isBusy() && !w.session()->isBusy(); }, 300000);
        d->close();
    }
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    std::cout << "{\"first_image_s\": " << sorted[sorted.size() / 2] << ", \"runs\": [";
    for (std::size_t i = 0; i < seconds.size(); ++i) std::cout << (i ? ", " : "") << seconds[i];
    std::cout << "]}" << std::endl;
    return 0;
}
