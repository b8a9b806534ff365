// NGINX error log, with ingress-nginx controller lines mixed in and multi-line events.
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
    // Checks the header of an event's first line (and remembers an error line's date for klog
    // lines, which have no year). Returns false with *reason if it is malformed.
    bool checkHeader(QByteArrayView line, QString *reason);
    // Parses the pending event (its physical lines joined by '\n') and appends its record.
    void flush(SourceData &out);
    bool parseErrorEvent(QByteArrayView event, Record *r) const;
    bool parseKlogEvent(QByteArrayView event, Record *r) const;
    int klogYear(int month) const;

    QByteArray m_pending;       // the current event; physical lines joined by '\n'
    LineOffset m_pendingOffset;
    int m_pendingLines = 0;     // 0: no pending event
    bool m_pendingKlog = false;
    int m_lastYear = 0;         // date of the last error-log line, for klog lines
    int m_lastMonth = 0;
    int m_fallbackYear = 0;     // from ParseOptions::captureTime, else the current date
    int m_fallbackMonth = 0;
};

} // namespace gateline
