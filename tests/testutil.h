// Helpers shared by the tests: test data paths, golden-file comparison with a diff, and generated
// bundles loaded, analysed and ranked (the cause tests: tst_causes, tst_branches, tst_cdnbranch).
#pragma once

#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "playbook/causeranker.h"
#include "store/eventstore.h"

#include <QMap>
#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace testutil {

// A bundle written by the generator into a temporary folder (removed with it), loaded, analysed
// and its causes ranked.
struct GeneratedBundle {
    QTemporaryDir dir;
    gateline::GeneratorTruth truth;
    QString error;                                   // generation failed: why (nothing else is set)
    std::unique_ptr<gateline::EventStore> store;
    std::unique_ptr<gateline::Analysis> analysis;
    QList<gateline::CauseScore> causes;
    QString path() const;                            // the bundle folder
    // "id score (support) role" per cause, one a line (for failure messages).
    QString text() const;
    const gateline::CauseScore *cause(const QString &id) const;
};

// Generates a bundle with o; leaves out the generated files whose path contains dropFiles (e.g. the
// ALB logs), if given; then loads, analyses and ranks it.
std::unique_ptr<GeneratedBundle> generateBundle(const gateline::GeneratorOptions &o, const QString &dropFiles = {});

QString dataPath(const QString &relative);
// Compares actual with the golden file; with GATELINE_REGENERATE=1 in the environment it
// rewrites the golden file instead. On mismatch, returns a unified-style diff in *diff.
bool matchesGolden(const QString &goldenPath, const QString &actual, QString *diff);
// Reads a whole file (empty on error).
QByteArray readAll(const QString &path);
// Every file under root, by its path relative to root.
QMap<QString, QByteArray> readTree(const QString &root);

} // namespace testutil
