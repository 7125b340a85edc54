#include "imaging/SeriesArrivals.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "imaging/Database.h"
#include "imaging/DurableFile.h"
#include "imaging/Scanner.h"

namespace radlens::imaging {

std::string SeriesArrivals::journalIn(const std::string& storeRoot) {
    return (std::filesystem::path(storeRoot) / ".arrivals").string();
}

SeriesArrivals::SeriesArrivals(std::chrono::milliseconds quiet, std::string journalPath)
    : quiet_(quiet), journalPath_(std::move(journalPath)) {
    if (journalPath_.empty() || !std::filesystem::exists(journalPath_)) return;
    std::ifstream in(journalPath_);
    if (!in) throw std::runtime_error(journalPath_ + ": cannot be read");
    // One series per line: UID, a tab, the folder.
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos || tab == 0) continue;
        Pending p{line.substr(0, tab), line.substr(tab + 1)};
        if (journal_.emplace(p.seriesUid, p.folder).second) leftOver_.push_back(p);
    }
}

std::vector<SeriesArrivals::Pending> SeriesArrivals::leftOver() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return leftOver_;
}

SeriesArrivals::Arrival SeriesArrivals::rescan(const Pending& pending,
                                               const std::string& databasePath) {
    Arrival a{pending.seriesUid, {}};
    std::error_code ec;
    if (!std::filesystem::is_directory(pending.folder, ec)) return a;
    std::unique_ptr<Database> db;
    if (!databasePath.empty()) db = std::make_unique<Database>(databasePath);
    Scanner scanner(db.get());
    ScanResult scan = scanner.scan({pending.folder});
    for (InstanceInfo& i : scan.images)
        if (i.seriesUid == pending.seriesUid) a.instances.push_back(std::move(i));
    if (db) {
        std::vector<const InstanceInfo*> index;
        for (const InstanceInfo& i : a.instances) index.push_back(&i);
        db->storeInstances(index);
    }
    return a;
}

void SeriesArrivals::add(const InstanceInfo& info, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    Entry& e = arriving_[info.seriesUid];
    e.instances[info.sopInstanceUid] = info;
    e.last = now;
    const std::string folder = std::filesystem::path(info.path).parent_path().string();
    if (journal_.emplace(info.seriesUid, folder).second) writeJournal();
}

std::vector<SeriesArrivals::Arrival> SeriesArrivals::takeComplete(Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Arrival> out;
    for (auto it = arriving_.begin(); it != arriving_.end();) {
        if (now - it->second.last >= quiet_) {
            Arrival a{it->first, {}};
            for (auto& [uid, info] : it->second.instances) a.instances.push_back(std::move(info));
            out.push_back(std::move(a));
            it = arriving_.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

std::vector<SeriesArrivals::Arrival> SeriesArrivals::takeAll() {
    return takeComplete(Clock::time_point::max());
}

void SeriesArrivals::finished(const std::string& seriesUid) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (journal_.erase(seriesUid)) writeJournal();
}

std::size_t SeriesArrivals::arriving() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return arriving_.size();
}

std::string SeriesArrivals::journalError() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return journalError_;
}

void SeriesArrivals::writeJournal() {
    if (journalPath_.empty()) return;
    std::ostringstream text;
    for (const auto& [uid, folder] : journal_) text << uid << '\t' << folder << '\n';
    try {
        DurableFile::write(journalPath_, text.str());
        journalError_.clear();
    } catch (const std::exception& e) {
        journalError_ = e.what();
    }
}

}  // namespace radlens::imaging
