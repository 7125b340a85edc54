#pragma once
// What the annotation panel asks of the open study, done: start and stop
// annotating the series on screen (with the AI's mask and the accepted
// findings as the starting point), import and export masks and image labels
// of that series, and export the annotated dataset in the background with
// progress and cancel. File dialogs open here; the work is AnnotationEditor's
// (masks, labels) and imaging::DatasetExporter's; results and reasons come
// back as message().
//
// Threads: GUI thread. Ownership: a child of the window; the session, editor
// and panel are the window's and outlive it.

#include <QObject>
#include <QString>
#include <functional>

class QWidget;

namespace radlens::imaging {
struct Series;
}

namespace radlens::ui {

class AnnotationEditor;
class AnnotationPanel;
class StudySession;

class AnnotationCommands : public QObject {
    Q_OBJECT
public:
    AnnotationCommands(StudySession* session, AnnotationEditor* editor, AnnotationPanel* panel,
                       QWidget* window);

    /// Starts annotating the series on screen once its saved version is read
    /// (a session task: the window is busy until then), or stops, saving.
    void setAnnotating(bool on);
    /// Each: false with the reason in message().
    bool importMask(const QString& path);
    bool exportMask(const QString& path);
    bool importImageLabels(const QString& path);
    bool exportImageLabels(const QString& path);
    /// Asks for a folder, then exports in the background (a session task).
    void exportDataset();

Q_SIGNALS:
    void message(QString text);
    /// Annotation began: the window shows its dock.
    void started();
    /// The labels on screen changed owner (annotation or findings).
    void overlaysChanged();

private:
    /// Runs `work` on the series being annotated and says what it returns;
    /// says `failure` with the reason when it throws, or what to do first when
    /// no series is being annotated. False unless the work succeeded.
    bool onAnnotatedSeries(const QString& failure,
                           const std::function<QString(const imaging::Series&)>& work);

    StudySession* session_;
    AnnotationEditor* editor_;
    QWidget* window_;
};

}  // namespace radlens::ui
