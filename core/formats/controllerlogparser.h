// A proxy's or controller's own log lines (SourceFormat::ControllerLog): Traefik's logrus text
// (`time="…" level=… msg="…"`) and v3 zerolog text (`2024-…Z ERR …`), JSON lines (logrus, zap as
// the AWS Load Balancer Controller writes them), Envoy's application log
// (`[2024-01-02 10:00:00.123][14][warning][config] …`), Istio's proxy log (`…Z<TAB>warn<TAB>…`),
// klog controller lines (`I0602 10:06:23.132189       7 controller.go:190] …`),
// the ingress-nginx start banner, and Go panics with their stack traces (one record each).
// Every record is a LogMessage whose reason is a ControllerCategory (controllermessage.h).
#pragma once

#include "logparser.h"

#include <QByteArray>
#include <QList>
#include <QSet>

namespace gateline {

class ControllerLogParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::ControllerLog; }
    int sniff(QByteArrayView head) const override;
    void begin(const ParseOptions &options) override;
    bool acceptsContinuations() const override { return true; }

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
    void finish(SourceData &out) override;

private:
    // Every record is held until the next line shows whether lines continue it (a stack trace, an
    // environment dump after "Istio iptables environment:", a wrapped message).
    enum class Pending : quint8 { None, Line, Panic, Banner };
    // Appends the pending event; an untimed one (banner, panic) gets the first known time after it.
    void flush(SourceData &out, Timestamp at);
    bool parseOne(QByteArrayView line, Record *r, QString *reason);
    bool parseKlog(QByteArrayView line, Record *r, QString *reason);
    // Adds a line to the held record's text; false (with the reason) past kMaxPendingLines.
    bool continuePending(QByteArrayView line, QString *reason);
    // klog years taken from the capture (or file) time for want of any time near them are redone,
    // at the end, from the first time the stream's other lines gave (an access line later in the
    // same `kubectl logs` output).
    void fixGuessedYears(SourceData &out);

    Pending m_pending = Pending::None;
    Record m_held;               // the pending record (Line); its views point into m_heldText
    QByteArray m_heldReason;
    QByteArray m_pendingText;
    LineOffset m_pendingOffset;
    Timestamp m_pendingTime;     // 0 if the event's first line had no time
    int m_pendingLines = 0;
    QList<qint64> m_pendingLineNumbers; // of a pending banner's lines (and a panic's first): for rejects
    Timestamp m_lastTime;        // of the last record, for lines without a time
    QByteArray m_scratch;        // unescaped message of the current line
    QByteArray m_timeBuf, m_levelBuf; // unescaped quoted logfmt values of the current line
    bool m_dump = false;         // the held record announced a dump ("…:"): unindented lines continue it
    bool m_heldKlogProblem = false; // the held record is a W/E/F klog line (an error block may follow)
    bool m_zapLine = false;      // the last parsed line was Istio's zap form (TIME\tlevel\t[scope\t]message)
    QSet<qint64> m_guessedTimes; // times whose klog year came from the capture/file time (or from such a time)
    QList<qsizetype> m_guessedRows; // rows of out holding such times
};

} // namespace gateline
