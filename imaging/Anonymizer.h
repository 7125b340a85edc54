#pragma once
// De-identification after DICOM PS3.15 Annex E's Basic Application Level
// Confidentiality Profile (Table E.1-1), for the attributes we write and
// those commonly found in CT, MR, CR and DX objects:
//  - D / Z: replaced by a dummy or emptied (names, IDs, dates, times);
//  - X: removed (addresses, physicians, comments, descriptions, device
//    serial numbers, Content Sequence, private attributes, overlay data,
//    curves, digital signatures);
//  - U: UIDs replaced, consistently: one Anonymizer maps the same input UID
//    to the same output UID ("2.25." and a number derived from a random key
//    of this Anonymizer and the UID), in every file and every nesting level,
//    so SEG and SR references still resolve among the copies;
//  - K: everything else is kept, the pixel data untouched (same bytes, same
//    transfer syntax).
// PatientIdentityRemoved is YES, DeidentificationMethod and its code
// sequence (113100) say how. Burned-in annotation cannot be removed from the
// pixels here: an object whose BurnedInAnnotation is YES is flagged.
//
// Threads: one Anonymizer may be used from several threads (its UID map is
// locked). Throws: anonymizeFile() throws std::runtime_error with the path
// and the reason (the output is written to a temporary name and renamed, so
// it is never half-written).

#include <map>
#include <mutex>
#include <string>

class DcmItem;
class DcmDataset;

namespace radlens::imaging {

class Anonymizer {
public:
    /// The method recorded in DeidentificationMethod.
    static const char* const kMethod;

    Anonymizer();  ///< a fresh random key: this run's mapping

    struct Outcome {
        std::string studyUid, seriesUid, sopInstanceUid;  ///< the new ones
        bool burnedInAnnotation = false;
    };
    /// Reads `in`, de-identifies it and writes `out` (folders created).
    Outcome anonymizeFile(const std::string& in, const std::string& out);
    /// De-identifies a dataset in place.
    Outcome anonymize(DcmDataset& dataset);

    /// The replacement of a UID ("" stays "").
    std::string replaceUid(const std::string& uid);
    /// A pseudonym for a patient ID: "ANON-" and 12 hex digits, the same for
    /// the same ID within this Anonymizer ("" stays "").
    std::string pseudonym(const std::string& patientId);

private:
    void clean(DcmItem& item, int depth);
    std::string digest(const std::string& text) const;

    std::string key_;
    std::mutex mutex_;
    std::map<std::string, std::string> uids_;
};

}  // namespace radlens::imaging
