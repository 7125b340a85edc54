#include "ui/StudyBrowserModel.h"

#include <QDate>
#include <map>
#include <utility>

namespace radlens::ui {

namespace {

/// DICOM dates (YYYYMMDD) as ISO dates; anything else as it is.
QString displayDate(const std::string& dicomDate) {
    const QString raw = QString::fromStdString(dicomDate);
    const QDate d = QDate::fromString(raw, QStringLiteral("yyyyMMdd"));
    return d.isValid() ? d.toString(Qt::ISODate) : raw;
}

}  // namespace

StudyBrowserModel::StudyBrowserModel(QObject* parent) : QAbstractItemModel(parent) {}

void StudyBrowserModel::setSeries(const std::vector<imaging::Series>& series) {
    beginResetModel();
    nodes_.clear();
    patients_.clear();
    nodeOfSeries_.assign(series.size(), -1);
    std::map<std::pair<std::string, std::string>, int> patientNode;
    std::map<std::string, int> studyNode;
    auto add = [this](Node n, int parent) {
        const int id = int(nodes_.size());
        n.parent = parent;
        std::vector<int>& siblings = parent < 0 ? patients_ : nodes_[std::size_t(parent)].children;
        n.row = int(siblings.size());
        siblings.push_back(id);
        nodes_.push_back(std::move(n));
        return id;
    };
    for (std::size_t i = 0; i < series.size(); ++i) {
        const imaging::Series& s = series[i];
        auto pk = std::make_pair(s.patientId, s.patientName);
        auto p = patientNode.find(pk);
        if (p == patientNode.end()) {
            Node n;
            n.level = Level::Patient;
            n.name = s.patientId.empty() ? QString::fromStdString(s.patientName)
                                         : tr("%1 (%2)").arg(QString::fromStdString(s.patientName),
                                                             QString::fromStdString(s.patientId));
            p = patientNode.emplace(pk, add(std::move(n), -1)).first;
        }
        auto st = studyNode.find(s.studyUid);
        if (st == studyNode.end()) {
            Node n;
            n.level = Level::Study;
            n.name = s.studyDescription.empty() ? tr("(no description)")
                                                : QString::fromStdString(s.studyDescription);
            n.date = displayDate(s.studyDate);
            st = studyNode.emplace(s.studyUid, add(std::move(n), p->second)).first;
        }
        Node n;
        n.level = Level::Series;
        n.name = tr("#%1 %2").arg(s.number).arg(QString::fromStdString(s.description));
        const QString modality = QString::fromStdString(s.modality);
        if (!modality.isEmpty()) n.modalities << modality;
        n.images = int(s.slices.size());
        n.series = int(i);
        nodeOfSeries_[i] = add(std::move(n), st->second);
        // Studies and patients add up their images and list their modalities.
        for (int up = st->second; up >= 0; up = nodes_[std::size_t(up)].parent) {
            Node& a = nodes_[std::size_t(up)];
            a.images += int(s.slices.size());
            if (!modality.isEmpty() && !a.modalities.contains(modality)) a.modalities << modality;
        }
    }
    endResetModel();
}

void StudyBrowserModel::setThumbnail(int seriesIndex, const QImage& image) {
    if (seriesIndex < 0 || seriesIndex >= int(nodeOfSeries_.size())) return;
    nodes_[std::size_t(nodeOfSeries_[std::size_t(seriesIndex)])].thumbnail =
        QPixmap::fromImage(image);
    const QModelIndex i = indexOfSeries(seriesIndex);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
}

bool StudyBrowserModel::hasThumbnail(int seriesIndex) const {
    return seriesIndex >= 0 && seriesIndex < int(nodeOfSeries_.size()) &&
           !nodes_[std::size_t(nodeOfSeries_[std::size_t(seriesIndex)])].thumbnail.isNull();
}

QModelIndex StudyBrowserModel::indexOfSeries(int seriesIndex) const {
    if (seriesIndex < 0 || seriesIndex >= int(nodeOfSeries_.size())) return {};
    const int id = nodeOfSeries_[std::size_t(seriesIndex)];
    return createIndex(nodes_[std::size_t(id)].row, 0, quintptr(id));
}

int StudyBrowserModel::seriesIndex(const QModelIndex& index) const {
    const Node* n = nodeOf(index);
    return n ? n->series : -1;
}

const StudyBrowserModel::Node* StudyBrowserModel::nodeOf(const QModelIndex& index) const {
    if (!index.isValid() || index.model() != this || index.internalId() >= nodes_.size())
        return nullptr;
    return &nodes_[std::size_t(index.internalId())];
}

QModelIndex StudyBrowserModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount) return {};
    if (parent.isValid() && parent.column() != 0) return {};
    const Node* p = nodeOf(parent);
    if (parent.isValid() && !p) return {};
    const std::vector<int>& rows = p ? p->children : patients_;
    if (row >= int(rows.size())) return {};
    return createIndex(row, column, quintptr(rows[std::size_t(row)]));
}

QModelIndex StudyBrowserModel::parent(const QModelIndex& child) const {
    const Node* n = nodeOf(child);
    if (!n || n->parent < 0) return {};
    return createIndex(nodes_[std::size_t(n->parent)].row, 0, quintptr(n->parent));
}

int StudyBrowserModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(patients_.size());
    if (parent.column() != 0) return 0;
    const Node* n = nodeOf(parent);
    return n ? int(n->children.size()) : 0;
}

int StudyBrowserModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant StudyBrowserModel::data(const QModelIndex& index, int role) const {
    const Node* n = nodeOf(index);
    if (!n) return {};
    if (role == SeriesIndexRole) return n->series >= 0 ? QVariant(n->series) : QVariant();
    if (role == Qt::DecorationRole && index.column() == Name && !n->thumbnail.isNull())
        return n->thumbnail;
    if (role == Qt::TextAlignmentRole && index.column() == Images)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
        case Name:
            return n->name;
        case Modality:
            return n->modalities.join(QStringLiteral(", "));
        case Images:
            return n->images;
        case Date:
            return n->date;  // on study rows; series share their study's
        default:
            return {};
    }
}

QVariant StudyBrowserModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Patient / Study / Series");
        case Modality:
            return tr("Modality");
        case Images:
            return tr("Images");
        case Date:
            return tr("Date");
        default:
            return {};
    }
}

}  // namespace radlens::ui
