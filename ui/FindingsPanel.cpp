#include "ui/FindingsPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLinearGradient>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/ClassNames.h"
#include "ui/PreferencesDialog.h"
#include "ui/ProbabilityBars.h"
#include "ui/StudySession.h"

namespace radlens::ui {

namespace {

/// The heatmap's colour ramp with its ends labelled (0 and 1).
class ColorBar : public QWidget {
public:
    ColorBar() { setFixedHeight(14); }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        QLinearGradient g(0, 0, width(), 0);
        for (int k = 0; k <= 10; ++k) {
            const auto c = viewer::SliceOverlay::heatColor(k / 10.0);
            g.setColorAt(k / 10.0, QColor(c[0], c[1], c[2]));
        }
        p.fillRect(rect(), g);
    }
};

}  // namespace

FindingsPanel::FindingsPanel(QWidget* parent) : QWidget(parent) {
    models_ = new QLabel;
    models_->setObjectName(QStringLiteral("findingsModels"));
    models_->setWordWrap(true);
    synthetic_ = new QLabel(tr("demo model - synthetic data - not for clinical use"));
    synthetic_->setObjectName(QStringLiteral("syntheticWarning"));
    synthetic_->setWordWrap(true);
    synthetic_->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold;"));
    synthetic_->hide();
    outside_ = new QLabel;
    outside_->setObjectName(QStringLiteral("oodBadge"));
    outside_->setWordWrap(true);
    outside_->setStyleSheet(QStringLiteral(
        "color: white; background: #d35400; font-weight: bold; padding: 3px; border-radius: 3px;"));
    outside_->hide();
    note_ = new QLabel;
    note_->setObjectName(QStringLiteral("trainingNote"));
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: palette(highlight); font-weight: bold;"));
    note_->hide();
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("findingsStatus"));
    status_->setWordWrap(true);
    progress_ = new QProgressBar;
    progress_->setRange(0, 100);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->hide();
    connect(cancel_, &QPushButton::clicked, this, &FindingsPanel::cancelRequested);

    // Classification.
    classifyBox_ = new QGroupBox(tr("Findings per image"));
    bars_ = new ProbabilityBars;
    bars_->setObjectName(QStringLiteral("probabilityBars"));
    heatClass_ = new QComboBox;
    heatClass_->setObjectName(QStringLiteral("heatmapClass"));
    heatOpacity_ = new QSlider(Qt::Horizontal);
    heatOpacity_->setRange(0, 100);
    heatOpacity_->setValue(60);
    heatOpacity_->setToolTip(tr("Heatmap opacity"));
    colorBar_ = new ColorBar;
    auto* rampLabels = new QHBoxLayout;
    rampLabels->addWidget(new QLabel(tr("low")));
    rampLabels->addStretch();
    rampLabels->addWidget(new QLabel(tr("high")));
    auto* classifyForm = new QFormLayout;
    classifyForm->addRow(tr("&Heatmap:"), heatClass_);
    classifyForm->addRow(tr("&Opacity:"), heatOpacity_);
    classifyForm->addRow(QString(), colorBar_);
    classifyForm->addRow(QString(), rampLabels);
    auto* cv = new QVBoxLayout(classifyBox_);
    cv->addWidget(bars_);
    cv->addLayout(classifyForm);
    classifyBox_->hide();
    connect(heatClass_, &QComboBox::currentIndexChanged, this, &FindingsPanel::heatmapChanged);
    connect(heatOpacity_, &QSlider::valueChanged, this, &FindingsPanel::heatmapChanged);

    // Segmentation.
    segmentBox_ = new QGroupBox(tr("Lesions"));
    classList_ = new QListWidget;
    classList_->setObjectName(QStringLiteral("labelClasses"));
    classList_->setMaximumHeight(90);
    labelOpacity_ = new QSlider(Qt::Horizontal);
    labelOpacity_->setObjectName(QStringLiteral("labelOpacity"));
    labelOpacity_->setRange(0, 100);
    labelOpacity_->setValue(50);
    outline_ = new QCheckBox(tr("&Outline only"));
    outline_->setObjectName(QStringLiteral("labelOutline"));
    lesions_ = new QTableWidget(0, 4);
    lesions_->setObjectName(QStringLiteral("lesionTable"));
    lesions_->setHorizontalHeaderLabels(
        {tr("Label"), tr("Volume (mL)"), tr("Diameter (mm)"), tr("Slice")});
    lesions_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    lesions_->horizontalHeader()->setStretchLastSection(true);
    lesions_->verticalHeader()->hide();
    lesions_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    lesions_->setSelectionBehavior(QAbstractItemView::SelectRows);
    lesions_->setSelectionMode(QAbstractItemView::SingleSelection);
    lesions_->setToolTip(tr("Click a lesion to show it"));
    auto* segmentForm = new QFormLayout;
    segmentForm->addRow(tr("O&pacity:"), labelOpacity_);
    segmentForm->addRow(QString(), outline_);
    auto* sv = new QVBoxLayout(segmentBox_);
    sv->addWidget(classList_);
    sv->addLayout(segmentForm);
    sv->addWidget(lesions_, 1);
    segmentBox_->hide();
    connect(classList_, &QListWidget::itemChanged, this, &FindingsPanel::labelStyleChanged);
    connect(labelOpacity_, &QSlider::valueChanged, this, &FindingsPanel::labelStyleChanged);
    connect(outline_, &QCheckBox::toggled, this, &FindingsPanel::labelStyleChanged);
    connect(lesions_, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (!segment_ || row < 0 || row >= int(segment_->lesions.size())) return;
        Q_EMIT lesionActivated(segment_->lesions[std::size_t(row)].centroid);
    });

    // The radiologist's verdict per finding: these become training labels.
    reviewBox_ = new QGroupBox(tr("Your review"));
    reviewFinding_ = new QComboBox;
    reviewFinding_->setObjectName(QStringLiteral("reviewFinding"));
    auto* accept = new QPushButton(tr("Acce&pt"));
    accept->setObjectName(QStringLiteral("acceptFinding"));
    auto* reject = new QPushButton(tr("Re&ject"));
    reject->setObjectName(QStringLiteral("rejectFinding"));
    reviews_ = new QLabel;
    reviews_->setObjectName(QStringLiteral("reviews"));
    reviews_->setWordWrap(true);
    auto* rh = new QHBoxLayout;
    rh->addWidget(reviewFinding_, 1);
    rh->addWidget(accept);
    rh->addWidget(reject);
    auto* rv = new QVBoxLayout(reviewBox_);
    rv->addLayout(rh);
    rv->addWidget(reviews_);
    reviewBox_->hide();
    auto request = [this](const QString& decision) {
        if (reviewFinding_->currentIndex() >= 0)
            Q_EMIT reviewRequested(reviewFinding_->currentData().toString(), decision);
    };
    connect(accept, &QPushButton::clicked, this,
            [request] { request(QStringLiteral("accepted")); });
    connect(reject, &QPushButton::clicked, this,
            [request] { request(QStringLiteral("rejected")); });

    auto* v = new QVBoxLayout(this);
    v->addWidget(note_);
    v->addWidget(models_);
    v->addWidget(synthetic_);
    v->addWidget(outside_);
    v->addWidget(status_);
    auto* running = new QHBoxLayout;
    running->addWidget(progress_, 1);
    running->addWidget(cancel_);
    v->addLayout(running);
    v->addWidget(classifyBox_);
    v->addWidget(segmentBox_, 1);
    v->addWidget(reviewBox_);
    v->addStretch();
    clear(tr("Open a series to see the models' findings."));
}

