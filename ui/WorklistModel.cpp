#include "ui/WorklistModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <algorithm>
#include <cmath>
#include <set>

#include "ai/Findings.h"
#include "ui/ClassNames.h"

namespace radlens::ui {

WorklistModel::WorklistModel(QObject* parent) : QAbstractTableModel(parent) {}

namespace {

/// One row: the series, its cached results for the models, its reviewer.
WorklistEntry makeEntry(imaging::Database& db, const imaging::SeriesRecord& s,
                        const std::string& instancesKey, const QStringList& resultKeys,
                        const std::string& reviewer) {
    WorklistEntry e;
    e.series = s;
    e.reviewer = QString::fromStdString(reviewer);
    for (const QString& key : resultKeys) {
        const auto json = db.cachedFindings(s.uid, instancesKey, key.toStdString());
        if (!json) continue;
        e.analysed = true;
        e.priority = std::max(e.priority, 0.0);
        try {
            const ai::Findings f = ai::Findings::fromJson(nlohmann::json::parse(*json));
            e.flagged << WorklistModel::flaggedNames(f);
            for (const ai::ClassFinding& c : f.classes)
                if (c.flagged) e.priority = std::max(e.priority, c.probability);
            e.uncertainty = std::max(e.uncertainty, WorklistModel::uncertaintyOf(f));
            e.outside = e.outside || (f.ood && f.ood->outside);
            e.synthetic = e.synthetic || f.syntheticModel;
            if (!f.lesions.empty()) e.priority = 1.0;
        } catch (const std::exception&) {
            // A damaged cache entry: shown as analysed with nothing found.
        }
    }
    return e;
}

}  // namespace

double WorklistModel::uncertaintyOf(const ai::Findings& f) {
    double u = -1;
    for (const ai::ClassFinding& c : f.classes) {
        const double span = std::max(c.threshold, 1 - c.threshold);
        u = std::max(u, span > 0 ? 1 - std::abs(c.probability - c.threshold) / span : 0.0);
    }
    return u;
}

QStringList WorklistModel::flaggedNames(const ai::Findings& f) {
    QStringList out;
    for (const ai::ClassFinding& c : f.classes)
        if (c.flagged) out << ClassNames::display(c.name);
    if (!f.lesions.empty()) out << tr("%n lesion(s)", nullptr, int(f.lesions.size()));
    return out;
}

std::vector<WorklistEntry> WorklistModel::read(const QString& databasePath,
                                               const QStringList& resultKeys) {
    std::vector<WorklistEntry> entries;
    imaging::Database db(databasePath.toStdString());
    const auto reviewed = db.reviewedSeries();
    const auto keys = db.instanceSetKeys();
    std::set<std::string> annotated;
    for (const imaging::AnnotationRecord& a : db.annotations(""))
        if (a.status == "final") annotated.insert(a.seriesUid);
    for (const imaging::SeriesRecord& s : db.allSeries()) {
        const auto it = reviewed.find(s.uid);
        const auto key = keys.find(s.uid);
        entries.push_back(makeEntry(db, s, key == keys.end() ? std::string() : key->second,
                                    resultKeys, it == reviewed.end() ? std::string() : it->second));
        entries.back().annotated = annotated.count(s.uid) > 0;
    }
    return entries;
}

void WorklistModel::setEntries(std::vector<WorklistEntry> entries, const QString& databasePath,
                               const QStringList& resultKeys) {
    beginResetModel();
    databasePath_ = databasePath;
    resultKeys_ = resultKeys;
    entries_ = std::move(entries);
    endResetModel();
}

void WorklistModel::reload(const QString& databasePath, const QStringList& resultKeys) {
    setEntries(read(databasePath, resultKeys), databasePath, resultKeys);
}

int WorklistModel::rowOf(const QString& seriesUid) const {
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (QString::fromStdString(entries_[i].series.uid) == seriesUid) return int(i);
    return -1;
}

QString WorklistModel::mostUncertainUnannotated(const QString& skip) const {
    const WorklistEntry* best = nullptr;
    for (const WorklistEntry& e : entries_) {
        if (e.annotated || e.uncertainty < 0 || QString::fromStdString(e.series.uid) == skip)
            continue;
        if (!best || e.uncertainty > best->uncertainty) best = &e;
    }
    return best ? QString::fromStdString(best->series.uid) : QString();
}

int WorklistModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(entries_.size());
}

int WorklistModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorklistModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(entries_.size()) || index.column() >= ColumnCount)
        return {};
    const WorklistEntry& e = entries_[std::size_t(index.row())];
    switch (role) {
        case SortRole:
            return e.priority;
        case FlaggedRole:
            return !e.flagged.isEmpty();
        case ReviewedRole:
            return !e.reviewer.isEmpty();
        case ModalityRole:
            return QString::fromStdString(e.series.modality);
        case DateRole:
            return QString::fromStdString(e.series.studyDate);
        case UncertaintyRole:
            return e.uncertainty;
        case AnnotatedRole:
            return e.annotated;
        case Qt::ToolTipRole: {
            if (index.column() != Findings) return {};
            QStringList tips;
            if (e.synthetic)
                tips << tr(
                    "A model trained on synthetic data made these findings: "
                    "not for clinical use.");
            if (e.outside)
                tips << tr(
                    "A model found this series outside what it was trained on: "
                    "its findings may not hold.");
            return tips.isEmpty() ? QVariant() : QVariant(tips.join(QLatin1Char('\n')));
        }
        case Qt::BackgroundRole:
            return e.flagged.isEmpty() ? QVariant() : QBrush(QColor(255, 228, 225));
        case Qt::FontRole: {
            QFont f;
            f.setBold(e.reviewer.isEmpty());  // unread rows stand out, as in a mail reader
            return f;
        }
        case Qt::DisplayRole:
            break;
        default:
            return {};
    }
    switch (index.column()) {
        case Priority:
            return e.priority < 0 ? tr("not analysed") : QString::number(e.priority, 'f', 2);
        case Patient:
            return QString::fromStdString(e.series.patientName.empty() ? e.series.patientId
                                                                       : e.series.patientName);
        case Date:
            return QString::fromStdString(e.series.studyDate);
        case Modality:
            return QString::fromStdString(e.series.modality);
        case Series:
            return QString::fromStdString(e.series.description);
        case Findings: {
            QString text = e.analysed && e.flagged.isEmpty() ? tr("none flagged")
                                                             : e.flagged.join(QStringLiteral(", "));
            if (e.outside) text = tr("[outside training data] %1").arg(text);
            if (e.synthetic) text = tr("[SYNTHETIC model] %1").arg(text);
            return text;
        }
        case Reviewed:
            return e.reviewer;
    }
    return {};
}

QVariant WorklistModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Priority:
            return tr("Priority");
        case Patient:
            return tr("Patient");
        case Date:
            return tr("Date");
        case Modality:
            return tr("Modality");
        case Series:
            return tr("Series");
        case Findings:
            return tr("Flagged");
        case Reviewed:
            return tr("Reviewed by");
    }
    return {};
}

}  // namespace radlens::ui
