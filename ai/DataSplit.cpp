#include "ai/DataSplit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>

namespace radlens::ai {

DataSplit DataSplit::byPatient(const std::vector<TrainingSample>& samples, double valFraction,
                               std::uint64_t seed) {
    // Patient -> classes present in any of its samples.
    std::map<std::string, std::string> signature;
    for (const TrainingSample& s : samples) {
        std::string& sig = signature[s.patientId];
        const int64_t C = s.labels.defined() ? s.labels.numel() : 0;
        if (sig.size() < std::size_t(C)) sig.resize(std::size_t(C), '0');
        for (int64_t c = 0; c < C; ++c)
            if (s.labels[c].item<float>() > 0.5f) sig[std::size_t(c)] = '1';
    }
    std::map<std::string, std::vector<std::string>> groups;  // signature -> patients
    for (const auto& [patient, sig] : signature) groups[sig].push_back(patient);
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 17);
    std::set<std::string> val;
    std::vector<std::string> order;  // validation patients as chosen
    for (auto& [sig, patients] : groups) {
        std::shuffle(patients.begin(), patients.end(), rng);
        const auto k = std::size_t(std::llround(valFraction * double(patients.size())));
        for (std::size_t i = 0; i < k; ++i)
            if (val.insert(patients[i]).second) order.push_back(patients[i]);
    }
    // Rounding per group can take every patient (groups of one each): keep
    // the overall fraction, and at least one patient for training.
    const std::size_t n = signature.size();
    if (n >= 2 && val.size() >= n) {
        const std::size_t target =
            std::clamp<std::size_t>(std::size_t(std::llround(valFraction * double(n))), 1, n - 1);
        while (val.size() > target) {
            val.erase(order.back());
            order.pop_back();
        }
    }
    if (val.empty() && valFraction > 0 && signature.size() >= 2) {
        // Small sets: take one patient from the largest group.
        auto largest = std::max_element(groups.begin(), groups.end(), [](auto& a, auto& b) {
            return a.second.size() < b.second.size();
        });
        val.insert(largest->second.front());
    }
    DataSplit split;
    for (int i = 0; i < int(samples.size()); ++i)
        (val.count(samples[std::size_t(i)].patientId) ? split.validation : split.train)
            .push_back(i);
    return split;
}

nlohmann::json DataSplit::json(const std::vector<TrainingSample>& samples) const {
    std::set<std::string> t, v;
    for (int i : train) t.insert(samples[std::size_t(i)].patientId);
    for (int i : validation) v.insert(samples[std::size_t(i)].patientId);
    return {{"train_patients", std::vector<std::string>(t.begin(), t.end())},
            {"validation_patients", std::vector<std::string>(v.begin(), v.end())},
            {"train_samples", train.size()},
            {"validation_samples", validation.size()}};
}

}  // namespace radlens::ai
