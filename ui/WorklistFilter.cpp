#include "ui/WorklistFilter.h"

#include "ui/WorklistModel.h"

namespace radlens::ui {

WorklistFilter::WorklistFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

void WorklistFilter::setUnreadOnly(bool on) {
    unreadOnly_ = on;
    invalidateFilter();
}

void WorklistFilter::setFlaggedOnly(bool on) {
    flaggedOnly_ = on;
    invalidateFilter();
}

void WorklistFilter::setModality(const QString& modality) {
    modality_ = modality;
    invalidateFilter();
}

void WorklistFilter::setSince(const QString& yyyymmdd) {
    since_ = yyyymmdd;
    invalidateFilter();
}

void WorklistFilter::setSortByUncertainty(bool on) {
    byUncertainty_ = on;
    invalidate();
}

bool WorklistFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QModelIndex i = sourceModel()->index(row, 0, parent);
    if (unreadOnly_ && i.data(WorklistModel::ReviewedRole).toBool()) return false;
    if (flaggedOnly_ && !i.data(WorklistModel::FlaggedRole).toBool()) return false;
    if (!modality_.isEmpty() && i.data(WorklistModel::ModalityRole).toString() != modality_)
        return false;
    if (!since_.isEmpty() && i.data(WorklistModel::DateRole).toString() < since_) return false;
    return true;
}

bool WorklistFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    // Sorted descending: "less" is lower priority, then older.
    const QModelIndex l = left.siblingAtColumn(0), r = right.siblingAtColumn(0);
    const int role = byUncertainty_ ? WorklistModel::UncertaintyRole : WorklistModel::SortRole;
    const double pl = l.data(role).toDouble();
    const double pr = r.data(role).toDouble();
    if (pl != pr) return pl < pr;
    return l.data(WorklistModel::DateRole).toString() < r.data(WorklistModel::DateRole).toString();
}

}  // namespace radlens::ui