void FindingsPanel::clear(const QString& message) {
    classify_.reset();
    segment_.reset();
    classifyManifest_ = ai::Manifest();
    segmentManifest_ = ai::Manifest();
    segmentLabels_.clear();
    syntheticModel_ = false;
    classifyBox_->hide();
    segmentBox_->hide();
    progress_->hide();
    cancel_->hide();
    status_->setText(message);
    heatClass_->blockSignals(true);
    heatClass_->clear();
    heatClass_->blockSignals(false);
    classList_->blockSignals(true);
    classList_->clear();
    classList_->blockSignals(false);
    lesions_->setRowCount(0);
    reviews_->clear();
    updateReviewChoices();
    updateModelLine();
    Q_EMIT labelStyleChanged();
    Q_EMIT heatmapChanged();
}

void FindingsPanel::setNote(const QString& text) {
    note_->setText(text);
    note_->setVisible(!text.isEmpty());
}

QString FindingsPanel::note() const { return note_->text(); }

void FindingsPanel::setRunning(const QString& model, double progress) {
    status_->setText(tr("Computing: %1").arg(model));
    progress_->setValue(int(progress * 100));
    progress_->show();
    cancel_->show();
}

void FindingsPanel::setFailed(const QString& model, const QString& message) {
    status_->setText(tr("%1: %2").arg(model, message));
}

