#pragma once
// The triage worklist's rows: every image series in the local database with
// what the active models found (from the results cache), its priority and
// whether a radiologist has reviewed it. Priority: the highest probability
// among flagged classes; a series where a segmenter found lesions counts as
// flagged with priority 1 (a found lesion is a positive finding); -1 when
// nothing was analysed yet. WorklistFilter sorts and filters.
//
// Threads: GUI thread. reload() reads the database (milliseconds for
// thousands of series). Ownership: Qt parent/child.

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "imaging/Database.h"

namespace radlens::ui {

struct WorklistEntry {
    imaging::SeriesRecord series;
    bool analysed = false;
    double priority = -1;
    QStringList flagged;  ///< flagged classes, and "n lesions"
    QString reviewer;     ///< empty: unread
};

class WorklistModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Priority, Patient, Date, Modality, Series, Findings, Reviewed, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, FlaggedRole, ReviewedRole, ModalityRole, DateRole };

    explicit WorklistModel(QObject* parent = nullptr);

    /// Rebuilds the rows from `databasePath` for the models with these
    /// weights' SHA-256 (the active ones).
    void reload(const QString& databasePath, const QStringList& modelShas);
    /// Re-reads one series' row (after it was analysed or reviewed); false
    /// when it is not in the list (then reload()).
    bool updateSeries(const QString& seriesUid);
    const WorklistEntry& entry(int row) const { return entries_[std::size_t(row)]; }
    int rowOf(const QString& seriesUid) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    std::vector<WorklistEntry> entries_;
    QString databasePath_;
    QStringList modelShas_;
};

}  // namespace radlens::ui
