#pragma once
// Cine: plays the slices (frames) of a view in a loop at a set rate, for
// multi-frame images and any series with more than one slice. Stops by
// itself when the view's series has a single slice.
//
// Threads: GUI thread only. Ownership: Qt parent/child; the view is not
// owned and may be replaced with setView().

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace radlens::viewer {

class SliceView;

class CinePlayer : public QObject {
    Q_OBJECT
public:
    explicit CinePlayer(QObject* parent = nullptr);

    /// The view to play; playing stops when it changes.
    void setView(SliceView* view);
    /// Frames per second, clamped to 1..60.
    void setRate(double framesPerSecond);
    double rate() const { return rate_; }
    bool isPlaying() const { return timer_.isActive(); }
    /// Starts from the view's current slice; false when there is nothing to
    /// play (no view, or one slice).
    bool play();
    void stop();
    void toggle();

Q_SIGNALS:
    void playingChanged(bool playing);

private:
    QPointer<SliceView> view_;
    QTimer timer_;
    double rate_ = 15;
    void step();
};

}  // namespace radlens::viewer
