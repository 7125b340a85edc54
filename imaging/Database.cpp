#include "imaging/Database.h"
#include "imaging/InstanceSetKey.h"

#include <sqlite3.h>
#include "platform/Platform.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

constexpr int kSchemaVersion = 5;
constexpr char kSep = '\x1f';   // ASCII unit separator: never in DICOM text values
constexpr char kList = '\x1e';  // record separator: between items of a list field
constexpr char kPart = '\x1d';  // group separator: between parts of one item

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS patients(
  id INTEGER PRIMARY KEY, patient_id TEXT NOT NULL, name TEXT NOT NULL,
  UNIQUE(patient_id, name));
CREATE TABLE IF NOT EXISTS studies(
  uid TEXT PRIMARY KEY, patient INTEGER REFERENCES patients(id), date TEXT, description TEXT);
CREATE TABLE IF NOT EXISTS series(
  uid TEXT PRIMARY KEY, study_uid TEXT REFERENCES studies(uid), modality TEXT,
  number INTEGER, description TEXT);
CREATE TABLE IF NOT EXISTS instances(
  path TEXT PRIMARY KEY, file_size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
  sop_instance_uid TEXT, sop_class_uid TEXT, series_uid TEXT, transfer_syntax TEXT,
  is_image INTEGER, rows INTEGER, columns INTEGER, frames INTEGER,
  instance_number INTEGER, pixel_offset INTEGER, header TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instances_series ON instances(series_uid);
CREATE TABLE IF NOT EXISTS findings(
  series_uid TEXT NOT NULL, instances_key TEXT NOT NULL, model_sha256 TEXT NOT NULL,
  json TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')),
  PRIMARY KEY(series_uid, instances_key, model_sha256));
)sql";

// The radiologist's work: not a cache, so never dropped on a schema change.
const char* kUserSchema = R"sql(
CREATE TABLE IF NOT EXISTS finding_reviews(
  series_uid TEXT NOT NULL, finding TEXT NOT NULL, decision TEXT NOT NULL,
  reviewer TEXT NOT NULL, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY(series_uid, finding));
CREATE TABLE IF NOT EXISTS series_reviews(
  series_uid TEXT PRIMARY KEY, reviewer TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE TABLE IF NOT EXISTS annotations(
  series_uid TEXT NOT NULL, annotator TEXT NOT NULL, version INTEGER NOT NULL,
  status TEXT NOT NULL, mask_path TEXT NOT NULL, mask_sha256 TEXT NOT NULL,
  labels TEXT NOT NULL, mask_labels TEXT NOT NULL, note TEXT NOT NULL,
  saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY(series_uid, annotator, version));
)sql";

void putNumbers(std::ostringstream& out, const double* v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out << (i ? " " : "") << v[i];
    out << kSep;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : s) {
        if (c == kSep) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.push_back(cur);
    return parts;
}

