#pragma once
// The viewer's commands wired to the views: layouts, invert, fit, cine (with
// its rate), reset, the measuring tools (one at a time), the window/level
// presets of the series on screen (the header's, then CT presets for HU) and
// the 3D rendering preset (offered only for 3D series). Its actions come from
// the window's ActionTable (the toolbar shows those marked for it); the
// preset boxes are its own.
//
// Threads: GUI thread. Ownership: Qt parent/child; the views are the window's.

#include <QToolBar>

class QComboBox;
class QSpinBox;

namespace radlens::imaging {
class Volume;
}
namespace radlens::viewer {
class CinePlayer;
class ViewerPanel;
}  // namespace radlens::viewer

namespace radlens::ui {

class ActionTable;

class ViewerToolBar : public QToolBar {
    Q_OBJECT
public:
    ViewerToolBar(const ActionTable& actions, viewer::ViewerPanel* viewer, viewer::CinePlayer* cine,
                  QWidget* parent = nullptr);

    /// Layout by name: "1x1", "mpr" or "2x2" (anything else: 1x1).
    void setLayoutByName(const QString& name);
    /// Offers the presets of `volume`, now on screen.
    void showVolume(const imaging::Volume& volume);
    bool offers3dPresets() const;

private:
    void applyPreset(int index);

    viewer::ViewerPanel* viewer_;
    viewer::CinePlayer* cine_;
    QComboBox* presets_;
    QComboBox* preset3d_;
    QAction* preset3dAction_;
    QSpinBox* cineRate_;
};

}  // namespace radlens::ui
