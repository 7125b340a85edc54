#pragma once
// Orders the worklist by priority (highest first) or by the models'
// uncertainty (most uncertain first: the cases an annotator should correct
// first), then study date (newest first), and filters it: unread only, flagged only, one modality,
// studies since a date (YYYYMMDD). Threads: GUI thread.

#include <QSortFilterProxyModel>

namespace radlens::ui {

class WorklistFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit WorklistFilter(QObject* parent = nullptr);
    void setUnreadOnly(bool on);
    void setFlaggedOnly(bool on);
    void setModality(const QString& modality);  ///< empty: all
    void setSince(const QString& yyyymmdd);     ///< empty: any date
    void setSortByUncertainty(bool on);
    bool sortsByUncertainty() const { return byUncertainty_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    bool unreadOnly_ = false, flaggedOnly_ = false, byUncertainty_ = false;
    QString modality_, since_;
};

}  // namespace radlens::ui