std::vector<double> numbers(const std::string& s) {
    std::vector<double> v;
    std::istringstream in(s);
    in.imbue(std::locale::classic());
    double d;
    while (in >> d) v.push_back(d);
    return v;
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
    ~Statement() { sqlite3_finalize(stmt_); }
    bool ok() const { return stmt_ != nullptr; }
    sqlite3_stmt* get() { return stmt_; }
    void text(int i, const std::string& s) {
        sqlite3_bind_text(stmt_, i, s.c_str(), int(s.size()), SQLITE_TRANSIENT);
    }
    void integer(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    int step() { return sqlite3_step(stmt_); }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

std::string Database::encode(const InstanceInfo& i) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(17);
    for (const std::string* s :
         {&i.sopClassUid, &i.sopInstanceUid, &i.transferSyntaxUid, &i.patientId, &i.patientName,
          &i.studyUid, &i.studyDate, &i.studyDescription, &i.seriesUid, &i.seriesDescription,
          &i.modality, &i.photometric})
        out << *s << kSep;
    const double ints[] = {double(i.seriesNumber),
                           double(i.instanceNumber),
                           double(i.acquisitionNumber),
                           double(i.echoNumber),
                           double(i.isImage),
                           double(i.rows),
                           double(i.columns),
                           double(i.frames),
                           double(i.samplesPerPixel),
                           double(i.bitsAllocated),
                           double(i.bitsStored),
                           double(i.highBit),
                           double(i.pixelRepresentation),
                           double(i.planarConfiguration),
                           double(i.hasPosition),
                           double(i.hasOrientation),
                           double(i.hasPixelSpacing),
                           double(i.pixelDataOffset)};
    putNumbers(out, ints, sizeof ints / sizeof *ints);
    putNumbers(out, i.position.data(), 3);
    putNumbers(out, i.orientation.data(), 6);
    putNumbers(out, i.pixelSpacing.data(), 2);
    const double scalars[] = {i.sliceThickness, i.spacingBetweenSlices, i.rescaleSlope,
                              i.rescaleIntercept};
    putNumbers(out, scalars, 4);
    putNumbers(out, i.windowCenters.data(), i.windowCenters.size());
    putNumbers(out, i.windowWidths.data(), i.windowWidths.size());
    std::vector<double> frames;
    for (const auto& p : i.framePositions) frames.insert(frames.end(), p.begin(), p.end());
    putNumbers(out, frames.data(), frames.size());
    for (std::size_t k = 0; k < i.windowExplanations.size(); ++k)
        out << (k ? std::string(1, kList) : "") << i.windowExplanations[k];
    out << kSep;
    for (std::size_t k = 0; k < i.voiLuts.size(); ++k) {
        const VoiLut& l = i.voiLuts[k];
        out << (k ? std::string(1, kList) : "") << l.name << kPart << l.firstMapped << ' '
            << l.bits;
        for (std::uint16_t v : l.data) out << ' ' << v;
    }
    out << kSep << i.patientOrientation << kSep;
    return out.str();
}

bool Database::decode(const std::string& blob, InstanceInfo& i) {
    const std::vector<std::string> p = split(blob);
    if (p.size() < 23) return false;
    std::string* strings[] = {&i.sopClassUid,       &i.sopInstanceUid,   &i.transferSyntaxUid,
                              &i.patientId,         &i.patientName,      &i.studyUid,
                              &i.studyDate,         &i.studyDescription, &i.seriesUid,
                              &i.seriesDescription, &i.modality,         &i.photometric};
    for (int k = 0; k < 12; ++k) *strings[k] = p[k];
    const std::vector<double> n = numbers(p[12]);
    if (n.size() != 18) return false;
    int* ints[] = {&i.seriesNumber,
                   &i.instanceNumber,
                   &i.acquisitionNumber,
                   &i.echoNumber,
                   nullptr,
                   &i.rows,
                   &i.columns,
                   &i.frames,
                   &i.samplesPerPixel,
                   &i.bitsAllocated,
                   &i.bitsStored,
                   &i.highBit,
                   &i.pixelRepresentation,
                   &i.planarConfiguration};
    for (int k = 0; k < 14; ++k)
        if (ints[k]) *ints[k] = int(n[k]);
    i.isImage = n[4] != 0;
    i.hasPosition = n[14] != 0;
    i.hasOrientation = n[15] != 0;
    i.hasPixelSpacing = n[16] != 0;
    i.pixelDataOffset = std::int64_t(n[17]);
    auto fill = [&](const std::string& s, double* out, std::size_t count) {
        std::vector<double> v = numbers(s);
        if (v.size() != count) return false;
        std::copy(v.begin(), v.end(), out);
        return true;
    };
    double scalars[4];
    if (!fill(p[13], i.position.data(), 3) || !fill(p[14], i.orientation.data(), 6) ||
        !fill(p[15], i.pixelSpacing.data(), 2) || !fill(p[16], scalars, 4))
        return false;
    i.sliceThickness = scalars[0];
    i.spacingBetweenSlices = scalars[1];
    i.rescaleSlope = scalars[2];
    i.rescaleIntercept = scalars[3];
    i.windowCenters = numbers(p[17]);
    i.windowWidths = numbers(p[18]);
    const std::vector<double> frames = numbers(p[19]);
    if (frames.size() % 3) return false;
    i.framePositions.clear();
    for (std::size_t k = 0; k + 2 < frames.size(); k += 3)
        i.framePositions.push_back({frames[k], frames[k + 1], frames[k + 2]});
    auto items = [](const std::string& field) {
        std::vector<std::string> out;
        if (field.empty()) return out;
        std::string cur;
        for (char c : field) {
            if (c == kList) {
                out.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        out.push_back(cur);
        return out;
    };
    i.windowExplanations = items(p[20]);
    i.voiLuts.clear();
    for (const std::string& item : items(p[21])) {
        const std::size_t cut = item.find(kPart);
        if (cut == std::string::npos) return false;
        const std::vector<double> v = numbers(item.substr(cut + 1));
        if (v.size() < 2) return false;
        VoiLut l;
        l.name = item.substr(0, cut);
        l.firstMapped = int(v[0]);
        l.bits = int(v[1]);
        for (std::size_t k = 2; k < v.size(); ++k) l.data.push_back(std::uint16_t(v[k]));
        i.voiLuts.push_back(std::move(l));
    }
    i.patientOrientation = p[22];
    return true;
}

std::string Database::dataDirectory() {
    fs::path dir;
    if (const char* d = std::getenv("RADLENS_DATA_DIR"); d && *d)
        dir = d;
    else if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
        dir = fs::path(x) / "radlens";
    else if (const char* h = std::getenv("HOME"); h && *h)
        dir = fs::path(h) / ".local/share/radlens";
    else
        dir = fs::temp_directory_path() / "radlens";
    std::error_code ec;
    fs::create_directories(dir, ec);
    return dir.string();
}

std::string Database::defaultPath() { return (fs::path(dataDirectory()) / "radlens.db").string(); }

Database::Database(const std::string& path) : path_(path) {
    if (open(path)) return;
    // Unreadable or damaged: keep it for inspection, start afresh.
    close();
    std::error_code ec;
    if (path != ":memory:" && fs::exists(path, ec)) {
        fs::rename(path, path + ".damaged", ec);
        fs::remove(path + "-wal", ec);
        fs::remove(path + "-shm", ec);
        warning_ =
            "the database " + path + " was damaged; moved to " + path + ".damaged and rebuilt";
        if (open(path)) return;
        close();
    }
    warning_ = "cannot open the database " + path + "; using a temporary one in memory";
    open(":memory:");
}

Database::~Database() { close(); }

void Database::close() {
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
}

bool Database::exec(const char* sql) {
    return db_ && sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool Database::open(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
        return false;
    sqlite3_busy_timeout(db_, 5000);
    if (!exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=NORMAL")) return false;
    int v = 0;
    {
        // Finalised before the DROPs below: a pending statement locks the tables.
        Statement version(db_, "PRAGMA user_version");
        if (!version.ok() || version.step() != SQLITE_ROW) return false;
        v = sqlite3_column_int(version.get(), 0);
    }
    if (v != 0 && v != kSchemaVersion) {
        // A schema from another version: the contents are a cache, rebuild.
        if (!exec("DROP TABLE IF EXISTS findings; DROP TABLE IF EXISTS instances; DROP TABLE IF "
                  "EXISTS series;"
                  "DROP TABLE IF EXISTS studies; DROP TABLE IF EXISTS patients;"))
            return false;
    }
    if (!exec(kSchema) || !exec(kUserSchema)) return false;
    // Columns added after a user table was first made (its rows are kept).
    {
        bool hasSynthetic = false;
        {
            Statement columns(db_, "PRAGMA table_info(annotations)");
            if (!columns.ok()) return false;
            while (columns.step() == SQLITE_ROW) {
                const char* name =
                    reinterpret_cast<const char*>(sqlite3_column_text(columns.get(), 1));
                if (name && std::string(name) == "synthetic") hasSynthetic = true;
            }
        }
        if (!hasSynthetic &&
            !exec("ALTER TABLE annotations ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0"))
            return false;
    }
    const std::string setVersion = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
    if (!exec(setVersion.c_str())) return false;
    // Touch every table once so damage shows now rather than later.
    return exec("SELECT count(*) FROM instances; SELECT count(*) FROM series;");
}

std::unordered_map<std::string, InstanceInfo> Database::cachedInstances(
    const std::vector<std::string>& files) {
    std::unordered_map<std::string, InstanceInfo> out;
    Statement q(db_, "SELECT file_size, mtime_ns, header FROM instances WHERE path=?");
    if (!q.ok()) return out;
    for (const std::string& f : files) {
        platform::FileStamp st;
        if (!platform::fileStamp(f, st)) continue;
        q.text(1, f);
        if (q.step() == SQLITE_ROW) {
            const std::int64_t size = sqlite3_column_int64(q.get(), 0);
            const std::int64_t mtime = sqlite3_column_int64(q.get(), 1);
            const std::int64_t now = st.mtimeNs;
            const char* blob = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 2));
            InstanceInfo info;
            if (size == st.size && mtime == now && blob && decode(blob, info)) {
                info.path = f;
                info.fileSize = size;
                info.mtimeNs = mtime;
                out.emplace(f, std::move(info));
            }
        }
        q.reset();
    }
    return out;
}

void Database::storeInstances(const std::vector<const InstanceInfo*>& instances) {
    if (instances.empty() || !exec("BEGIN IMMEDIATE")) return;
    Statement patient(db_, "INSERT OR IGNORE INTO patients(patient_id, name) VALUES(?,?)");
    Statement study(db_,
                    "INSERT OR REPLACE INTO studies(uid, patient, date, description) VALUES(?,"
                    "(SELECT id FROM patients WHERE patient_id=? AND name=?),?,?)");
    Statement series(db_,
                     "INSERT OR REPLACE INTO series(uid, study_uid, modality, number, "
                     "description) VALUES(?,?,?,?,?)");
    Statement inst(db_,
                   "INSERT OR REPLACE INTO instances(path, file_size, mtime_ns, "
                   "sop_instance_uid, sop_class_uid, series_uid, transfer_syntax, is_image, rows,"
                   " columns, frames, instance_number, pixel_offset, header) "
                   "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bool ok = patient.ok() && study.ok() && series.ok() && inst.ok();
    for (const InstanceInfo* i : instances) {
        if (!ok) break;
        patient.text(1, i->patientId);
        patient.text(2, i->patientName);
        ok = ok && patient.step() == SQLITE_DONE;
        patient.reset();
        if (!i->studyUid.empty()) {
            study.text(1, i->studyUid);
            study.text(2, i->patientId);
            study.text(3, i->patientName);
            study.text(4, i->studyDate);
            study.text(5, i->studyDescription);
            ok = ok && study.step() == SQLITE_DONE;
            study.reset();
        }
        if (!i->seriesUid.empty()) {
            series.text(1, i->seriesUid);
            series.text(2, i->studyUid);
            series.text(3, i->modality);
            series.integer(4, i->seriesNumber);
            series.text(5, i->seriesDescription);
            ok = ok && series.step() == SQLITE_DONE;
            series.reset();
        }
        inst.text(1, i->path);
        inst.integer(2, i->fileSize);
        inst.integer(3, i->mtimeNs);
        inst.text(4, i->sopInstanceUid);
        inst.text(5, i->sopClassUid);
        inst.text(6, i->seriesUid);
        inst.text(7, i->transferSyntaxUid);
        inst.integer(8, i->isImage);
        inst.integer(9, i->rows);
        inst.integer(10, i->columns);
        inst.integer(11, i->frames);
        inst.integer(12, i->instanceNumber);
        inst.integer(13, i->pixelDataOffset);
        inst.text(14, encode(*i));
        ok = ok && inst.step() == SQLITE_DONE;
        inst.reset();
    }
    exec(ok ? "COMMIT" : "ROLLBACK");
}

std::size_t Database::instanceCount() {
    Statement q(db_, "SELECT count(*) FROM instances");
    if (!q.ok() || q.step() != SQLITE_ROW) return 0;
    return std::size_t(sqlite3_column_int64(q.get(), 0));
}

}  // namespace radlens::imaging

namespace radlens::imaging {

std::optional<std::string> Database::cachedFindings(const std::string& seriesUid,
                                                    const std::string& instancesKey,
                                                    const std::string& resultKey) {
    if (instancesKey.empty()) return std::nullopt;
    Statement q(db_,
                "SELECT json FROM findings WHERE series_uid=? AND instances_key=? AND "
                "model_sha256=?");
    if (!q.ok()) return std::nullopt;
    q.text(1, seriesUid);
    q.text(2, instancesKey);
    q.text(3, resultKey);  // the column keeps its first name
    if (q.step() != SQLITE_ROW) return std::nullopt;
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0));
    return text ? std::optional<std::string>(text) : std::nullopt;
}

void Database::storeFindings(const std::string& seriesUid, const std::string& instancesKey,
                             const std::string& resultKey, const std::string& json) {
    if (instancesKey.empty()) return;
    Statement q(db_,
                "INSERT OR REPLACE INTO findings(series_uid, instances_key, model_sha256, json) "
                "VALUES(?,?,?,?)");
    if (!q.ok()) return;
    q.text(1, seriesUid);
    q.text(2, instancesKey);
    q.text(3, resultKey);  // the column keeps its first name
    q.text(4, json);
    q.step();
}

std::map<std::string, std::string> Database::instanceSetKeys() {
    std::map<std::string, std::vector<std::string>> uids;
    Statement q(db_,
                "SELECT series_uid, sop_instance_uid FROM instances WHERE is_image=1 AND "
                "series_uid IS NOT NULL");
    if (q.ok())
        while (q.step() == SQLITE_ROW) {
            const char* series = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0));
            const char* sop = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1));
            if (series && sop) uids[series].push_back(sop);
        }
    std::map<std::string, std::string> keys;
    for (auto& [series, list] : uids) keys[series] = instanceSetKey(std::move(list));
    return keys;
}

