#pragma once
// The transfers of a RemoteTransfers as a table (node, what, progress,
// state): the Query/Retrieve window's transfer list.
//
// Threads: GUI thread only. Ownership: the transfers are not owned.

#include <QAbstractTableModel>

namespace radlens::ui {

class RemoteTransfers;

class TransferListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Node, What, Progress, State, ColumnCount };
    explicit TransferListModel(RemoteTransfers* transfers, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    RemoteTransfers* transfers_;
};

}  // namespace radlens::ui
