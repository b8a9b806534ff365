// Shared by the tests of the real samples in tests/data/corpus (tst_corpus_threads*.cpp,
// tst_corpus_samples2.cpp): a corpus file's path, the source of one format a file gave, a string
// cell of a record.
#pragma once

#include "testutil.h"

#include "ingest/sourcereader.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace corpustest {

inline QString corpusPath(const char *relative)
{
    return testutil::dataPath(QStringLiteral("corpus/") + QLatin1String(relative));
}

inline const gateline::SourceData *sourceOf(const gateline::SourceReadResult &r, gateline::SourceFormat f)
{
    for (const auto &s : r.sources)
        if (s->format == f)
            return s.get();
    return nullptr;
}

inline QByteArray str(const gateline::SourceData &s, gateline::SourceData::StringColumn c, qsizetype i)
{
    return s.bytes(c, i).toByteArray();
}

constexpr qint64 kSecond = 1000000;

// "2026-09-16T19:54:20Z" in UTC microseconds.
inline qint64 usOf(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeZone(QTimeZone::UTC);
    return t.toMSecsSinceEpoch() * 1000;
}

// Ingest options with a capture time, for kubectl's relative ages.
inline gateline::IngestOptions capturedAt(const char *iso)
{
    gateline::IngestOptions options;
    options.parse.captureTime = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    options.parse.captureTime.setTimeZone(QTimeZone::UTC);
    return options;
}

} // namespace corpustest
