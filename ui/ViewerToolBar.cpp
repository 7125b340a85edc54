#include "ui/ViewerToolBar.h"

#include <QActionGroup>
#include <QComboBox>
#include <QSettings>
#include <QSpinBox>

#include "imaging/Volume.h"
#include "ui/ActionTable.h"
#include "viewer/CinePlayer.h"
#include "viewer/ViewerPanel.h"

namespace radlens::ui {

namespace {

struct WindowPreset {
    const char* name;
    double center, width;
};
// CT presets (HU) as radiology viewers ship them.
const WindowPreset kCtPresets[] = {
    {QT_TRANSLATE_NOOP("radlens::ui::ViewerToolBar", "CT lung"), -600, 1500},
    {QT_TRANSLATE_NOOP("radlens::ui::ViewerToolBar", "CT mediastinum"), 50, 350},
    {QT_TRANSLATE_NOOP("radlens::ui::ViewerToolBar", "CT bone"), 400, 1800},
    {QT_TRANSLATE_NOOP("radlens::ui::ViewerToolBar", "CT brain"), 40, 80},
    {QT_TRANSLATE_NOOP("radlens::ui::ViewerToolBar", "CT abdomen"), 60, 400}};

}  // namespace

ViewerToolBar::ViewerToolBar(const ActionTable& t, viewer::ViewerPanel* viewer,
                             viewer::CinePlayer* cine, QWidget* parent)
    : QToolBar(tr("Tools"), parent), viewer_(viewer), cine_(cine) {
    setObjectName(QStringLiteral("tools"));
    t.fillToolBar(this);
    auto on = [this, &t](const char* id, auto fn) {
        connect(t.action(QLatin1String(id)), &QAction::triggered, this, fn);
    };
    on("layout1x1", [this] { setLayoutByName(QStringLiteral("1x1")); });
    on("layoutMpr", [this] { setLayoutByName(QStringLiteral("mpr")); });
    on("layout2x2", [this] { setLayoutByName(QStringLiteral("2x2")); });
    on("invert", [this] {
        auto* v = viewer_->activeView();
        v->setInverted(!v->inverted());
    });
    on("fit", [this] { viewer_->activeView()->fit(); });
    on("reset", [this] { viewer_->activeView()->reset(); });
    QAction* cineAction = t.action(QStringLiteral("cine"));
    on("cine", [this, cineAction] {
        cine_->setView(viewer_->activeView());
        cine_->toggle();
        cineAction->setChecked(cine_->isPlaying());
    });
    connect(cine_, &viewer::CinePlayer::playingChanged, cineAction, &QAction::setChecked);
    connect(viewer_, &viewer::ViewerPanel::activeViewChanged, cine_,
            [this](viewer::SliceView* v) { cine_->setView(v); });
    // Measuring tools, one at a time (or none: a second press turns it off).
    auto* measureGroup = new QActionGroup(this);
    measureGroup->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    const std::pair<const char*, viewer::MeasureTool> tools[] = {
        {"measureDistance", viewer::MeasureTool::Distance},
        {"measureRectangle", viewer::MeasureTool::Rectangle},
        {"measureEllipse", viewer::MeasureTool::Ellipse},
        {"measureAngle", viewer::MeasureTool::Angle}};
    for (const auto& [id, tool] : tools) {
        QAction* a = t.action(QLatin1String(id));
        a->setData(int(tool));
        measureGroup->addAction(a);
    }
    connect(measureGroup, &QActionGroup::triggered, this, [this, measureGroup] {
        QAction* checked = measureGroup->checkedAction();
        viewer_->setMeasureTool(checked ? viewer::MeasureTool(checked->data().toInt())
                                        : viewer::MeasureTool::None);
    });

    presets_ = new QComboBox(this);
    presets_->setToolTip(tr("Window/level preset"));
    presets_->setPlaceholderText(tr("Window preset"));
    presets_->setMinimumContentsLength(16);
    connect(presets_, &QComboBox::activated, this, &ViewerToolBar::applyPreset);
    insertWidget(t.action(QStringLiteral("invert")), presets_);
    cineRate_ = new QSpinBox(this);
    cineRate_->setRange(1, 60);
    cineRate_->setSuffix(tr(" fps"));
    cineRate_->setToolTip(tr("Cine rate, frames per second"));
    cineRate_->setValue(QSettings().value(QStringLiteral("viewer/cineRate"), 15).toInt());
    cine_->setRate(cineRate_->value());
    connect(cineRate_, &QSpinBox::valueChanged, this, [this](int fps) {
        cine_->setRate(fps);
        QSettings().setValue(QStringLiteral("viewer/cineRate"), fps);
    });
    insertWidget(t.action(QStringLiteral("reset")), cineRate_);
    preset3d_ = new QComboBox(this);
    preset3d_->setToolTip(tr("3D rendering preset"));
    preset3d_->addItem(tr("CT bone"), QStringLiteral("CT bone"));
    preset3d_->addItem(tr("CT soft tissue"), QStringLiteral("CT soft tissue"));
    preset3d_->addItem(tr("MIP"), QStringLiteral("MIP"));
    connect(preset3d_, &QComboBox::activated, this, [this](int i) {
        viewer_->volumeView()->setPreset(preset3d_->itemData(i).toString().toStdString());
    });
    preset3dAction_ = addWidget(preset3d_);
}

void ViewerToolBar::setLayoutByName(const QString& name) {
    if (name == QLatin1String("mpr"))
        viewer_->setLayout(viewer::Layout::Mpr);
    else if (name == QLatin1String("2x2"))
        viewer_->setLayout(viewer::Layout::Quad);
    else
        viewer_->setLayout(viewer::Layout::Single);
}

void ViewerToolBar::showVolume(const imaging::Volume& volume) {
    preset3dAction_->setVisible(volume.dims()[2] > 1);  // no 3D for a single image
    const int preset3d =
        preset3d_->findData(QString::fromStdString(viewer_->volumeView()->preset()));
    if (preset3d >= 0) preset3d_->setCurrentIndex(preset3d);
    presets_->clear();
    for (const auto& p : volume.windowPresets)
        presets_->addItem(p.name.empty() ? tr("Header: W %1 L %2").arg(p.width).arg(p.center)
                                         : QString::fromStdString(p.name),
                          QPointF(p.center, p.width));
    if (volume.units == "HU")
        for (const auto& p : kCtPresets) presets_->addItem(tr(p.name), QPointF(p.center, p.width));
    presets_->setCurrentIndex(-1);
}

bool ViewerToolBar::offers3dPresets() const { return preset3dAction_->isVisible(); }

void ViewerToolBar::applyPreset(int index) {
    const QVariant d = presets_->itemData(index);
    if (!d.isValid()) return;
    const QPointF cw = d.toPointF();
    viewer_->setWindowAll(cw.x(), cw.y());
    viewer_->activeView()->setWindow(cw.x(), cw.y());
}

}  // namespace radlens::ui
