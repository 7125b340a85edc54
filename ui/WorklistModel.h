#pragma once
// The triage worklist's rows: every image series in the local database with
// what the active models found (from the results cache), its priority and
// whether a radiologist has reviewed it. Priority: the highest probability
// among flagged classes; a series where a segmenter found lesions counts as
// flagged with priority 1 (a found lesion is a positive finding); -1 when
// nothing was analysed yet. Uncertainty (classifiers): how near the most
// uncertain class's probability lies to its threshold, 1 - |p - t| /
// max(t, 1 - t): 1 on the threshold, 0 at 0 or 1; -1 without a classifier's
// result. A series a model finds outside its training data is marked so.
// WorklistFilter sorts (by priority or by uncertainty) and filters.
//
// Threads: GUI thread, except read(), which any thread may call (the
// worklist panel calls it on a worker, so the GUI thread does not wait for
// the database). reload() reads the database on the calling thread. Ownership: Qt parent/child.

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "imaging/Database.h"

namespace radlens::ai {
struct Findings;
}

namespace radlens::ui {

struct WorklistEntry {
    imaging::SeriesRecord series;
    bool analysed = false;
    double priority = -1;
    QStringList flagged;  ///< flagged classes, and "n lesions"
    QString reviewer;     ///< empty: unread
    double uncertainty = -1;
    bool outside = false;    ///< a model found it outside its training data
    bool synthetic = false;  ///< a model trained on synthetic data made its findings
    bool annotated = false;  ///< a final annotation is saved
};

class WorklistModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Priority, Patient, Date, Modality, Series, Findings, Reviewed, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,
        FlaggedRole,
        ReviewedRole,
        ModalityRole,
        DateRole,
        UncertaintyRole,
        AnnotatedRole
    };

    explicit WorklistModel(QObject* parent = nullptr);

    /// The rows `databasePath` holds, with the cached results of the active
    /// models under these keys (ai::resultCacheKey of each model, whole
    /// series). Any thread. Throws std::runtime_error when the database
    /// cannot be opened.
    /// What a model's findings flag, as the worklist shows it: the flagged
    /// classes' display names and "n lesion(s)". Any thread.
    static QStringList flaggedNames(const ai::Findings& findings);
    /// The uncertainty of a classifier's findings (see above); -1 for none.
    static double uncertaintyOf(const ai::Findings& findings);
    static std::vector<WorklistEntry> read(const QString& databasePath,
                                           const QStringList& resultKeys);
    /// Shows `entries` (from read() with the same arguments).
    void setEntries(std::vector<WorklistEntry> entries, const QString& databasePath,
                    const QStringList& resultKeys);
    /// setEntries(read(...)) on this thread.
    void reload(const QString& databasePath, const QStringList& resultKeys);
    const WorklistEntry& entry(int row) const { return entries_[std::size_t(row)]; }
    int rowOf(const QString& seriesUid) const;
    /// The most uncertain analysed series without a final annotation, other
    /// than `skip`; empty when none.
    QString mostUncertainUnannotated(const QString& skip = {}) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    std::vector<WorklistEntry> entries_;
    QString databasePath_;
    QStringList resultKeys_;
};

}  // namespace radlens::ui
