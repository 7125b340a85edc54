#pragma once
// Model bundles for the Qt tests: real networks with random weights.
//
// Written in TestModels.cpp so that the tests that include this header do not
// parse LibTorch's headers (each such file costs CI about 20 s more).
//
// Threads: any. Throws what ai::ModelBundle::write throws.

#include <QString>

#include <string>

#include "ai/Manifest.h"

namespace radlens::test {

/// Writes `manifest` to `folder` with a network of its architecture, classes
/// and input channels, its weights drawn from the seed `seed`.
void writeRandomBundle(const QString& folder, const ai::Manifest& manifest, unsigned seed);

/// A ResNet-18 classifier of one class ("Nodule") with threshold 0, so that
/// every series it analyses is flagged; 64x64 input. Written to `folder`.
ai::Manifest writeFlaggingClassifier(const QString& folder, const std::string& name);

}  // namespace radlens::test