std::vector<SeriesRecord> Database::allSeries() {
    std::vector<SeriesRecord> out;
    Statement q(db_,
                "SELECT s.uid, s.study_uid, p.patient_id, p.name, st.date, s.modality, "
                "s.description, s.number FROM series s JOIN studies st ON st.uid = s.study_uid "
                "JOIN patients p ON p.id = st.patient WHERE EXISTS (SELECT 1 FROM instances i "
                "WHERE i.series_uid = s.uid AND i.is_image = 1) ORDER BY st.date DESC, s.uid");
    if (!q.ok()) return out;
    auto text = [&](int c) {
        const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), c));
        return t ? std::string(t) : std::string();
    };
    while (q.step() == SQLITE_ROW) {
        SeriesRecord r;
        r.uid = text(0);
        r.studyUid = text(1);
        r.patientId = text(2);
        r.patientName = text(3);
        r.studyDate = text(4);
        r.modality = text(5);
        r.description = text(6);
        r.number = sqlite3_column_int(q.get(), 7);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<InstanceInfo> Database::seriesInstances(const std::string& seriesUid) {
    std::vector<InstanceInfo> out;
    Statement q(db_, "SELECT path, file_size, mtime_ns, header FROM instances WHERE series_uid=?");
    if (!q.ok()) return out;
    q.text(1, seriesUid);
    while (q.step() == SQLITE_ROW) {
        const char* path = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0));
        const char* blob = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 3));
        InstanceInfo info;
        if (!path || !blob || !decode(blob, info)) continue;
        info.path = path;
        info.fileSize = sqlite3_column_int64(q.get(), 1);
        info.mtimeNs = sqlite3_column_int64(q.get(), 2);
        out.push_back(std::move(info));
    }
    return out;
}

