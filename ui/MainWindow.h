#pragma once
// The main window: a shell that assembles the parts and wires them. The open
// study lives in a StudySession (state, background work, the models); the
// commands in an ActionTable (menus, toolbar and F1 help are built from it);
// the study browser, the viewer, the findings, worklist and annotation
// panels show what the session says and forward what the user asks.
//
// Threads: GUI thread only. Ownership: Qt parent/child; volumes are shared.

#include <QMainWindow>
#include <memory>
#include <optional>
#include <utility>

#include "imaging/Series.h"
#include "imaging/Volume.h"

class QLabel;
class QSlider;
class QTreeView;
class QMenu;
class QDockWidget;

namespace radlens::viewer {
class CinePlayer;
class ViewerPanel;
}  // namespace radlens::viewer

namespace radlens::ui {

class ActionTable;
class BackgroundTraining;
class AnnotationCommands;
class AnnotationEditor;
class AnnotationPanel;
class FindingsPanel;
class StudyBrowserModel;
class StudySession;
class ViewerToolBar;
class WorklistPanel;
class QueryRetrieveDialog;
class ReceivingNode;
class RemoteTransfers;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        QString seriesUid;  ///< series to show first (else the first found)
        std::optional<double> windowCenter, windowWidth;
        std::optional<int> slice;  ///< 0-based slice index
        QString layout = QStringLiteral("1x1");
        /// Model bundles to run on the series shown (`--model`); empty: the
        /// registry's active models, when the preference says so.
        QStringList models;
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void setOptions(const Options& options);
    /// Scans `paths` in the background, then shows the first (or the chosen)
    /// series. Model bundles among them (*.radlens.zip) are installed instead.
    void openPaths(const QStringList& paths);
    bool isIdle() const;
    StudySession* session() const { return session_; }
    ActionTable* actionTable() const { return actions_; }
    viewer::ViewerPanel* viewer() const { return viewer_; }
    FindingsPanel* findingsPanel() const { return findings_; }
    /// Runs the models (--model, else the active ones) on the series shown.
    void analyzeCurrent();
    /// Shows a DICOM SEG of the series on screen as its segmentation overlay.
    /// False, with the reason in the findings panel, when it does not fit.
    bool importSegmentation(const QString& path);
    /// Writes the findings on screen: a DICOM SEG of the segmentation
    /// (`sr` false) or an SR of every model's findings. False with the reason
    /// in the status bar.
    bool exportFindings(const QString& path, bool sr);
    WorklistPanel* worklistPanel() const { return worklist_; }
    RemoteTransfers* transfers() const { return transfers_; }
    /// The listening AI node (File > Preferences > Network > Receive studies).
    ReceivingNode* receivingNode() const { return receiving_; }
    /// The Query/Retrieve window (made on first use, kept: it shows the transfers).
    QueryRetrieveDialog* queryRetrieveDialog();
    void showQueryRetrieve();
    /// File > Preferences, on its Network page when `network`.
    void showPreferences(bool network);
    AnnotationEditor* annotationEditor() const { return annotation_; }
    QTreeView* studyBrowser() const { return browser_; }
    viewer::CinePlayer* cinePlayer() const { return cine_; }
    StudyBrowserModel* studyBrowserModel() const { return browserModel_; }
    /// Whether the 3D preset choice is offered (not for 2D images).
    bool offers3dPresets() const;
    AnnotationPanel* annotationPanel() const { return annotationPanel_; }
    /// Starts (or stops, saving) annotating the series on screen.
    void setAnnotating(bool on);
    /// Mask and label files of the series being annotated (AnnotationEditor
    /// does the work); false with the reason in the status bar.
    bool importMask(const QString& path);
    bool exportMask(const QString& path);
    bool importImageLabels(const QString& path);
    /// Trains a model from a `radlens-cli train` config in the background
    /// (`--train-model`, the demo's first run); when it is ready it joins the
    /// models run on the series shown, which is analysed again. Progress
    /// shows in the status bar and the findings panel. False, with the
    /// reason, when the file is not a training config.
    bool trainInBackground(const QString& configPath, QString* error);
    BackgroundTraining* backgroundTraining() const { return training_; }
    /// Paths opened lately, newest first (at most 10; File > Open Recent).
    static QStringList recentPaths();

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void closeEvent(QCloseEvent* e) override;

public:
Q_SIGNALS:
    /// Emitted whenever the window becomes idle after background work.
    void idle();
    /// Emitted when the first slice of a loading series is on screen, before
    /// the rest has decoded; `milliseconds` since the series was chosen. For
    /// a first look (the picture shown while a folder is still scanned),
    /// `seriesIndex` is -1 and `milliseconds` count from openPaths().
    void previewShown(int seriesIndex, qint64 milliseconds);

private:
    /// The viewer shows all that was loaded of this series (not a preview).
    bool showsWhole(const std::string& seriesUid) const;
    void buildMenusAndToolBar();
    void buildDocks();
    void wireSession();
    void onPreview(int index, std::shared_ptr<const imaging::Volume> slice, int k, int count,
                   std::pair<double, double> window);
    void onVolumeLoaded(int index);
    QString annotateWhenLoaded_;  ///< a series to annotate once it is loaded
    /// One slice of `series` on screen at once, as a preview (the slider waits).
    void showPreview(const imaging::Series& series, std::shared_ptr<const imaging::Volume> slice,
                     int k, int count, std::pair<double, double> window);
    void onFirstLook(const imaging::Series& series, std::shared_ptr<const imaging::Volume> slice,
                     int k, int count, std::pair<double, double> window);
    void syncSlider();
    void applyOverlays();
    void openTrainingWizard();
    /// radlens-cli beside this executable.
    static QString cliPath();
    void rememberRecent(const QStringList& paths);
    void updateRecentMenu();
    void showMessage(const QString& text);

    Options options_;
    StudySession* session_ = nullptr;
    ActionTable* actions_ = nullptr;
    QTreeView* browser_ = nullptr;
    StudyBrowserModel* browserModel_ = nullptr;
    viewer::CinePlayer* cine_ = nullptr;
    qint64 seriesChosenAt_ = 0;
    qint64 openedAt_ = 0;
    viewer::ViewerPanel* viewer_ = nullptr;
    QSlider* sliceSlider_ = nullptr;
    ViewerToolBar* toolBar_ = nullptr;
    FindingsPanel* findings_ = nullptr;
    WorklistPanel* worklist_ = nullptr;
    RemoteTransfers* transfers_ = nullptr;
    ReceivingNode* receiving_ = nullptr;
    QLabel* receivingStatus_ = nullptr;
    BackgroundTraining* training_ = nullptr;
    QLabel* trainingStatus_ = nullptr;
    QueryRetrieveDialog* queryRetrieve_ = nullptr;
    AnnotationEditor* annotation_ = nullptr;
    AnnotationPanel* annotationPanel_ = nullptr;
    AnnotationCommands* annotationCommands_ = nullptr;
    QDockWidget* annotationDock_ = nullptr;
    QDockWidget* findingsDock_ = nullptr;
    QMenu* recentMenu_ = nullptr;
};

}  // namespace radlens::ui
