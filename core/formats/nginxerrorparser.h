// NGINX error log, with multi-line events (FastCGI stderr). The ingress-nginx controller's own klog
// lines in the same stream are the controller-log reader's: the stream demultiplexer routes them there.
#pragma once

#include "logparser.h"

#include <QByteArray>

namespace gateline {

class NginxErrorParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::NginxError; }
    int sniff(QByteArrayView head) const override;
    void begin(const ParseOptions &options) override;
    bool acceptsContinuations() const override { return true; }

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
    void finish(SourceData &out) override;

private:
    // Checks the header of an event's first line. Returns false with *reason if it is malformed.
    bool checkHeader(QByteArrayView line, QString *reason);
    // Parses the pending event (its physical lines joined by '\n') and appends its record.
    void flush(SourceData &out);
    bool parseErrorEvent(QByteArrayView event, Record *r) const;

    QByteArray m_pending;       // the current event; physical lines joined by '\n'
    LineOffset m_pendingOffset;
    int m_pendingLines = 0;     // 0: no pending event
};

} // namespace gateline