bool Database::setFindingReview(const std::string& seriesUid, const std::string& finding,
                                const std::string& decision, const std::string& reviewer) {
    if (decision.empty()) {
        Statement q(db_, "DELETE FROM finding_reviews WHERE series_uid=? AND finding=?");
        if (!q.ok()) return false;
        q.text(1, seriesUid);
        q.text(2, finding);
        return q.step() == SQLITE_DONE;
    }
    if (decision != "accepted" && decision != "rejected") return false;
    Statement q(db_,
                "INSERT OR REPLACE INTO finding_reviews(series_uid, finding, decision, reviewer) "
                "VALUES(?,?,?,?)");
    if (!q.ok()) return false;
    q.text(1, seriesUid);
    q.text(2, finding);
    q.text(3, decision);
    q.text(4, reviewer);
    return q.step() == SQLITE_DONE;
}

std::vector<FindingReview> Database::findingReviews(const std::string& seriesUid) {
    std::vector<FindingReview> out;
    Statement q(db_,
                "SELECT finding, decision, reviewer, at FROM finding_reviews WHERE series_uid=? "
                "ORDER BY finding");
    if (!q.ok()) return out;
    q.text(1, seriesUid);
    while (q.step() == SQLITE_ROW) {
        auto text = [&](int c) {
            const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), c));
            return t ? std::string(t) : std::string();
        };
        out.push_back({seriesUid, text(0), text(1), text(2), text(3)});
    }
    return out;
}

