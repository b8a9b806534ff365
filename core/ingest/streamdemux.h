// Reads a stream that interleaves several line kinds and replicas, as logs are really collected
// (`kubectl logs` of an ingress controller: access lines on stdout, NGINX error and klog lines on
// stderr; stern and `kubectl logs -l … --prefix` holding several pods; CRI and Docker files; Loki
// output). Each line's wrapper is stripped (linewrapper.h), its kind decided from its first bytes
// (linekind.h), and the line routed to that kind's parser for its pod. The result is one
// sub-source per (pod, format): "FILE#pod" when a wrapper names the pod.
#pragma once

#include "formats/linewrapper.h"
#include "formats/logparser.h"

#include <QHash>
#include <deque>
#include <memory>
#include <vector>

namespace gateline {

// A Grafana Loki query_range JSON export ({"status":"success","data":{"resultType":"streams",…}}).
bool looksLikeLokiExport(QByteArrayView head);
// Its entries as `logcli --output=jsonl` lines (Wrapper::LokiJsonl), oldest first per stream.
QByteArray lokiExportAsLines(const QByteArray &document, QString *error);

// Formats whose lines can sit in an interleaved stream (line-oriented ingress/proxy logs).
bool isStreamFormat(SourceFormat f);

// Whether a source starting with head should be demultiplexed: it has a wrapper, or it sniffs as
// a stream format, or most of its lines are of known kinds. *wrapper gets the wrapper.
bool shouldDemultiplex(QByteArrayView head, SourceFormat sniffed, Wrapper *wrapper);

class StreamDemux : public LineParser
{
public:
    // sniffed: the format the whole head sniffed as (Unknown if none): the first choice for
    // access lines and for lines of no known kind.
    StreamDemux(const SourceLocator &locator, Wrapper wrapper, SourceFormat sniffed);
    ~StreamDemux() override;

    SourceFormat format() const override { return SourceFormat::Unknown; }
    int sniff(QByteArrayView) const override { return 0; }
    // Reads the stream; ctx.out only collects what belongs to no sub-source (see takeSources).
    void parse(ByteStream &in, ParseContext &ctx) override;
    // The sub-sources, in order of first appearance; lines that belong to none are counted as
    // rejects of the largest one. Empty if no line was of any known kind.
    std::vector<std::unique_ptr<SourceData>> takeSources(SourceData &unassigned);

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
    void finish(SourceData &out) override;

private:
    struct Sub;
    struct Pod;
    Pod &podFor(QByteArrayView name, QByteArrayView container);
    Sub *subFor(Pod &pod, SourceFormat f);
    // Feeds one line to a sub-source's parser and re-times what it appended. On false nothing was
    // appended and *reason says why (the caller counts the reject where it belongs).
    bool feed(Pod &pod, Sub &sub, QByteArrayView content, Timestamp wrapperTime, LineOffset offset,
              qint64 lineNumber, QString *reason);
    void account(Sub &sub, QByteArrayView content, bool ok, const QString &reason, qint64 lineNumber);
    void collect(Pod &pod, Sub &sub);
    SourceFormat accessFormatFor(Pod &pod, QByteArrayView line) const;

    SourceLocator m_locator;
    LineUnwrapper m_unwrapper;
    SourceFormat m_sniffed;
    QString m_pathPod;                 // pod named by the file's path (CRI), if any
    QByteArray m_commonPod, m_commonContainer; // named by logcli's "Common labels:" line
    QByteArray m_sectionPod;           // pod named by a bug-report section marker, until its end
    QByteArray m_sectionContainer;
    bool m_sawSections = false;
    std::vector<std::unique_ptr<Pod>> m_pods;
    QHash<QByteArray, Pod *> m_podByName;
    Pod *m_lastPod = nullptr;
    qint64 m_lastTime = 0;             // of the stream's last record (any pod): the year of a pod's first klog line
    std::vector<std::unique_ptr<Sub>> m_order; // sub-sources in order of creation
    // CRI "P" pieces waiting for their "F", per stream (stdout, stderr).
    struct Partial {
        QByteArray text;
        LineOffset offset;
        qint64 lineNumber = 0;
        Timestamp time;
        bool active = false;
    } m_partial[2];
    // Routes one unwrapped line (its content whole) to the parser of its kind and pod.
    bool route(const UnwrappedLine &u, QByteArrayView content, LineOffset offset, qint64 lineNumber, QString *reason);
    SourceData *m_unassigned = nullptr;
};

} // namespace gateline
