#include "ui/AnnotationPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include "ai/ModelBundle.h"
#include "ui/ClassNames.h"

namespace radlens::ui {

namespace {

QToolButton* buttonFor(QAction* a, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return b;
}

}  // namespace

QAction* AnnotationPanel::addAction(const QString& text, const QString& key, const QString& name) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!key.isEmpty()) {
        a->setShortcut(QKeySequence(key));
        a->setToolTip(QStringLiteral("%1 (%2)").arg(
            text, QKeySequence(key).toString(QKeySequence::NativeText)));
    }
    actions_ << a;
    return a;
}

AnnotationPanel::AnnotationPanel(AnnotationEditor* editor, QWidget* parent)
    : QWidget(parent), editor_(editor) {
    auto* outer = new QVBoxLayout(this);
    toggle_ = addAction(tr("Start Annotating"), tr("Ctrl+E"), QStringLiteral("annotateToggle"));
    connect(toggle_, &QAction::triggered, this,
            [this] { Q_EMIT toggleRequested(!editor_->active()); });
    outer->addWidget(buttonFor(toggle_, this));
    status_ = new QLabel(tr("Not annotating. Open a series and press Ctrl+E."), this);
    status_->setWordWrap(true);
    status_->setObjectName(QStringLiteral("annotationStatus"));
    outer->addWidget(status_);

    body_ = new QWidget(this);
    auto* body = new QVBoxLayout(body_);
    body->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(body_, 1);

    // Tools
    auto* toolBox = new QGroupBox(tr("Tool"), body_);
    auto* toolGrid = new QGridLayout(toolBox);
    tools_ = new QActionGroup(this);
    struct ToolDef {
        AnnotationTool tool;
        QString text, key, name, tip;
    };
    const ToolDef defs[] = {
        {AnnotationTool::Navigate, tr("Navigate"), tr("N"), QStringLiteral("toolNavigate"),
         tr("Left click moves the crosshair; no editing")},
        {AnnotationTool::Brush, tr("Brush"), tr("B"), QStringLiteral("toolBrush"),
         tr("Paint the active label; [ and ] change the size")},
        {AnnotationTool::Eraser, tr("Eraser"), tr("E"), QStringLiteral("toolEraser"),
         tr("Erase the active label")},
        {AnnotationTool::Threshold, tr("Threshold"), tr("T"), QStringLiteral("toolThreshold"),
         tr("Brush that paints only values in the range below")},
        {AnnotationTool::Polygon, tr("Polygon"), tr("P"), QStringLiteral("toolPolygon"),
         tr("Click points, then double-click or Return; drag for a lasso; Escape drops it")},
        {AnnotationTool::Flood, tr("Flood fill"), tr("G"), QStringLiteral("toolFlood"),
         tr("Fill the connected region under the click on this slice")},
        {AnnotationTool::AiClick, tr("AI click"), tr("K"), QStringLiteral("toolAiClick"),
         tr("Click inside an object to segment it with the interactive model; right click or "
            "Shift+click outside to shrink it. Each click can be undone")}};
    int i = 0;
    for (const ToolDef& d : defs) {
        QAction* a = addAction(d.text, d.key, d.name);
        a->setToolTip(QStringLiteral("%1 (%2): %3").arg(d.text, d.key, d.tip));
        a->setCheckable(true);
        a->setData(int(d.tool));
        a->setChecked(d.tool == AnnotationTool::Navigate);
        tools_->addAction(a);
        editActions_ << a;
        toolGrid->addWidget(buttonFor(a, toolBox), i / 2, i % 2);
        ++i;
        const AnnotationTool t = d.tool;
        connect(a, &QAction::triggered, this, [this, t] { editor_->setTool(t); });
    }
    connect(editor_, &AnnotationEditor::toolChanged, this, [this](AnnotationTool t) {
        if (QAction* a = toolAction(t)) a->setChecked(true);
    });
    body->addWidget(toolBox);

    auto* options = new QGroupBox(tr("Options"), body_);
    auto* form = new QFormLayout(options);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    radius_ = new QDoubleSpinBox(options);
    radius_->setObjectName(QStringLiteral("brushRadius"));
    radius_->setRange(0.5, 100);
    radius_->setSingleStep(0.5);
    radius_->setSuffix(tr(" mm"));
    radius_->setValue(editor_->brushRadius());
    connect(radius_, &QDoubleSpinBox::valueChanged, editor_, &AnnotationEditor::setBrushRadius);
    sphere_ = new QCheckBox(tr("3D sphere"), options);
    connect(sphere_, &QCheckBox::toggled, editor_, &AnnotationEditor::setSphere);
    auto* radiusRow = new QHBoxLayout;
    radiusRow->addWidget(radius_);
    radiusRow->addWidget(sphere_);
    form->addRow(tr("Brush radius:"), radiusRow);
    low_ = new QDoubleSpinBox(options);
    high_ = new QDoubleSpinBox(options);
    for (QDoubleSpinBox* b : {radius_, low_, high_}) {
        b->setMinimumWidth(50);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    for (QDoubleSpinBox* b : {low_, high_}) {
        b->setRange(-4000, 40000);
        b->setDecimals(0);
        b->setToolTip(
            tr("Threshold paint, and flood fill when ticked below: only values in this range (HU "
               "for CT)"));
    }
    low_->setValue(-1000);
    high_->setValue(-300);
    auto applyRange = [this] { editor_->setHuRange(low_->value(), high_->value()); };
    connect(low_, &QDoubleSpinBox::valueChanged, this, applyRange);
    connect(high_, &QDoubleSpinBox::valueChanged, this, applyRange);
    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(low_);
    rangeRow->addWidget(new QLabel(QStringLiteral("–"), options));
    rangeRow->addWidget(high_);
    form->addRow(tr("Value range:"), rangeRow);
    floodRange_ = new QCheckBox(tr("Flood fill only within the range"), options);
    connect(floodRange_, &QCheckBox::toggled, editor_, &AnnotationEditor::setFloodUsesRange);
    form->addRow(floodRange_);
    aiModel_ = new QLabel(options);
    aiModel_->setObjectName(QStringLiteral("aiClickModel"));
    aiModel_->setWordWrap(true);
    form->addRow(tr("AI click model:"), aiModel_);
    aiOverwrite_ = new QCheckBox(tr("AI click may paint over other labels"), options);
    aiOverwrite_->setObjectName(QStringLiteral("aiOverwrite"));
    connect(aiOverwrite_, &QCheckBox::toggled, editor_, &AnnotationEditor::setAiOverwrite);
    form->addRow(aiOverwrite_);
    QAction* propagate = addAction(tr("Propagate"), tr("Shift+K"), QStringLiteral("aiPropagate"));
    propagate->setToolTip(
        tr("Propagate (Shift+K): carry the active label's object on this slice through the "
           "neighbouring slices with the interactive model, until it ends"));
    connect(propagate, &QAction::triggered, this, &AnnotationPanel::propagateWithProgress);
    editActions_ << propagate;
    form->addRow(buttonFor(propagate, options));
    body->addWidget(options);
    QAction* smaller = addAction(tr("Smaller Brush"), tr("["), QStringLiteral("brushSmaller"));
    QAction* larger = addAction(tr("Larger Brush"), tr("]"), QStringLiteral("brushLarger"));
    connect(smaller, &QAction::triggered, this,
            [this] { radius_->setValue(radius_->value() / 1.25); });
    connect(larger, &QAction::triggered, this,
            [this] { radius_->setValue(radius_->value() * 1.25); });
    editActions_ << smaller << larger;

    // Labels
    auto* labelBox = new QGroupBox(tr("Labels (1-9 to choose; tick to show)"), body_);
    auto* labelLayout = new QVBoxLayout(labelBox);
    labels_ = new QListWidget(labelBox);
    labels_->setObjectName(QStringLiteral("annotationLabels"));
    labels_->setMaximumHeight(110);
    connect(labels_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (refreshing_ || row < 0) return;
        editor_->setActiveLabel(labels_->item(row)->data(Qt::UserRole).toInt());
    });
    connect(labels_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (refreshing_) return;
        editor_->setLabelVisible(item->data(Qt::UserRole).toInt(),
                                 item->checkState() == Qt::Checked);
    });
    labelLayout->addWidget(labels_);
    auto* labelRow = new QHBoxLayout;
    QAction* add = addAction(tr("Add Label..."), QString(), QStringLiteral("addLabel"));
    connect(add, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Add Label"), tr("Name of the new label:"),
                                  QLineEdit::Normal, QString(), &ok)
                .trimmed();
        if (ok && !name.isEmpty() && editor_->addLabel(name) == 0)
            QMessageBox::warning(this, tr("Add Label"),
                                 tr("A label map holds at most 255 labels."));
    });
    editActions_ << add;
    labelRow->addWidget(buttonFor(add, labelBox));
    opacity_ = new QSlider(Qt::Horizontal, labelBox);
    opacity_->setRange(0, 100);
    opacity_->setValue(50);
    opacity_->setToolTip(tr("Opacity"));
    connect(opacity_, &QSlider::valueChanged, this,
            [this](int v) { editor_->setOpacity(v / 100.0); });
    labelRow->addWidget(opacity_);
    labelLayout->addLayout(labelRow);
    for (int k = 1; k <= 9; ++k) {
        QAction* a =
            addAction(tr("Label %1").arg(k), QString::number(k), QStringLiteral("label%1").arg(k));
        connect(a, &QAction::triggered, this, [this, k] { editor_->setActiveLabel(k); });
        editActions_ << a;
    }
    body->addWidget(labelBox);

    auto* stepBox = new QGroupBox(tr("Whole series"), body_);
    auto* steps = new QGridLayout(stepBox);
    QAction* interp =
        addAction(tr("Fill Between Slices"), tr("Ctrl+I"), QStringLiteral("fillBetween"));
    connect(interp, &QAction::triggered, editor_, &AnnotationEditor::fillBetweenSlices);
    QAction* fromAi = addAction(tr("Start from AI Mask"), QString(), QStringLiteral("fromAi"));
    connect(fromAi, &QAction::triggered, editor_, &AnnotationEditor::startFromAi);
    QAction* clear = addAction(tr("Clear All"), QString(), QStringLiteral("clearAll"));
    connect(clear, &QAction::triggered, editor_, &AnnotationEditor::clearAll);
    steps->addWidget(buttonFor(interp, stepBox), 0, 0, 1, 2);
    steps->addWidget(buttonFor(fromAi, stepBox), 1, 0);
    steps->addWidget(buttonFor(clear, stepBox), 1, 1);
    editActions_ << interp << fromAi << clear;
    body->addWidget(stepBox);

    auto* imageBox = new QGroupBox(tr("Image labels"), body_);
    auto* imageLayout = new QVBoxLayout(imageBox);
    imageLabels_ = new QListWidget(imageBox);
    imageLabels_->setObjectName(QStringLiteral("imageLabels"));
    imageLabels_->setMaximumHeight(110);
    connect(imageLabels_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (refreshing_) return;
        editor_->setImageLabel(item->data(Qt::UserRole).toString(),
                               item->checkState() == Qt::Checked);
    });
    imageLayout->addWidget(imageLabels_);
    body->addWidget(imageBox);

    auto* saveBox = new QGroupBox(tr("Saved versions"), body_);
    auto* saveLayout = new QVBoxLayout(saveBox);
    auto* saveRow = new QHBoxLayout;
    QAction* draft = addAction(tr("Save Draft"), tr("Ctrl+S"), QStringLiteral("saveDraft"));
    connect(draft, &QAction::triggered, this, [this] { editor_->save(QStringLiteral("draft")); });
    QAction* final =
        addAction(tr("Save as Final"), tr("Ctrl+Shift+S"), QStringLiteral("saveFinal"));
    connect(final, &QAction::triggered, this, [this] { editor_->save(QStringLiteral("final")); });
    editActions_ << draft << final;
    saveRow->addWidget(buttonFor(draft, saveBox));
    saveRow->addWidget(buttonFor(final, saveBox));
    saveLayout->addLayout(saveRow);
    history_ = new QListWidget(saveBox);
    history_->setObjectName(QStringLiteral("annotationHistory"));
    history_->setMaximumHeight(120);
    history_->setToolTip(tr("Double-click a version to load it (undoable)"));
    connect(history_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const int row = item->data(Qt::UserRole).toInt();
        const auto versions = editor_->versions();
        if (row < 0 || row >= int(versions.size())) return;
        try {
            editor_->loadVersion(versions[std::size_t(row)]);
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Load Version"), QString::fromUtf8(e.what()));
        }
    });
    saveLayout->addWidget(history_);
    body->addWidget(saveBox);

    auto* fileBox = new QGroupBox(tr("Files"), body_);
    auto* files = new QGridLayout(fileBox);
    QAction* importMask = addAction(tr("Import Mask..."), QString(), QStringLiteral("importMask"));
    QAction* exportMask = addAction(tr("Export Mask..."), QString(), QStringLiteral("exportMask"));
    QAction* importLabels =
        addAction(tr("Import Image Labels (CSV)..."), QString(), QStringLiteral("importLabels"));
    connect(importLabels, &QAction::triggered, this, &AnnotationPanel::importLabelsRequested);
    editActions_ << importLabels;
    QAction* exportLabels =
        addAction(tr("Export Image Labels (CSV)..."), QString(), QStringLiteral("exportLabels"));
    QAction* exportDataset =
        addAction(tr("Export Annotated Dataset..."), QString(), QStringLiteral("exportDataset"));
    connect(importMask, &QAction::triggered, this, &AnnotationPanel::importMaskRequested);
    connect(exportMask, &QAction::triggered, this, &AnnotationPanel::exportMaskRequested);
    connect(exportLabels, &QAction::triggered, this, &AnnotationPanel::exportLabelsRequested);
    connect(exportDataset, &QAction::triggered, this, &AnnotationPanel::exportDatasetRequested);
    editActions_ << importMask << exportMask;
    files->addWidget(buttonFor(importMask, fileBox), 0, 0);
    files->addWidget(buttonFor(exportMask, fileBox), 0, 1);
    files->addWidget(buttonFor(importLabels, fileBox), 1, 0, 1, 2);
    files->addWidget(buttonFor(exportLabels, fileBox), 2, 0, 1, 2);
    files->addWidget(buttonFor(exportDataset, fileBox), 3, 0, 1, 2);
    body->addWidget(fileBox);
    body->addStretch(1);

    connect(editor_, &AnnotationEditor::activeChanged, this, [this] {
        refreshLabels();
        refreshImageLabels();
        refreshHistory();
        updateEnabled();
    });
    connect(editor_, &AnnotationEditor::labelListChanged, this, &AnnotationPanel::refreshLabels);
    connect(editor_, &AnnotationEditor::imageLabelsChanged, this,
            &AnnotationPanel::refreshImageLabels);
    connect(editor_, &AnnotationEditor::saved, this, [this](const imaging::AnnotationRecord& r) {
        status_->setText(tr("Saved version %1 (%2%3) at %4.")
                             .arg(r.version)
                             .arg(r.status == "final" ? tr("final") : tr("draft"),
                                  r.note == "autosave" ? tr(", autosave") : QString(),
                                  QString::fromStdString(r.savedAt).mid(11, 8)));
        refreshHistory();
    });
    connect(editor_, &AnnotationEditor::saveFailed, this,
            [this](const QString& m) { status_->setText(tr("Saving failed: %1").arg(m)); });
    connect(editor_, &AnnotationEditor::dirtyChanged, this, [this](bool dirty) {
        if (dirty && editor_->active()) status_->setText(tr("Unsaved changes (autosave follows)."));
    });
    connect(editor_, &AnnotationEditor::message, status_, &QLabel::setText);
    updateEnabled();
}