void FindingsPanel::setIdle() {
    progress_->hide();
    cancel_->hide();
    if (status_->text().startsWith(tr("Computing: %1").arg(QString()))) status_->clear();
}

void FindingsPanel::updateModelLine() {
    QStringList lines;
    auto line = [&](const QString& role, const ai::Manifest& m) {
        lines << tr("%1: %2, version %3")
                     .arg(role, QString::fromStdString(m.name), QString::fromStdString(m.version));
    };
    if (classify_) line(tr("Classifier"), classifyManifest_);
    if (segment_) line(tr("Segmenter"), segmentManifest_);
    models_->setText(lines.join(QLatin1Char('\n')));
    models_->setVisible(!lines.isEmpty());
    synthetic_->setVisible(syntheticModel_);
    // The out-of-distribution badge: the models that find this input foreign.
    QStringList outside, notes;
    auto check = [&](const std::shared_ptr<const ai::Findings>& f, const ai::Manifest& m) {
        if (!f || !f->ood || !f->ood->outside) return;
        outside << tr("%1 (score %2, cut-off %3)")
                       .arg(QString::fromStdString(m.name))
                       .arg(f->ood->score, 0, 'f', 2)
                       .arg(f->ood->threshold, 0, 'f', 2);
        for (const std::string& n : f->ood->notes) notes << QString::fromStdString(n);
    };
    check(classify_, classifyManifest_);
    check(segment_, segmentManifest_);
    outside_->setText(tr("Outside what this model was trained on: %1. Its findings may not hold.")
                          .arg(outside.join(QStringLiteral("; "))));
    outside_->setToolTip(notes.join(QLatin1Char('\n')));
    outside_->setVisible(!outside.isEmpty());
}

bool FindingsPanel::outsideTrainingData() const { return !outside_->isHidden(); }

