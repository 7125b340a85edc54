#include "ui/TransferListModel.h"

#include "ui/RemoteTransfers.h"

namespace radlens::ui {

TransferListModel::TransferListModel(RemoteTransfers* transfers, QObject* parent)
    : QAbstractTableModel(parent), transfers_(transfers) {
    connect(transfers, &RemoteTransfers::transferAdded, this, [this](int row) {
        beginInsertRows({}, row, row);
        endInsertRows();
    });
    connect(transfers, &RemoteTransfers::transferChanged, this,
            [this](int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
    connect(transfers, &RemoteTransfers::transfersReset, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int TransferListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : transfers_->count();
}

int TransferListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransferListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Node:
            return tr("Node");
        case What:
            return tr("Transfer");
        case Progress:
            return tr("Progress");
        case State:
            return tr("State");
        default:
            return {};
    }
}

QVariant TransferListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= transfers_->count()) return {};
    const RemoteTransfers::Transfer& t = transfers_->at(index.row());
    if (role == Qt::ToolTipRole && !t.error.isEmpty()) return t.error;
    if (role != Qt::DisplayRole) return {};
    const bool retrieve = t.kind == RemoteTransfers::Transfer::Kind::Retrieve;
    switch (index.column()) {
        case Node:
            return QString::fromStdString(t.node.name.empty() ? t.node.address() : t.node.name);
        case What:
            return (retrieve ? tr("Retrieve: %1") : tr("Send: %1")).arg(t.description);
        case Progress: {
            const auto& p = t.progress;
            QString text = p.total > 0 ? tr("%1 of %2").arg(p.done + p.skipped).arg(p.total)
                                       : QString::number(p.done);
            if (p.total > 0)
                text += QStringLiteral(" (%1%)").arg(100 * (p.done + p.skipped) / p.total);
            if (p.failed > 0) text += QLatin1Char(' ') + tr("%n failed", nullptr, p.failed);
            return text;
        }
        case State:
            switch (t.state) {
                case ai::JobState::Queued:
                    return tr("Queued");
                case ai::JobState::Running:
                    return tr("Running");
                case ai::JobState::Cancelling:
                    return tr("Cancelling");
                case ai::JobState::Done:
                    return t.error.isEmpty() ? tr("Done") : tr("Done: %1").arg(t.error);
                case ai::JobState::Failed:
                    return tr("Failed: %1").arg(t.error);
                case ai::JobState::Cancelled:
                    return t.error.isEmpty() ? tr("Cancelled") : t.error;
            }
            return {};
        default:
            return {};
    }
}

}  // namespace radlens::ui