QAction* AnnotationPanel::toolAction(AnnotationTool tool) const {
    for (QAction* a : tools_->actions())
        if (a->data().toInt() == int(tool)) return a;
    return nullptr;
}

void AnnotationPanel::propagateWithProgress() {
    QProgressDialog dialog(tr("Propagating through the slices..."), tr("Cancel"), 0, 100, this);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(500);
    editor_->propagate([&dialog](int done, int total) {
        dialog.setMaximum(std::max(1, total));
        dialog.setValue(done);
        QCoreApplication::processEvents();
        return !dialog.wasCanceled();
    });
}

void AnnotationPanel::updateEnabled() {
    const bool on = editor_->active();
    for (QAction* a : editActions_) a->setEnabled(on);
    body_->setEnabled(on);
    const QString bundle = editor_->interactiveModel();
    if (bundle.isEmpty()) {
        aiModel_->setText(tr("none (train or activate an interactive model)"));
    } else {
        try {
            const ai::Manifest m = ai::ModelBundle::readManifest(bundle.toStdString());
            aiModel_->setText(QStringLiteral("%1 %2").arg(QString::fromStdString(m.name),
                                                          QString::fromStdString(m.version)));
        } catch (const std::exception& e) {
            aiModel_->setText(tr("unusable: %1").arg(QString::fromUtf8(e.what())));
        }
    }
    toggle_->setText(on ? tr("Stop Annotating") : tr("Start Annotating"));
    if (!on) status_->setText(tr("Not annotating. Open a series and press Ctrl+E."));
}