bool Database::setSeriesReviewed(const std::string& seriesUid, bool reviewed,
                                 const std::string& reviewer) {
    Statement q(db_, reviewed ? "INSERT OR REPLACE INTO series_reviews(series_uid, reviewer) "
                                "VALUES(?,?)"
                              : "DELETE FROM series_reviews WHERE series_uid=?");
    if (!q.ok()) return false;
    q.text(1, seriesUid);
    if (reviewed) q.text(2, reviewer);
    return q.step() == SQLITE_DONE;
}

std::map<std::string, std::string> Database::reviewedSeries() {
    std::map<std::string, std::string> out;
    Statement q(db_, "SELECT series_uid, reviewer FROM series_reviews");
    if (!q.ok()) return out;
    while (q.step() == SQLITE_ROW) {
        const char* a = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0));
        const char* b = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1));
        if (a) out[a] = b ? b : "";
    }
    return out;
}

namespace {

std::string joinLines(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : "\n") + x;
    return s;
}

std::vector<std::string> splitLines(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string joinMaskLabels(const std::map<int, std::string>& m) {
    std::vector<std::string> lines;
    for (const auto& [v, name] : m) lines.push_back(std::to_string(v) + "=" + name);
    return joinLines(lines);
}

std::map<int, std::string> splitMaskLabels(const std::string& s) {
    std::map<int, std::string> m;
    for (const std::string& line : splitLines(s)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        try {
            m[std::stoi(line.substr(0, eq))] = line.substr(eq + 1);
        } catch (const std::exception&) {
        }
    }
    return m;
}

}  // namespace

