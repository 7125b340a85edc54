#include "app/ClickCommands.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "ai/Analyzer.h"
#include "ai/ClickEvaluation.h"
#include "ai/Device.h"
#include "ai/InteractiveSegmentation.h"
#include "ai/LoadedModel.h"
#include "ai/ModelBundle.h"
#include "ai/TrainingDataLoader.h"
#include "app/CliSupport.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

using json = nlohmann::json;

namespace radlens::cli {

namespace {

/// "X,Y" or "X,Y,neg" (pixel column and row of the slice).
ai::Click parsePoint(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        parts.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    auto number = [&](const std::string& s) {
        try {
            std::size_t used = 0;
            const double v = std::stod(s, &used);
            if (used == s.size() && std::isfinite(v)) return v;
        } catch (const std::exception&) {
        }
        throw UsageError("--point needs X,Y[,neg] with numbers, not " + text);
    };
    if (parts.size() < 2 || parts.size() > 3)
        throw UsageError("--point needs X,Y[,neg], not " + text);
    ai::Click c{number(parts[0]), number(parts[1]), true};
    if (parts.size() == 3) {
        if (parts[2] == "neg")
            c.positive = false;
        else if (parts[2] != "pos")
            throw UsageError("--point takes ,neg (or ,pos) after X,Y, not ," + parts[2]);
    }
    return c;
}

std::shared_ptr<ai::LoadedModel> loadInteractive(const std::string& bundle,
                                                 const std::string& device) {
    torch::Device d = torch::kCPU;
    try {
        d = ai::chooseDevice(device);
    } catch (const std::exception& e) {
        throw Failure("--device " + device + ": " + e.what());
    }
    std::shared_ptr<ai::LoadedModel> model;
    try {
        model = ai::LoadedModel::load(bundle, d);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (!model->manifest.interactive)
        throw Failure(bundle + ": " + model->manifest.name + " is a " + model->manifest.task() +
                      " model; clicks need an interactive one (\"task\": \"interactive\")");
    return model;
}

}  // namespace

int clickSegmentCommand(const std::vector<std::string>& args) {
    Options o;
    std::string mask;
    std::vector<ai::Click> clicks;
    std::optional<int> slice;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--point")
            clicks.push_back(parsePoint(takeValue(args, i)));
        else if (a == "--model")
            o.model = takeValue(args, i);
        else if (a == "--slice") {
            const std::string v = takeValue(args, i);
            try {
                std::size_t used = 0;
                slice = std::stoi(v, &used);
                if (used != v.size() || *slice < 0) throw std::invalid_argument(v);
            } catch (const std::exception&) {
                throw UsageError("--slice needs a whole number from 0, not " + v);
            }
        } else if (a == "--mask")
            mask = takeValue(args, i);
        else if (a == "--series")
            o.series = takeValue(args, i);
        else if (a == "-o" || a == "--output")
            o.output = takeValue(args, i);
        else if (a == "--device")
            o.device = takeValue(args, i);
        else if (a == "--db")
            o.db = takeValue(args, i);
        else if (a == "--no-db")
            o.noDb = true;
        else if (a == "--json")
            o.json = true;
        else if (!a.empty() && a[0] == '-')
            throw UsageError("click-segment: unknown option " + a);
        else
            o.paths.push_back(a);
    }
    if (o.paths.empty()) throw UsageError("click-segment needs PATH...");
    if (o.model.empty()) throw UsageError("click-segment needs --model BUNDLE");
    if (!slice) throw UsageError("click-segment needs --slice K");
    if (clicks.empty()) throw UsageError("click-segment needs at least one --point X,Y");
    if (o.output.empty()) throw UsageError("click-segment needs -o OUT.nii.gz");

