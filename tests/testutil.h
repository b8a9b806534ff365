// Helpers shared by the tests: test data paths, golden-file comparison with a diff. Generated
// bundles loaded, analysed and ranked: testbundle.h (apart, so that this header declares nothing of
// namespace gateline; testutil.cpp implements both).
#pragma once

#include <QMap>
#include <QString>

namespace testutil {

QString dataPath(const QString &relative);
// Compares actual with the golden file; with GATELINE_REGENERATE=1 in the environment it
// rewrites the golden file instead. On mismatch, returns a unified-style diff in *diff.
bool matchesGolden(const QString &goldenPath, const QString &actual, QString *diff);
// Reads a whole file (empty on error).
QByteArray readAll(const QString &path);
// Every file under root, by its path relative to root.
QMap<QString, QByteArray> readTree(const QString &root);
// A gzip (or zlib) stream's content, every member of a multi-member file; empty if it is damaged.
QByteArray gunzip(const QByteArray &gz);

} // namespace testutil
