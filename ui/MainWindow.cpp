#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMetaObject>
#include <QPointer>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <thread>

#include "imaging/Database.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

namespace radlens::ui {

namespace {
/// Window (centre, width) to show first: the header's preset, else a soft-tissue
/// window for HU, else the data's range. Scans the volume: call on a worker.
std::pair<double, double> defaultWindow(const imaging::Volume& v) {
    if (!v.windowPresets.empty())
        return {v.windowPresets.front().center, v.windowPresets.front().width};
    if (v.units == "HU") return {40, 400};
    const auto n = v.geometry().voxelCount();
    double lo = 0, hi = 255;
    auto range = [&](const auto* p) {
        auto [a, b] = std::minmax_element(p, p + n);
        lo = double(*a);
        hi = double(*b);
    };
    switch (v.pixelType()) {
        case imaging::PixelType::Int16:
            range(v.dataAs<std::int16_t>());
            break;
        case imaging::PixelType::UInt16:
            range(v.dataAs<std::uint16_t>());
            break;
        case imaging::PixelType::Float32:
            range(v.dataAs<float>());
            break;
        default:
            break;
    }
    return {(lo + hi) / 2, std::max(1.0, hi - lo)};
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Radlens"));
    resize(1100, 720);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* openFolder = fileMenu->addAction(tr("Open &Folder..."));
    openFolder->setShortcut(QKeySequence(tr("Ctrl+O")));
    connect(openFolder, &QAction::triggered, this, &MainWindow::openFolderDialog);
    QAction* openFiles = fileMenu->addAction(tr("Open F&iles..."));
    openFiles->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    connect(openFiles, &QAction::triggered, this, &MainWindow::openFilesDialog);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* splitter = new QSplitter(this);
    browser_ = new QTreeWidget(splitter);
    browser_->setColumnCount(4);
    browser_->setHeaderLabels(
        {tr("Patient / Study / Series"), tr("Modality"), tr("Images"), tr("Date")});
    browser_->header()->setStretchLastSection(false);
    browser_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        browser_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    connect(browser_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item, int) {
        const QVariant v = item->data(0, Qt::UserRole);
        if (v.isValid()) showSeries(v.toInt());
    });

    auto* right = new QWidget(splitter);
    auto* layout = new QVBoxLayout(right);
    image_ = new QLabel(right);
    image_->setAlignment(Qt::AlignCenter);
    image_->setMinimumSize(512, 512);
    image_->setStyleSheet(QStringLiteral("background:black; color:#ccc"));
    image_->setText(tr("Open a DICOM file or folder (File > Open)"));
    overlay_ = new QLabel(right);
    sliceSlider_ = new QSlider(Qt::Horizontal, right);
    sliceSlider_->setEnabled(false);
    connect(sliceSlider_, &QSlider::valueChanged, this, &MainWindow::renderSlice);
    layout->addWidget(image_, 1);
    layout->addWidget(sliceSlider_);
    layout->addWidget(overlay_);
    splitter->addWidget(browser_);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({330, 770});
    setCentralWidget(splitter);
    statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() = default;

void MainWindow::openFolderDialog() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
    if (!dir.isEmpty()) openPaths({dir});
}

void MainWindow::openFilesDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open DICOM files"));
    if (!files.isEmpty()) openPaths(files);
}

void MainWindow::finishWork() {
    if (--pending_ == 0) Q_EMIT idle();
}

