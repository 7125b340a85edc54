#include "ui/AnnotationCommands.h"

#include <QCheckBox>
#include <QColor>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QSettings>
#include <QWidget>

#include "imaging/AnnotationStore.h"
#include "imaging/Database.h"
#include "imaging/DatasetExporter.h"
#include "ui/AnnotationEditor.h"
#include "ui/AnnotationPanel.h"
#include "ui/BackgroundTask.h"
#include "ui/PreferencesDialog.h"
#include "ui/StudySession.h"

namespace radlens::ui {

AnnotationCommands::AnnotationCommands(StudySession* session, AnnotationEditor* editor,
                                       AnnotationPanel* panel, QWidget* window)
    : QObject(window), session_(session), editor_(editor), window_(window) {
    connect(panel, &AnnotationPanel::toggleRequested, this, &AnnotationCommands::setAnnotating);
    connect(panel, &AnnotationPanel::importMaskRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            window_, tr("Import Mask"), QString(),
            tr("Masks (*.nii *.nii.gz *.nrrd *.dcm *.json);;All files (*)"));
        if (!path.isEmpty()) importMask(path);
    });
    connect(panel, &AnnotationPanel::exportMaskRequested, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            window_, tr("Export Mask"), QString(),
            tr("NIfTI (*.nii.gz);;DICOM SEG (*.dcm);;COCO JSON (*.json)"));
        if (!path.isEmpty()) exportMask(path);
    });
    connect(panel, &AnnotationPanel::importLabelsRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(window_, tr("Import Image Labels"),
                                                          QString(), tr("CSV (*.csv)"));
        if (!path.isEmpty()) importImageLabels(path);
    });
    connect(panel, &AnnotationPanel::exportLabelsRequested, this, [this] {
        const QString path = QFileDialog::getSaveFileName(window_, tr("Export Image Labels"),
                                                          QString(), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportImageLabels(path);
    });
    connect(panel, &AnnotationPanel::exportDatasetRequested, this,
            &AnnotationCommands::exportDataset);
}

void AnnotationCommands::setAnnotating(bool on) {
    if (!on) {
        editor_->end();
        Q_EMIT overlaysChanged();
        return;
    }
    const imaging::Series* series = session_->currentSeries();
    if (!session_->volume() || !series) {
        Q_EMIT message(tr("Open a series to annotate first."));
        return;
    }
    AnnotationSession s;
    s.seriesUid = series->uid;
    s.image = session_->volume();
    s.annotator = PreferencesDialog::annotatorName();
    s.databasePath = session_->databasePath().toStdString();
    if (const auto* seg = session_->findings("segment")) {
        if (seg->findings->labels && seg->findings->labels->dims() == s.image->dims()) {
            s.aiLabels = seg->findings->labels;
            s.aiLabelsSynthetic = seg->manifest.trainedOnSyntheticData();
        }
        s.labels = seg->labels;
    }
    if (const auto* cls = session_->findings("classify"))
        for (const ai::ClassInfo& c : cls->manifest.classes)
            s.imageClasses << QString::fromStdString(c.name);
    for (const imaging::FindingReview& r : session_->reviews()) {
        const QString f = QString::fromStdString(r.finding);
        if (!s.imageClasses.contains(f) && !f.startsWith(QLatin1String("lesion")))
            s.imageClasses << f;
        if (r.decision == "accepted") s.acceptedFindings << f;
    }
    // The saved version (database, mask file) is read off the GUI thread.
    auto* task =
        new BackgroundTask(tr("Reading the annotation"), [s](BackgroundTask::Control&) mutable {
            AnnotationEditor::readSaved(s);
            return std::any(s);
        });
    connect(task, &BackgroundTask::finished, this, [this, task] {
        if (task->state() != BackgroundTask::State::Done) return;
        const auto s = task->result<AnnotationSession>();
        const imaging::Series* now = session_->currentSeries();
        if (!now || now->uid != s.seriesUid || session_->volume() != s.image)
            return;  // another series is on screen by now
        Q_EMIT started();
        try {
            editor_->setInteractiveModel(session_->interactiveModel());
            editor_->begin(s);
        } catch (const std::exception& e) {
            Q_EMIT message(tr("Cannot annotate: %1").arg(QString::fromUtf8(e.what())));
        }
        Q_EMIT overlaysChanged();
    });
    session_->track(task);
}