    const Scanned s = scanPaths(o);
    const imaging::Series& series = chooseImageSeries(s, o);
    imaging::Volume volume{imaging::PixelType::UInt8, imaging::Geometry{}};
    try {
        volume = imaging::SeriesLoader().load(series);
    } catch (const imaging::LoadError& e) {
        throw Failure(e.path() + ": " + e.why());
    }
    const auto dims = volume.dims();
    if (*slice >= dims[2])
        throw Failure("--slice " + std::to_string(*slice) + ": the series has " +
                      std::to_string(dims[2]) + " slices (0.." + std::to_string(dims[2] - 1) + ")");
    for (const ai::Click& c : clicks)
        if (c.x < 0 || c.y < 0 || c.x > dims[0] - 1 || c.y > dims[1] - 1)
            throw Failure("--point " + std::to_string(c.x) + "," + std::to_string(c.y) +
                          ": outside the slice (columns 0.." + std::to_string(dims[0] - 1) +
                          ", rows 0.." + std::to_string(dims[1] - 1) + ")");
    imaging::Volume out(imaging::PixelType::UInt8, volume.geometry());
    torch::Tensor previous;
    if (!mask.empty()) {
        try {
            imaging::Volume m = imaging::VolumeIO::read(mask);
            if (m.dims() != dims) throw std::runtime_error("its size differs from the series'");
            // Keep the previous mask's other slices (as 0/1) in the output.
            std::uint8_t* o8 = out.dataAs<std::uint8_t>();
            for (int z = 0; z < dims[2]; ++z) {
                const torch::Tensor p = ai::InteractiveSegmentation::plane(m, 2, z).ne(0);
                if (z == *slice) previous = p;
                std::memcpy(o8 + std::size_t(z) * std::size_t(dims[0]) * std::size_t(dims[1]),
                            p.to(torch::kUInt8).contiguous().data_ptr<std::uint8_t>(),
                            std::size_t(dims[0]) * std::size_t(dims[1]));
            }
        } catch (const std::exception& e) {
            throw Failure(mask + ": " + e.what());
        }
    }
    const auto model = loadInteractive(o.model, o.device);
    torch::Tensor answer;
    double ms = 0;
    int passes = 0;
    try {
        ai::InteractiveSegmentation seg(model);
        seg.setPlane(volume, 2, *slice);
        answer = seg.segment(clicks, previous);
        ms = seg.lastMilliseconds();
        passes = seg.lastPasses();
    } catch (const std::exception& e) {
        throw Failure(series.uid + ": " + e.what());
    }
    const std::size_t plane = std::size_t(dims[0]) * std::size_t(dims[1]);
    std::memcpy(out.dataAs<std::uint8_t>() + std::size_t(*slice) * plane,
                answer.to(torch::kUInt8).contiguous().data_ptr<std::uint8_t>(), plane);
    try {
        imaging::VolumeIO::write(out, o.output);
    } catch (const std::exception& e) {
        throw Failure(o.output + ": " + e.what());
    }
    const std::int64_t voxels = answer.sum().item<std::int64_t>();
    if (o.json)
        std::cout << json{{"voxels", voxels},
                          {"elapsed_ms", ms},
                          {"passes", passes},
                          {"slice", *slice},
                          {"series_uid", series.uid},
                          {"output", o.output},
                          {"device", ai::deviceName(model->device)}}
                         .dump(2)
                  << "\n";
    else
        std::cout << o.output << ": " << voxels << " voxels on slice " << *slice << " (" << ms
                  << " ms)\n";
    return 0;
}

int clickEvalCommand(const std::vector<std::string>& args) {
    std::string bundle, device = "auto";
    std::vector<std::string> data;
    int maxClicks = 20, limit = 200;
    double brushMm = 5;
    bool asJson = false;
    auto whole = [](const std::string& option, const std::string& v, int lo, int hi) {
        try {
            std::size_t used = 0;
            const int n = std::stoi(v, &used);
            if (used == v.size() && n >= lo && n <= hi) return n;
        } catch (const std::exception&) {
        }
        throw UsageError(option + " needs a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + ", not " + v);
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--data") {
            while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0)
                data.push_back(args[++i]);
            if (data.empty()) throw UsageError("--data needs PATH...");
        } else if (a == "--max-clicks")
            maxClicks = whole(a, takeValue(args, i), 5, 100);
        else if (a == "--limit")
            limit = whole(a, takeValue(args, i), 1, 100000);
        else if (a == "--brush-mm") {
            const std::string v = takeValue(args, i);
            try {
                brushMm = std::stod(v);
            } catch (const std::exception&) {
                brushMm = -1;
            }
            if (!(brushMm > 0 && brushMm <= 100))
                throw UsageError("--brush-mm needs a radius in mm (0..100], not " + v);
        } else if (a == "--device")
            device = takeValue(args, i);
        else if (a == "--json")
            asJson = true;
        else if (!a.empty() && a[0] == '-')
            throw UsageError("model click-eval: unknown option " + a);
        else if (bundle.empty())
            bundle = a;
        else
            throw UsageError("model click-eval takes one BUNDLE");
    }
    if (bundle.empty() || data.empty())
        throw UsageError("model click-eval needs BUNDLE --data PATH...");
    const auto model = loadInteractive(bundle, device);
    // The objects: connected components of the classes the bundle was trained on.
    ai::TrainingConfig c;
    c.task = "interactive";
    c.arch = model->manifest.architecture;
    c.data = data;
    const json hyper = model->manifest.provenance.value("hyperparameters", json::object());
    if (hyper.is_object() && hyper.contains("classes") && hyper["classes"].is_array())
        c.classes = hyper["classes"].get<std::vector<std::string>>();
    else
        c.classes = {"lesion"};  // every non-zero mask value
    ai::LoadedTrainingData loaded;
    try {
        loaded = ai::TrainingDataLoader::load(c);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    struct Object {
        std::size_t sample;
        torch::Tensor mask;
    };
    std::vector<Object> objects;
    for (std::size_t i = 0; i < loaded.samples.size(); ++i) {
        const auto [labels, count] = ai::ClickSimulation::components(loaded.samples[i].mask);
        for (int k = 1; k <= count; ++k) objects.push_back({i, labels.eq(k)});
    }
    if (objects.empty()) throw Failure("the data holds no object of the classes " + hyper.dump());
    std::vector<Object> chosen;
    const std::size_t n = objects.size(), take = std::min<std::size_t>(n, std::size_t(limit));
    for (std::size_t k = 0; k < take; ++k) chosen.push_back(objects[k * n / take]);

    ai::InteractiveSegmentation seg(model);
    std::vector<std::vector<double>> clickCurves, brushCurves;
    std::vector<double> latencies;
    std::size_t lastSample = std::size_t(-1);
    torch::Tensor image;
    for (const Object& obj : chosen) {
        const ai::TrainingSample& s = loaded.samples[obj.sample];
        if (obj.sample != lastSample) {
            image = seg.preprocess(s.image[0].to(torch::kFloat32));
            lastSample = obj.sample;
        }
        // The click curve, timing every click.
        ai::ClickSegmenter& cs = seg.segmenter();
        cs.setSlice(image);
        std::vector<ai::Click> clicks;
        torch::Tensor answer = torch::zeros_like(obj.mask);
        std::vector<double> curve;
        for (int k = 0; k < maxClicks; ++k) {
            const auto click = k == 0 ? ai::ClickSimulation::firstClick(obj.mask)
                                      : ai::ClickSimulation::nextClick(answer, obj.mask);
            if (!click) {
                curve.push_back(curve.empty() ? 1.0 : curve.back());
                continue;
            }
            clicks.push_back(*click);
            const auto t0 = std::chrono::steady_clock::now();
            answer = cs.segment(clicks, answer);
            latencies.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            curve.push_back(ai::ClickSimulation::dice(answer, obj.mask));
        }
        clickCurves.push_back(curve);
        brushCurves.push_back(
            ai::ClickEvaluation::brushCurve(obj.mask, maxClicks, brushMm / s.pixelSpacing));
    }
    std::sort(latencies.begin(), latencies.end());
    auto at = [&](double q) {
        return latencies.empty() ? 0.0
                                 : latencies[std::min(latencies.size() - 1,
                                                      std::size_t(q * double(latencies.size())))];
    };
    const json doc = {
        {"model", {{"name", model->manifest.name}, {"version", model->manifest.version}}},
        {"device", ai::deviceName(model->device)},
        {"objects", chosen.size()},
        {"objects_in_data", n},
        {"synthetic_data", loaded.synthetic},
        {"clicks", ai::ClickEvaluation::summarize(clickCurves)},
        {"brush", ai::ClickEvaluation::summarize(brushCurves)},
        {"brush_radius_mm", brushMm},
        {"latency_ms",
         {{"clicks", latencies.size()}, {"median", at(0.5)}, {"p95", at(0.95)}, {"max", at(1.0)}}}};
    if (asJson) {
        std::cout << doc.dump(2) << "\n";
        return 0;
    }
    std::printf("%s %s on %s, %zu objects%s\n", model->manifest.name.c_str(),
                model->manifest.version.c_str(), doc["device"].get<std::string>().c_str(),
                chosen.size(), loaded.synthetic ? " (SYNTHETIC data)" : "");
    for (const char* what : {"clicks", "brush"}) {
        const json& r = doc[what];
        std::printf("  %-7s NoC@85 %5.2f  NoC@90 %5.2f  Dice@1 %.3f  @3 %.3f  @5 %.3f\n", what,
                    r["noc85"].get<double>(), r["noc90"].get<double>(),
                    r["dice_at"]["1"].get<double>(), r["dice_at"]["3"].get<double>(),
                    r["dice_at"]["5"].get<double>());
    }
    std::printf("  latency per click: median %.1f ms, p95 %.1f ms\n", at(0.5), at(0.95));
    return 0;
}

}  // namespace radlens::cli
