#include "viewer/CinePlayer.h"

#include <algorithm>
#include <cmath>

#include "viewer/SliceView.h"

namespace radlens::viewer {

CinePlayer::CinePlayer(QObject* parent) : QObject(parent) {
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &CinePlayer::step);
    setRate(rate_);
}

void CinePlayer::setView(SliceView* view) {
    if (view == view_) return;
    stop();
    view_ = view;
}

void CinePlayer::setRate(double framesPerSecond) {
    rate_ = std::clamp(framesPerSecond, 1.0, 60.0);
    timer_.setInterval(int(std::lround(1000.0 / rate_)));
}

bool CinePlayer::play() {
    if (!view_ || view_->sliceCount() < 2) return false;
    if (!timer_.isActive()) {
        timer_.start();
        Q_EMIT playingChanged(true);
    }
    return true;
}

void CinePlayer::stop() {
    if (!timer_.isActive()) return;
    timer_.stop();
    Q_EMIT playingChanged(false);
}

void CinePlayer::toggle() {
    if (isPlaying())
        stop();
    else
        play();
}

void CinePlayer::step() {
    if (!view_ || view_->sliceCount() < 2) {
        stop();
        return;
    }
    view_->setSlice((view_->slice() + 1) % view_->sliceCount());
}

}  // namespace radlens::viewer