void AnnotationPanel::refreshLabels() {
    refreshing_ = true;
    labels_->clear();
    if (editor_->active()) {
        const viewer::LabelStyle style = editor_->labelStyle();
        for (const imaging::Label& l : editor_->labelList()) {
            const auto v = std::size_t(l.value);
            QPixmap swatch(12, 12);
            swatch.fill(QColor(l.color[0], l.color[1], l.color[2]));
            auto* item = new QListWidgetItem(
                QIcon(swatch),
                QStringLiteral("%1  %2").arg(l.value).arg(ClassNames::display(l.name)), labels_);
            item->setData(Qt::UserRole, l.value);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(v < style.visible.size() && !style.visible[v] ? Qt::Unchecked
                                                                              : Qt::Checked);
            if (l.value == editor_->activeLabel()) labels_->setCurrentItem(item);
        }
    }
    refreshing_ = false;
}

void AnnotationPanel::refreshImageLabels() {
    refreshing_ = true;
    imageLabels_->clear();
    if (editor_->active()) {
        QStringList names = editor_->session().imageClasses;
        for (const QString& l : editor_->imageLabels())
            if (!names.contains(l)) names << l;
        for (const QString& n : names) {
            auto* item = new QListWidgetItem(ClassNames::display(n.toStdString()), imageLabels_);
            item->setData(Qt::UserRole, n);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(editor_->imageLabels().contains(n) ? Qt::Checked : Qt::Unchecked);
        }
    }
    refreshing_ = false;
}

void AnnotationPanel::refreshHistory() {
    history_->clear();
    if (!editor_->active()) return;
    const auto versions = editor_->versions();
    for (int row = int(versions.size()) - 1; row >= 0; --row) {
        const imaging::AnnotationRecord& r = versions[std::size_t(row)];
        auto* item =
            new QListWidgetItem(tr("%1 v%2, %3%4, %5")
                                    .arg(QString::fromStdString(r.annotator))
                                    .arg(r.version)
                                    .arg(r.status == "final" ? tr("final") : tr("draft"),
                                         r.note == "autosave" ? tr(" (autosave)") : QString(),
                                         QString::fromStdString(r.savedAt).left(19).replace(
                                             QLatin1Char('T'), QLatin1Char(' '))),
                                history_);
        item->setData(Qt::UserRole, row);
    }
}

}  // namespace radlens::ui