void FindingsPanel::setClassification(const ai::Manifest& manifest,
                                      std::shared_ptr<const ai::Findings> findings) {
    classifyManifest_ = manifest;
    classify_ = std::move(findings);
    syntheticModel_ = syntheticModel_ || manifest.trainedOnSyntheticData();
    std::vector<ProbabilityRow> rows;
    for (const ai::ClassFinding& c : classify_->classes) {
        ProbabilityRow r{c.name, c.probability, c.threshold, c.flagged, {}};
        for (const ai::ClassInfo& ci : manifest.classes)
            if (ci.name == c.name) r.displayNames = ci.displayNames;
        rows.push_back(r);
    }
    bars_->setRows(rows);
    heatClass_->blockSignals(true);
    heatClass_->clear();
    heatClass_->addItem(tr("None"));
    for (std::size_t i = 0; i < classify_->heatmaps.size(); ++i) {
        const std::string& name = classify_->heatmaps[i].className;
        std::map<std::string, std::string> names;
        for (const ai::ClassInfo& ci : manifest.classes)
            if (ci.name == name) names = ci.displayNames;
        heatClass_->addItem(ClassNames::display(name, names), int(i));
    }
    // The most probable flagged class first, as a reader would look at it.
    int best = 0;
    double bestProbability = -1;
    for (std::size_t i = 0; i < classify_->heatmaps.size(); ++i)
        for (const ai::ClassFinding& c : classify_->classes)
            if (c.name == classify_->heatmaps[i].className && c.probability > bestProbability) {
                bestProbability = c.probability;
                best = int(i) + 1;
            }
    heatClass_->setCurrentIndex(best);
    heatClass_->setEnabled(!classify_->heatmaps.empty());
    heatClass_->blockSignals(false);
    int flagged = 0;
    for (const ai::ClassFinding& c : classify_->classes) flagged += c.flagged;
    classifyBox_->setTitle(flagged ? tr("Findings per image: %n flagged", nullptr, flagged)
                                   : tr("Findings per image: none flagged"));
    classifyBox_->show();
    updateReviewChoices();
    updateModelLine();
    Q_EMIT heatmapChanged();
}

void FindingsPanel::setSession(StudySession* session) {
    connect(session, &StudySession::findingsCleared, this, &FindingsPanel::clear);
    connect(session, &StudySession::modelProgress, this, &FindingsPanel::setRunning);
    connect(session, &StudySession::modelFailed, this, &FindingsPanel::setFailed);
    connect(session, &StudySession::analysisFinished, this, &FindingsPanel::setIdle);
    connect(session, &StudySession::findingsChanged, this, [this, session](const QString& task) {
        const StudySession::ModelResult* r = session->findings(task.toStdString());
        if (!r) return;
        if (task == QLatin1String("segment"))
            setSegmentation(r->manifest, r->labels, r->findings);
        else
            setClassification(r->manifest, r->findings);
    });
    connect(session, &StudySession::reviewsChanged, this,
            [this, session] { setReviews(session->reviews()); });
    connect(this, &FindingsPanel::cancelRequested, session, &StudySession::cancelAnalysis);
    connect(this, &FindingsPanel::reviewRequested, session,
            [session](const QString& finding, const QString& decision) {
                session->review(finding, decision, PreferencesDialog::annotatorName());
            });
}

void FindingsPanel::setSegmentation(const ai::Manifest& manifest,
                                    std::shared_ptr<const ai::Findings> findings) {
    setSegmentation(manifest, manifest.labels(), std::move(findings));
}