bool AnnotationCommands::onAnnotatedSeries(
    const QString& failure, const std::function<QString(const imaging::Series&)>& work) {
    const imaging::Series* series = session_->currentSeries();
    if (!editor_->active() || !series) {
        Q_EMIT message(tr("Start annotating a series first (Ctrl+E)."));
        return false;
    }
    try {
        Q_EMIT message(work(*series));
        return true;
    } catch (const std::exception& e) {
        Q_EMIT message(failure.arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool AnnotationCommands::importMask(const QString& path) {
    return onAnnotatedSeries(tr("Cannot import the mask: %1"), [&](const imaging::Series& s) {
        editor_->importMask(path, s);
        return tr("Imported %1 (Ctrl+Z undoes it).").arg(QFileInfo(path).fileName());
    });
}

bool AnnotationCommands::exportMask(const QString& path) {
    return onAnnotatedSeries(tr("Cannot export the mask: %1"), [&](const imaging::Series& s) {
        const int holes = editor_->exportMask(path, s);
        return holes > 0 ? tr("Exported; %n hole(s) left out (COCO polygons cannot carry holes).",
                              "", holes)
                         : tr("Exported %1.").arg(QFileInfo(path).fileName());
    });
}

bool AnnotationCommands::importImageLabels(const QString& path) {
    return onAnnotatedSeries(tr("Cannot import the labels: %1"), [&](const imaging::Series& s) {
        editor_->importImageLabels(path, s);
        const QStringList labels = editor_->imageLabels();
        return tr("Image labels from %1: %2")
            .arg(QFileInfo(path).fileName(),
                 labels.isEmpty() ? tr("no finding") : labels.join(QStringLiteral(", ")));
    });
}

bool AnnotationCommands::exportImageLabels(const QString& path) {
    return onAnnotatedSeries(tr("Cannot export: %1"), [&](const imaging::Series& s) {
        editor_->exportImageLabels(path, s);
        return tr("Exported %1.").arg(QFileInfo(path).fileName());
    });
}

void AnnotationCommands::exportDataset() {
    const QString dir =
        QFileDialog::getExistingDirectory(window_, tr("Export Annotated Dataset To"));
    if (dir.isEmpty()) return;
    // De-identified unless the user says otherwise (remembered).
    QMessageBox confirm(QMessageBox::Question, tr("Export Annotated Dataset"),
                        tr("Export the annotated series to %1?").arg(dir),
                        QMessageBox::Ok | QMessageBox::Cancel, window_);
    auto* deidentify = new QCheckBox(
        tr("&De-identify: replace series UIDs and patient IDs (DICOM PS3.15 Basic profile)"));
    deidentify->setObjectName(QStringLiteral("deidentify"));
    deidentify->setChecked(QSettings().value(QStringLiteral("export/deidentify"), true).toBool());
    confirm.setCheckBox(deidentify);
    if (confirm.exec() != QMessageBox::Ok) return;
    const bool anonymous = deidentify->isChecked();
    QSettings().setValue(QStringLiteral("export/deidentify"), anonymous);
    if (editor_->active()) editor_->waitForSaves();
    auto* progress = new QProgressDialog(tr("Exporting the annotated dataset..."), tr("Cancel"), 0,
                                         100, window_);
    progress->setWindowModality(Qt::WindowModal);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    const std::string out = dir.toStdString(), db = session_->databasePath().toStdString();
    auto* task = new BackgroundTask(
        tr("Exporting the dataset"), [out, db, anonymous](BackgroundTask::Control& c) {
            imaging::Database database(db);
            imaging::AnnotationStore store(database, imaging::AnnotationStore::defaultRoot());
            imaging::DatasetExporter exporter(database, store);
            exporter.setDeidentify(anonymous);
            exporter.setCancelFlag(c.cancelFlag());
            exporter.setProgress([&c](std::size_t done, std::size_t total) {
                c.setProgress(qint64(done), qint64(total));
            });
            return std::any(exporter.write(out));
        });
    QPointer<QProgressDialog> bar(progress);
    connect(progress, &QProgressDialog::canceled, task, &BackgroundTask::cancel);
    connect(task, &BackgroundTask::progressChanged, progress, [bar](qint64 done, qint64 total) {
        if (bar) bar->setValue(int(100 * done / std::max<qint64>(total, 1)));
    });
    connect(task, &BackgroundTask::finished, this, [this, task, bar, dir] {
        if (bar) bar->close();
        if (task->state() == BackgroundTask::State::Failed) {
            Q_EMIT message(tr("Cannot export the dataset: %1").arg(task->error()));
        } else if (task->state() == BackgroundTask::State::Cancelled) {
            Q_EMIT message(tr("Dataset export cancelled."));
        } else {
            const auto s = task->result<imaging::DatasetSummary>();
            QString text = tr("Exported %n annotated series to %1.", "", int(s.cases)).arg(dir);
            if (!s.skipped.empty())
                text += QLatin1Char(' ') +
                        tr("%n series skipped (see README.md there).", "", int(s.skipped.size()));
            Q_EMIT message(text);
        }
    });
    session_->track(task);
}

}  // namespace radlens::ui
