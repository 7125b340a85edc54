#pragma once
// The main window: study browser (patients, studies, series) on the left and
// the selected series' slice on the right.
//
// Threads: GUI thread only. Scanning and decoding run on worker threads and
// come back through queued calls; the window never waits for them.
// Ownership: Qt parent/child; volumes are shared_ptr held by the window.

#include <QMainWindow>
#include <QPixmap>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "imaging/Series.h"
#include "imaging/Volume.h"

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;
class QSlider;

namespace radlens::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        QString seriesUid;  ///< series to show first (else the first found)
        std::optional<double> windowCenter, windowWidth;
        std::optional<int> slice;  ///< 0-based slice index
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void setOptions(const Options& options) { options_ = options; }
    /// Scans `paths` in the background, then shows the first (or the chosen) series.
    void openPaths(const QStringList& paths);
    /// True once a requested open has finished (loaded, or failed with a message).
    bool isIdle() const { return pending_ == 0; }

Q_SIGNALS:
    /// Emitted whenever the window becomes idle after background work.
    void idle();

private:
    void onScanned(std::shared_ptr<std::vector<imaging::Series>> series, int skipped);
    void showSeries(int index);
    void onLoaded(int index, std::shared_ptr<imaging::Volume> volume,
                  std::pair<double, double> window, QString error);
    void renderSlice();
    void openFolderDialog();
    void openFilesDialog();
    void finishWork();

    Options options_;
    QTreeWidget* browser_ = nullptr;
    QLabel* image_ = nullptr;
    QLabel* overlay_ = nullptr;
    QSlider* sliceSlider_ = nullptr;
    std::vector<imaging::Series> series_;
    std::shared_ptr<imaging::Volume> volume_;
    int currentSeries_ = -1;
    double center_ = 40, width_ = 400;
    int pending_ = 0;
};

}  // namespace radlens::ui
