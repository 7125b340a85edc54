#pragma once
// What to search a remote node for, and what it answers: the same types for
// DIMSE C-FIND and DICOMweb QIDO-RS. Plain data.

#include <string>
#include <vector>

namespace radlens::net {

enum class QueryLevel { Patient, Study, Series };

struct RemoteQuery {
    QueryLevel level = QueryLevel::Study;
    std::string studyUid;     ///< series level: the study to list (required there)
    std::string patientId;    ///< wildcards * and ? allowed
    std::string patientName;  ///< wildcards * and ? allowed
    std::string accession;
    std::string studyDate;  ///< YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-
    std::string modality;
};

/// One answer. Series fields are set at series level only.
struct RemoteMatch {
    QueryLevel level = QueryLevel::Study;
    std::string patientId, patientName;
    std::string studyUid, studyDate, accession, description;
    std::vector<std::string> modalities;  ///< ModalitiesInStudy
    int studyInstances = 0;               ///< instances in the study, when the node says
    std::string seriesUid, modality, seriesDescription;
    int number = 0;     ///< series number
    int instances = 0;  ///< instances in the series, when the node says
};

/// "patient", "study", "series".
const char* levelName(QueryLevel level);
/// Parses a level name; throws std::invalid_argument.
QueryLevel parseLevel(const std::string& name);
/// The values of a multi-valued DICOM string ("CT\\PT"), empty ones dropped.
std::vector<std::string> splitValues(const std::string& multiValued);
/// Throws std::invalid_argument for a query no node can answer: a series
/// level without its study, a malformed date.
void checkQuery(const RemoteQuery& query);
/// Checks a study date or range; "" when valid, else the reason.
std::string checkDateRange(const std::string& range);

}  // namespace radlens::net
