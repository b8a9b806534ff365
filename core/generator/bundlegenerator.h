// The incident-bundle generator: a deterministic, realistic bundle (ALB logs, ingress logs, Kubernetes
// events and pods) for a chosen root cause, with its ground truth. Used for the demo bundle, the
// analysis tests and the benchmark.
#pragma once

#include "generatoroptions.h"

namespace gateline {

// Writes the bundle into outDir (created if needed) and outDir/truth.json. Deterministic: the same
// options give the same bytes. Existing files in outDir are overwritten, others are left alone.
bool generateBundle(const GeneratorOptions &options, const QString &outDir, GeneratorTruth *truth, QString *error);

} // namespace gateline
