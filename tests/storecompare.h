// Test helper: two stores hold the same records, source by source and field by field (the
// column spill and the column cache must give back exactly what was parsed).
#pragma once

#include "store/eventstore.h"

#include <QTest>

#include <cstring>

namespace gateline {

inline void compareStores(const EventStore &a, const EventStore &b)
{
    QCOMPARE(a.sourceCount(), b.sourceCount());
    for (qsizetype k = 0; k < a.sourceCount(); ++k) {
        const SourceData &x = a.source(SourceId{int(k)});
        const SourceData &y = b.source(SourceId{int(k)});
        QCOMPARE(x.locator.displayPath(), y.locator.displayPath());
        QCOMPARE(int(x.format), int(y.format));
        QCOMPARE(x.size(), y.size());
        QCOMPARE(x.firstTime().us, y.firstTime().us);
        QCOMPARE(x.lastTime().us, y.lastTime().us);
        QCOMPARE(x.locator.filePath, y.locator.filePath);
        QCOMPARE(x.locator.gzip, y.locator.gzip);
        QCOMPARE(x.wrapper, y.wrapper);
        QCOMPARE(x.pod, y.pod);
        QCOMPARE(x.container, y.container);
        QCOMPARE(x.wrapperTimes, y.wrapperTimes);
        QCOMPARE(x.sidecar, y.sidecar);
        QCOMPARE(x.ingressGroup, y.ingressGroup);
        QCOMPARE(x.notes, y.notes);
        QCOMPARE(x.bytesRead, y.bytesRead);
        QCOMPARE(x.linesSeen, y.linesSeen);
        QCOMPARE(x.rejected.total, y.rejected.total);
        QCOMPARE(x.rejected.byReason, y.rejected.byReason);
        QCOMPARE(x.rejected.sampleLines, y.rejected.sampleLines);
        QCOMPARE(x.utcOffsetSeconds, y.utcOffsetSeconds);
        QCOMPARE(x.sawUtcOffset, y.sawUtcOffset);
        QCOMPARE(x.pool().size(), y.pool().size());
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (x.time(i).us != y.time(i).us || x.offset(i).value != y.offset(i).value || x.kind(i) != y.kind(i)
                || x.flags(i) != y.flags(i) || x.status(i) != y.status(i)
                || x.upstreamStatus(i) != y.upstreamStatus(i) || x.count(i) != y.count(i)) {
                QFAIL(qPrintable(QStringLiteral("%1 row %2 differs").arg(x.locator.displayPath()).arg(i)));
            }
            const float dx = x.durationMs(i), dy = y.durationMs(i);
            QVERIFY(std::memcmp(&dx, &dy, sizeof dx) == 0);
            for (int c = 0; c < SourceData::StringColumnCount; ++c) {
                const auto col = SourceData::StringColumn(c);
                if (x.stringId(col, i) != y.stringId(col, i) || x.bytes(col, i) != y.bytes(col, i))
                    QFAIL(qPrintable(QStringLiteral("%1 row %2 string column %3 differs")
                                         .arg(x.locator.displayPath()).arg(i).arg(c)));
            }
        }
    }
}

} // namespace gateline
