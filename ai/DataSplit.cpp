#include "ai/DataSplit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>

namespace radlens::ai {

namespace {

/// Patients chosen from `signature` (patient -> classes present), stratified
/// by signature: round(fraction * group size) of each shuffled group, at
/// least one and at most all but one overall when there are two or more.
std::set<std::string> choosePatients(const std::map<std::string, std::string>& signature,
                                     double fraction, std::mt19937_64& rng) {
    std::map<std::string, std::vector<std::string>> groups;  // signature -> patients
    for (const auto& [patient, sig] : signature) groups[sig].push_back(patient);
    std::set<std::string> chosen;
    std::vector<std::string> order;  // as chosen
    for (auto& [sig, patients] : groups) {
        std::shuffle(patients.begin(), patients.end(), rng);
        const auto k = std::size_t(std::llround(fraction * double(patients.size())));
        for (std::size_t i = 0; i < k; ++i)
            if (chosen.insert(patients[i]).second) order.push_back(patients[i]);
    }
    // Rounding per group can take every patient (groups of one each): keep
    // the overall fraction, and at least one patient on the other side.
    const std::size_t n = signature.size();
    if (n >= 2 && chosen.size() >= n) {
        const std::size_t target =
            std::clamp<std::size_t>(std::size_t(std::llround(fraction * double(n))), 1, n - 1);
        while (chosen.size() > target) {
            chosen.erase(order.back());
            order.pop_back();
        }
    }
    if (chosen.empty() && fraction > 0 && n >= 2) {
        // Small sets: take one patient from the largest group.
        auto largest = std::max_element(groups.begin(), groups.end(), [](auto& a, auto& b) {
            return a.second.size() < b.second.size();
        });
        chosen.insert(largest->second.front());
    }
    return chosen;
}

}  // namespace

DataSplit DataSplit::byPatient(const std::vector<TrainingSample>& samples, double valFraction,
                               std::uint64_t seed, double testFraction) {
    // Patient -> classes present in any of its samples; patients on the
    // official test list.
    std::map<std::string, std::string> signature;
    std::set<std::string> test;
    for (const TrainingSample& s : samples) {
        std::string& sig = signature[s.patientId];
        const int64_t C = s.labels.defined() ? s.labels.numel() : 0;
        if (sig.size() < std::size_t(C)) sig.resize(std::size_t(C), '0');
        if (C) {
            const torch::Tensor l = s.labels.to(torch::kFloat32).contiguous();
            const float* v = l.data_ptr<float>();
            for (int64_t c = 0; c < C; ++c)
                if (v[c] > 0.5f) sig[std::size_t(c)] = '1';
        }
        if (s.testSet) test.insert(s.patientId);
    }
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 17);
    if (test.empty() && testFraction > 0) {
        std::mt19937_64 testRng(seed * 0x9E3779B97F4A7C15ULL + 29);
        test = choosePatients(signature, testFraction, testRng);
    }
    std::map<std::string, std::string> rest;
    for (const auto& [patient, sig] : signature)
        if (!test.count(patient)) rest[patient] = sig;
    const std::set<std::string> val = choosePatients(rest, valFraction, rng);
    DataSplit split;
    for (int i = 0; i < int(samples.size()); ++i) {
        const std::string& p = samples[std::size_t(i)].patientId;
        (test.count(p) ? split.test : val.count(p) ? split.validation : split.train).push_back(i);
    }
    return split;
}

nlohmann::json DataSplit::json(const std::vector<TrainingSample>& samples) const {
    std::set<std::string> t, v, x;
    for (int i : train) t.insert(samples[std::size_t(i)].patientId);
    for (int i : validation) v.insert(samples[std::size_t(i)].patientId);
    for (int i : test) x.insert(samples[std::size_t(i)].patientId);
    return {{"train_patients", std::vector<std::string>(t.begin(), t.end())},
            {"validation_patients", std::vector<std::string>(v.begin(), v.end())},
            {"test_patients", std::vector<std::string>(x.begin(), x.end())},
            {"train_samples", train.size()},
            {"validation_samples", validation.size()},
            {"test_samples", test.size()}};
}

nlohmann::json DataSplit::counts(const std::vector<TrainingSample>& samples) const {
    auto patients = [&](const std::vector<int>& side) {
        std::set<std::string> p;
        for (int i : side) p.insert(samples[std::size_t(i)].patientId);
        return p.size();
    };
    return {{"train", train.size()},
            {"val", validation.size()},
            {"test", test.size()},
            {"train_patients", patients(train)},
            {"val_patients", patients(validation)},
            {"test_patients", patients(test)}};
}

}  // namespace radlens::ai
