#pragma once
// The study browser's tree: patient > study > series. Columns: name (with a
// thumbnail on series rows once one is handed in), modality, number of
// images, date. Series rows carry their index into the list given to
// setSeries() (SeriesIndexRole); children exist in column 0 only.
//
// Threads: GUI thread only. Thumbnails are made elsewhere (SeriesThumbnail on
// a worker) and handed in with setThumbnail(). Ownership: Qt parent/child.

#include <QAbstractItemModel>
#include <QImage>
#include <QPixmap>
#include <QStringList>
#include <string>
#include <vector>

#include "imaging/Series.h"

namespace radlens::ui {

class StudyBrowserModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Modality, Images, Date, ColumnCount };
    static constexpr int SeriesIndexRole = Qt::UserRole + 1;

    explicit StudyBrowserModel(QObject* parent = nullptr);

    /// Replaces the tree (a model reset). Patients are grouped by ID and
    /// name, studies by UID, in the order the series come.
    void setSeries(const std::vector<imaging::Series>& series);
    /// The thumbnail of series `seriesIndex`; ignored for an index the tree
    /// does not have (a stale worker).
    void setThumbnail(int seriesIndex, const QImage& image);
    bool hasThumbnail(int seriesIndex) const;
    /// Column 0 of the series' row; invalid when there is none.
    QModelIndex indexOfSeries(int seriesIndex) const;
    /// The series index of a row, or -1 for a patient or study row.
    int seriesIndex(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    enum class Level { Patient, Study, Series };
    struct Node {
        Level level = Level::Patient;
        int parent = -1;  ///< node index; -1 for patients
        int row = 0;      ///< row under its parent
        std::vector<int> children;
        QString name, date;
        QStringList modalities;  ///< a series' own; a study's or patient's, in order met
        int images = 0;
        int series = -1;  ///< index into the given list (series rows)
        QPixmap thumbnail;
    };
    std::vector<Node> nodes_;
    std::vector<int> patients_;      ///< top-level node indices
    std::vector<int> nodeOfSeries_;  ///< series index -> node index
    const Node* nodeOf(const QModelIndex& index) const;
};

}  // namespace radlens::ui