void MainWindow::openPaths(const QStringList& paths) {
    std::vector<std::string> list;
    for (const QString& p : paths) list.push_back(p.toStdString());
    ++pending_;
    statusBar()->showMessage(tr("Scanning %n path(s)...", nullptr, int(paths.size())));
    QPointer<MainWindow> self(this);
    std::thread([self, list] {
        imaging::Database db(imaging::Database::defaultPath());
        imaging::Scanner scanner(&db);
        // Called at most ~10 times a second by the scanner's workers.
        scanner.setProgress([self](std::size_t done, std::size_t total) {
            QMetaObject::invokeMethod(
                qApp,
                [self, done, total] {
                    if (self)
                        self->statusBar()->showMessage(
                            MainWindow::tr("Scanning: %1 of %2 files").arg(done).arg(total));
                },
                Qt::QueuedConnection);
        });
        imaging::ScanResult scan = scanner.scan(list);
        auto series = std::make_shared<std::vector<imaging::Series>>(
            imaging::SeriesAssembler::assemble(scan.images));
        const int skipped = int(scan.skipped.size());
        QMetaObject::invokeMethod(
            qApp,
            [self, series, skipped] {
                if (self) self->onScanned(series, skipped);
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::onScanned(std::shared_ptr<std::vector<imaging::Series>> series, int skipped) {
    series_ = std::move(*series);
    browser_->clear();
    std::map<std::string, QTreeWidgetItem*> studies;
    int chosen = series_.empty() ? -1 : 0;
    for (int i = 0; i < int(series_.size()); ++i) {
        const imaging::Series& s = series_[i];
        QTreeWidgetItem*& study = studies[s.studyUid];
        if (!study) {
            study = new QTreeWidgetItem(browser_);
            study->setText(0, tr("%1 - %2").arg(QString::fromStdString(s.patientName),
                                                QString::fromStdString(s.studyDescription)));
            study->setText(3, QString::fromStdString(s.studyDate));
            study->setExpanded(true);
        }
        auto* item = new QTreeWidgetItem(study);
        item->setText(0, tr("#%1 %2").arg(s.number).arg(QString::fromStdString(s.description)));
        item->setText(1, QString::fromStdString(s.modality));
        item->setText(2, QString::number(s.slices.size()));
        item->setData(0, Qt::UserRole, i);
        if (QString::fromStdString(s.uid) == options_.seriesUid) chosen = i;
    }
    statusBar()->showMessage(tr("%n series found", nullptr, int(series_.size())) +
                             (skipped ? tr(", %n file(s) skipped", nullptr, skipped) : QString()));
    if (chosen >= 0) showSeries(chosen);
    finishWork();
}

void MainWindow::showSeries(int index) {
    if (index < 0 || index >= int(series_.size())) return;
    currentSeries_ = index;
    ++pending_;
    statusBar()->showMessage(tr("Loading series %1...").arg(series_[index].number));
    QPointer<MainWindow> self(this);
    imaging::Series series = series_[index];
    std::thread([self, index, series] {
        std::shared_ptr<imaging::Volume> volume;
        std::pair<double, double> window{40, 400};
        QString error;
        try {
            imaging::SeriesLoader loader;
            loader.setProgress([self](std::size_t done, std::size_t total) {
                QMetaObject::invokeMethod(
                    qApp,
                    [self, done, total] {
                        if (self)
                            self->statusBar()->showMessage(
                                MainWindow::tr("Loading: %1 of %2 images").arg(done).arg(total));
                    },
                    Qt::QueuedConnection);
            });
            volume = std::make_shared<imaging::Volume>(loader.load(series));
            window = defaultWindow(*volume);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, index, volume, window, error] {
                if (self) self->onLoaded(index, volume, window, error);
            },
            Qt::QueuedConnection);
    }).detach();
}

void MainWindow::onLoaded(int index, std::shared_ptr<imaging::Volume> volume,
                          std::pair<double, double> window, QString error) {
    if (index == currentSeries_) {
        if (!volume) {
            image_->setText(tr("Cannot load this series: %1").arg(error));
            statusBar()->showMessage(tr("Loading failed"));
        } else {
            volume_ = volume;
            center_ = window.first;
            width_ = window.second;
            if (options_.windowCenter) center_ = *options_.windowCenter;
            if (options_.windowWidth) width_ = *options_.windowWidth;
            const int slices = volume_->dims()[2];
            sliceSlider_->blockSignals(true);
            sliceSlider_->setRange(0, slices - 1);
            sliceSlider_->setValue(std::clamp(options_.slice.value_or(slices / 2), 0, slices - 1));
            sliceSlider_->setEnabled(slices > 1);
            sliceSlider_->blockSignals(false);
            renderSlice();
            statusBar()->showMessage(tr("Series loaded"));
        }
    }
    finishWork();
}

void MainWindow::renderSlice() {
    if (!volume_) return;
    const auto& d = volume_->dims();
    const int z = sliceSlider_->value();
    const std::size_t n = std::size_t(d[0]) * d[1];
    QImage img(d[0], d[1],
               volume_->pixelType() == imaging::PixelType::Rgb8 ? QImage::Format_RGB888
                                                                : QImage::Format_Grayscale8);
    if (volume_->pixelType() == imaging::PixelType::Rgb8) {
        const auto* src = volume_->dataAs<std::uint8_t>() + z * n * 3;
        for (int y = 0; y < d[1]; ++y)
            std::memcpy(img.scanLine(y), src + std::size_t(y) * d[0] * 3, d[0] * 3);
    } else {
        const double lo = center_ - width_ / 2, scale = 255.0 / std::max(width_, 1e-6);
        auto value = [&](std::size_t i) -> double {
            switch (volume_->pixelType()) {
                case imaging::PixelType::UInt8:
                    return volume_->dataAs<std::uint8_t>()[i];
                case imaging::PixelType::Int16:
                    return volume_->dataAs<std::int16_t>()[i];
                case imaging::PixelType::UInt16:
                    return volume_->dataAs<std::uint16_t>()[i];
                case imaging::PixelType::Float32:
                    return volume_->dataAs<float>()[i];
                default:
                    return 0;
            }
        };
        for (int y = 0; y < d[1]; ++y) {
            uchar* line = img.scanLine(y);
            for (int x = 0; x < d[0]; ++x) {
                double g = (value(z * n + std::size_t(y) * d[0] + x) - lo) * scale;
                g = std::clamp(g, 0.0, 255.0);
                line[x] = uchar(volume_->invertedGrey ? 255 - g : g);
            }
        }
    }
    const auto& sp = volume_->geometry().spacing;
    // Square pixels on screen: scale by the pixel spacing's aspect.
    const QSize shown(int(d[0] * sp[0] / std::min(sp[0], sp[1])),
                      int(d[1] * sp[1] / std::min(sp[0], sp[1])));
    image_->setPixmap(QPixmap::fromImage(
        img.scaled(shown).scaled(image_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    const imaging::Series& s = series_[currentSeries_];
    overlay_->setText(
        tr("%1  |  %2  |  slice %3/%4  |  W %5 L %6")
            .arg(QString::fromStdString(s.patientName), QString::fromStdString(s.description))
            .arg(z + 1)
            .arg(d[2])
            .arg(width_)
            .arg(center_));
}

}  // namespace radlens::ui
