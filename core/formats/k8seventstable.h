// The `kubectl get events` and `kubectl events` tables: with or without the header line, the
// default, -A (NAMESPACE first), -o wide and old (LASTSEEN FIRSTSEEN COUNT NAME KIND ...) layouts,
// with relative ages counted back from a capture time.
#pragma once

#include "k8stextcells.h"
#include "logparser.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gateline::k8s {

class EventTable
{
public:
    // A table header line (any of the layouts).
    static bool isHeader(QByteArrayView line);
    // 95: the first line (after an optional capture-time line) is a header; 85: the first lines
    // are header-less rows; 0 otherwise.
    static int sniff(QByteArrayView head);
    // Reads the whole table document into ctx.out.
    static void parse(QByteArrayView doc, ParseContext &ctx);
};

} // namespace gateline::k8s
