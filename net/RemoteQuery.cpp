#include "net/RemoteQuery.h"

#include <stdexcept>

namespace radlens::net {

const char* levelName(QueryLevel level) {
    switch (level) {
        case QueryLevel::Patient:
            return "patient";
        case QueryLevel::Study:
            return "study";
        case QueryLevel::Series:
            return "series";
    }
    return "study";
}

QueryLevel parseLevel(const std::string& name) {
    if (name == "patient") return QueryLevel::Patient;
    if (name == "study") return QueryLevel::Study;
    if (name == "series") return QueryLevel::Series;
    throw std::invalid_argument("level \"" + name + "\" is not patient, study or series");
}

std::vector<std::string> splitValues(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = s.find('\\', start);
        std::string part = s.substr(start, end == std::string::npos ? end : end - start);
        if (!part.empty()) out.push_back(std::move(part));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

void checkQuery(const RemoteQuery& query) {
    if (query.level == QueryLevel::Series && query.studyUid.empty())
        throw std::invalid_argument("a series-level search needs --study UID");
    if (!query.studyDate.empty())
        if (const std::string why = checkDateRange(query.studyDate); !why.empty())
            throw std::invalid_argument(why);
}

std::string checkDateRange(const std::string& range) {
    auto isDate = [](const std::string& d) {
        if (d.size() != 8) return false;
        for (char c : d)
            if (c < '0' || c > '9') return false;
        const int month = std::stoi(d.substr(4, 2)), day = std::stoi(d.substr(6, 2));
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    };
    const std::size_t dash = range.find('-');
    if (dash == std::string::npos) {
        if (isDate(range)) return "";
    } else {
        const std::string from = range.substr(0, dash), to = range.substr(dash + 1);
        if ((from.empty() || isDate(from)) && (to.empty() || isDate(to)) &&
            !(from.empty() && to.empty()) && (from.empty() || to.empty() || from <= to))
            return "";
    }
    return "study date \"" + range + "\" is not YYYYMMDD or a range YYYYMMDD-YYYYMMDD";
}

}  // namespace radlens::net
