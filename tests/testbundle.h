// testutil's generated bundles (implemented in testutil.cpp): a bundle written by the generator,
// loaded, analysed and its causes ranked, for the cause tests (tst_causes, tst_branches,
// tst_cdnbranch). Apart from testutil.h, which every test includes.
#pragma once

#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "playbook/causeranker.h"
#include "store/eventstore.h"

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
    std::unique_ptr<gateline::Analysis> analysis;    // null from generateStore()
    QList<gateline::CauseScore> causes;
    QString path() const;                            // the bundle folder
    // "id score (support) role" per cause, one a line (for failure messages).
    QString text() const;
    // The diagnosis and text() for a failure message; also printed with GATELINE_TEST_VERBOSE set.
    QString why(const gateline::Diagnosis &d) const;
    const gateline::CauseScore *cause(const QString &id) const;
};

// An empty source of one format at a path, for stores built record by record in a test.
inline std::unique_ptr<gateline::SourceData> emptySource(gateline::SourceFormat format, const char *path)
{
    auto s = std::make_unique<gateline::SourceData>();
    s->format = format;
    s->locator.filePath = QString::fromLatin1(path);
    return s;
}

// Generates a bundle with o and loads it, without analysing it (for tests that analyse with their
// own options); on failure only error is set.
std::unique_ptr<GeneratedBundle> generateStore(const gateline::GeneratorOptions &o, const QString &dropFiles = {});

// Generates a bundle with o; leaves out the generated files whose path contains dropFiles (e.g. the
// ALB logs), if given; then loads, analyses and ranks it.
std::unique_ptr<GeneratedBundle> generateBundle(const gateline::GeneratorOptions &o, const QString &dropFiles = {});

// One draw of scripts/cause-accuracy.py (--timings extreme, noise, one generator thread), for the
// tests that pin a study draw which once failed (tst_causes, tst_drawfixes).
struct StudyDraw {
    QString cause, ingress, shape;
    double rps;
    int minutes;
    QString target;
    double skew, replicaSkew;
    quint32 seed;
    QString cdn = QStringLiteral("none");
    gateline::GeneratorOptions options() const; // the generator options the study used
};

// The analysis's request counts and 502 origins equal the generator's truth, none undetermined
// (QCOMPARE: a mismatch fails the calling test function).
void checkCounts(const gateline::Analysis &a, const gateline::GeneratorTruth &truth);

} // namespace testutil