void FindingsPanel::setSegmentation(const ai::Manifest& manifest,
                                    std::vector<imaging::Label> labels,
                                    std::shared_ptr<const ai::Findings> findings) {
    segmentManifest_ = manifest;
    segmentLabels_ = std::move(labels);
    segment_ = std::move(findings);
    syntheticModel_ = syntheticModel_ || manifest.trainedOnSyntheticData();
    classList_->blockSignals(true);
    classList_->clear();
    // Display names in the user's language, where the bundle gives them.
    auto displayName = [&manifest](const imaging::Label& l) {
        for (const ai::ClassInfo& ci : manifest.classes)
            if (ci.name == l.name) return ClassNames::display(ci.name, ci.displayNames);
        return ClassNames::display(l.name);
    };
    auto labelOf = [this](int value) -> const imaging::Label* {
        for (const imaging::Label& l : segmentLabels_)
            if (l.value == value) return &l;
        return nullptr;
    };
    for (const imaging::Label& l : segmentLabels_) {
        QPixmap swatch(12, 12);
        swatch.fill(QColor(l.color[0], l.color[1], l.color[2]));
        auto* item = new QListWidgetItem(QIcon(swatch), displayName(l));
        item->setData(Qt::UserRole, l.value);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        classList_->addItem(item);
    }
    classList_->blockSignals(false);
    lesions_->setRowCount(int(segment_->lesions.size()));
    for (int r = 0; r < int(segment_->lesions.size()); ++r) {
        const imaging::Lesion& l = segment_->lesions[std::size_t(r)];
        const imaging::Label* label = labelOf(l.label);
        auto* item = new QTableWidgetItem(label ? displayName(*label) : QString::number(l.label));
        if (label) {
            QPixmap swatch(10, 10);
            swatch.fill(QColor(label->color[0], label->color[1], label->color[2]));
            item->setIcon(QIcon(swatch));
        }
        lesions_->setItem(r, 0, item);
        lesions_->setItem(r, 1, new QTableWidgetItem(QString::number(l.volumeMl, 'f', 2)));
        lesions_->setItem(r, 2, new QTableWidgetItem(QString::number(l.diameterMm, 'f', 1)));
        lesions_->setItem(r, 3, new QTableWidgetItem(QString::number(l.slice + 1)));
    }
    segmentBox_->setTitle(tr("Lesions: %n found", nullptr, int(segment_->lesions.size())));
    segmentBox_->show();
    updateReviewChoices();
    updateModelLine();
    Q_EMIT labelStyleChanged();
}

void FindingsPanel::updateReviewChoices() {
    reviewFinding_->clear();
    if (classify_)
        for (const ai::ClassFinding& c : classify_->classes)
            if (c.flagged)
                reviewFinding_->addItem(ClassNames::display(c.name),
                                        QString::fromStdString(c.name));
    if (segment_)
        for (std::size_t i = 0; i < segment_->lesions.size(); ++i)
            reviewFinding_->addItem(tr("Lesion %1").arg(i + 1),
                                    QStringLiteral("lesion %1").arg(i + 1));
    reviewBox_->setVisible(reviewFinding_->count() > 0);
}

void FindingsPanel::setReviews(const std::vector<imaging::FindingReview>& reviews) {
    QStringList lines;
    for (const imaging::FindingReview& r : reviews)
        lines << tr("%1: %2 by %3, %4")
                     .arg(QString::fromStdString(r.finding),
                          r.decision == "accepted" ? tr("accepted") : tr("rejected"),
                          QString::fromStdString(r.reviewer), QString::fromStdString(r.at));
    reviews_->setText(lines.join(QLatin1Char('\n')));
}

viewer::LabelStyle FindingsPanel::labelStyle() const {
    viewer::LabelStyle style;
    style.opacity = labelOpacity_->value() / 100.0;
    style.outline = outline_->isChecked();
    style.colors = viewer::labelColors(segmentLabels_);
    style.visible.assign(style.colors.size(), true);
    for (int i = 0; i < classList_->count(); ++i) {
        const QListWidgetItem* item = classList_->item(i);
        const int v = item->data(Qt::UserRole).toInt();
        if (v > 0 && v < int(style.visible.size()))
            style.visible[std::size_t(v)] = item->checkState() == Qt::Checked;
    }
    return style;
}

viewer::HeatmapStyle FindingsPanel::heatmapStyle() const {
    viewer::HeatmapStyle style;
    style.opacity = heatOpacity_->value() / 100.0;
    return style;
}

std::shared_ptr<const imaging::Volume> FindingsPanel::heatmap() const {
    if (!classify_ || heatClass_->currentIndex() <= 0) return nullptr;
    const int i = heatClass_->currentData().toInt();
    if (i < 0 || i >= int(classify_->heatmaps.size())) return nullptr;
    return classify_->heatmaps[std::size_t(i)].map;
}

std::shared_ptr<const imaging::Volume> FindingsPanel::labels() const {
    return segment_ ? segment_->labels : nullptr;
}

}  // namespace radlens::ui
