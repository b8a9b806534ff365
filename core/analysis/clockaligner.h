// Fills in a Timeline's alignment: estimated clock offsets of ingress access logs, the local-time
// zone and offset of NGINX error logs (from the same ingress' access log, else the user), and the
// user's overrides.
#pragma once

#include "timeline.h"

#include <QList>
#include <QPair>
#include <optional>

namespace gateline {

struct OffsetOverride {
    QString source;      // matched against the end of the source's display path, or its file name
    double seconds = 0;
};

struct AlignOptions {
    QList<OffsetOverride> overrides;
    std::optional<int> localUtcOffsetSeconds; // for local-time logs with no access-log sibling
    double maxSkewSeconds = 300;
};

// Returns the overrides that matched no source (to report them).
QStringList alignClocks(Timeline &timeline, const AlignOptions &options);

// True when an override names this source.
bool overrideMatches(const QString &pattern, const SourceData &s);

} // namespace gateline
