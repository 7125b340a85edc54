#pragma once
// The annotation dock: start and stop editing, the tools with their options,
// the label list (colour, visibility, the active label), image labels,
// saving (draft, final), the history of saved versions, import and export.
// Every command is also a QAction with a shortcut (actions(), for the
// Annotate menu): B brush, E eraser, T threshold paint, P polygon, G flood
// fill, K AI click, Shift+K propagate, N navigate, [ and ] brush size, 1-9
// label, Ctrl+I fill between slices, Ctrl+S / Ctrl+Shift+S save, Ctrl+E start
// or stop.
//
// Threads: GUI thread. Ownership: Qt parent/child; the editor is the main
// window's.

#include <QList>
#include <QWidget>

#include "ui/AnnotationEditor.h"

class QAction;
class QActionGroup;
class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;

namespace radlens::ui {

class AnnotationPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnnotationPanel(AnnotationEditor* editor, QWidget* parent = nullptr);

    /// The commands with their shortcuts, for a menu.
    QList<QAction*> actions() const { return actions_; }
    QAction* toggleAction() const { return toggle_; }
    QAction* toolAction(AnnotationTool tool) const;
    QListWidget* labelList() const { return labels_; }
    QListWidget* imageLabelList() const { return imageLabels_; }
    QListWidget* historyList() const { return history_; }
    QLabel* statusLabel() const { return status_; }

Q_SIGNALS:
    /// Start (or stop) annotating the series on screen.
    void toggleRequested(bool start);
    void importMaskRequested();
    void exportMaskRequested();
    void exportLabelsRequested();
    void importLabelsRequested();
    void exportDatasetRequested();

private:
    void refreshLabels();
    void refreshImageLabels();
    void refreshHistory();
    void updateEnabled();
    /// Propagate with a progress dialog that can cancel it.
    void propagateWithProgress();
    QAction* addAction(const QString& text, const QString& key, const QString& name);

    AnnotationEditor* editor_;
    QList<QAction*> actions_;
    QList<QAction*> editActions_;  ///< enabled only while annotating
    QAction* toggle_;
    QActionGroup* tools_;
    QLabel* status_;
    QDoubleSpinBox* radius_;
    QCheckBox* sphere_;
    QDoubleSpinBox* low_;
    QDoubleSpinBox* high_;
    QCheckBox* floodRange_;
    QLabel* aiModel_;
    QCheckBox* aiOverwrite_;
    QListWidget* labels_;
    QSlider* opacity_;
    QListWidget* imageLabels_;
    QListWidget* history_;
    QWidget* body_;
    bool refreshing_ = false;
};

}  // namespace radlens::ui