int Database::addAnnotation(const AnnotationRecord& r) {
    if (!exec("BEGIN IMMEDIATE")) return 0;
    int version = 0;
    {
        Statement q(db_,
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM annotations WHERE series_uid=? AND "
                    "annotator=?");
        if (q.ok()) {
            q.text(1, r.seriesUid);
            q.text(2, r.annotator);
            if (q.step() == SQLITE_ROW) version = sqlite3_column_int(q.get(), 0);
        }
    }
    bool ok = version > 0;
    if (ok) {
        Statement q(db_,
                    "INSERT INTO annotations(series_uid, annotator, version, status, mask_path, "
                    "mask_sha256, labels, mask_labels, note, synthetic) "
                    "VALUES(?,?,?,?,?,?,?,?,?,?)");
        ok = q.ok();
        if (ok) {
            q.text(1, r.seriesUid);
            q.text(2, r.annotator);
            q.integer(3, version);
            q.text(4, r.status);
            q.text(5, r.maskPath);
            q.text(6, r.maskSha256);
            q.text(7, joinLines(r.labels));
            q.text(8, joinMaskLabels(r.maskLabels));
            q.text(9, r.note);
            q.integer(10, r.synthetic ? 1 : 0);
            ok = q.step() == SQLITE_DONE;
        }
    }
    if (!ok || !exec("COMMIT")) {
        exec("ROLLBACK");
        return 0;
    }
    return version;
}

bool Database::replaceAnnotation(const AnnotationRecord& r) {
    Statement q(
        db_,
        "UPDATE annotations SET status=?, mask_path=?, mask_sha256=?, labels=?, mask_labels=?, "
        "note=?, synthetic=?, saved_at=strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE series_uid=? "
        "AND annotator=? AND version=?");
    if (!q.ok()) return false;
    q.text(1, r.status);
    q.text(2, r.maskPath);
    q.text(3, r.maskSha256);
    q.text(4, joinLines(r.labels));
    q.text(5, joinMaskLabels(r.maskLabels));
    q.text(6, r.note);
    q.integer(7, r.synthetic ? 1 : 0);
    q.text(8, r.seriesUid);
    q.text(9, r.annotator);
    q.integer(10, r.version);
    return q.step() == SQLITE_DONE && sqlite3_changes(db_) == 1;
}

std::vector<AnnotationRecord> Database::annotations(const std::string& seriesUid) {
    std::vector<AnnotationRecord> out;
    Statement q(db_,
                seriesUid.empty()
                    ? "SELECT series_uid, annotator, version, status, mask_path, mask_sha256, "
                      "labels, note, saved_at, mask_labels, synthetic FROM annotations ORDER BY "
                      "annotator, version"
                    : "SELECT series_uid, annotator, version, status, mask_path, mask_sha256, "
                      "labels, note, saved_at, mask_labels, synthetic FROM annotations WHERE "
                      "series_uid=? ORDER BY annotator, version");
    if (!q.ok()) return out;
    if (!seriesUid.empty()) q.text(1, seriesUid);
    while (q.step() == SQLITE_ROW) {
        auto text = [&](int c) {
            const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), c));
            return t ? std::string(t) : std::string();
        };
        AnnotationRecord r;
        r.seriesUid = text(0);
        r.annotator = text(1);
        r.version = sqlite3_column_int(q.get(), 2);
        r.status = text(3);
        r.maskPath = text(4);
        r.maskSha256 = text(5);
        r.labels = splitLines(text(6));
        r.note = text(7);
        r.savedAt = text(8);
        r.maskLabels = splitMaskLabels(text(9));
        r.synthetic = sqlite3_column_int(q.get(), 10) != 0;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace radlens::imaging
