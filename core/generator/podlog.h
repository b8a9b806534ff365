// One ingress controller pod's container output as the node saw it: every line (access log on
// stdout, NGINX error log and controller lines on stderr, Traefik's own lines) with the node-clock
// time the container runtime stamped it with, which stream it went to and which container instance
// (restart) wrote it. The log shapes (kubectl, CRI, docker, stern, Loki) are written from this.
#pragma once

#include "textbuffer.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace gateline::gen {

enum class LineKind : quint8 {
    Access,         // an access-log line (one per logged request)
    UpstreamError,  // NGINX error-log line about an upstream attempt, or Traefik's debug line about it
    Other,          // controller lines (klog, Traefik info/debug/error) and other NGINX error-log lines
    Banner,         // the controller's startup banner
};

struct LogLine {
    qint64 atUs = 0;         // true (UTC) time the process wrote the line
    qint64 stampNs = 0;      // node clock (skewed) when the runtime read it, ns since the epoch (sort())
    quint32 latencyNs = 0;   // the runtime's read delay
    quint32 offset = 0;      // into PodLog::text
    quint32 length = 0;
    quint32 seq = 0;         // insertion order, for ties
    quint16 instance = 0;    // container instance: 0 the first start, n after the n-th restart
    quint8 stream = 0;       // 0 stdout, 1 stderr
    LineKind kind = LineKind::Other;
};

struct PodLog {
    int pod = 0;             // index into Topology::pods
    int replica = 0;         // index into World::ingressPods
    qint64 skewUs = 0;       // the node clock runs this far ahead
    TextBuffer text;
    std::vector<LogLine> lines;
    std::vector<qint64> instanceStarts; // true (UTC) start of instance 1, 2, ...

    // Line content starts at text.size(); call end() after writing it (without newline).
    quint32 begin() const { return quint32(text.size()); }
    void end(quint32 start, qint64 atUs, quint32 latencyNs, quint8 stream, LineKind kind, quint16 instance)
    {
        LogLine l;
        l.atUs = atUs;
        l.latencyNs = latencyNs;
        l.offset = start;
        l.length = quint32(text.size()) - start;
        l.seq = quint32(lines.size());
        l.instance = instance;
        l.stream = stream;
        l.kind = kind;
        lines.push_back(l);
    }
    QByteArrayView line(const LogLine &l) const { return QByteArrayView(text.data() + l.offset, qsizetype(l.length)); }
    quint16 instanceAt(qint64 trueUs) const
    {
        return quint16(std::upper_bound(instanceStarts.begin(), instanceStarts.end(), trueUs) - instanceStarts.begin());
    }
    // Stamps the lines with the node clock and puts them in the order the runtime read them: each
    // stream (a pipe) keeps the order of writing, the two streams interleave by read time.
    void sort()
    {
        std::sort(lines.begin(), lines.end(), [](const LogLine &a, const LogLine &b) {
            return a.atUs != b.atUs ? a.atUs < b.atUs : a.seq < b.seq;
        });
        qint64 last[2] = {std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::min()};
        for (LogLine &l : lines) {
            const qint64 read = (l.atUs + skewUs) * 1000 + l.latencyNs;
            qint64 &prev = last[l.stream & 1];
            // A line read right behind the previous one of its stream: a few microseconds later.
            const qint64 behind = prev == std::numeric_limits<qint64>::min() ? read : prev + 1000 + l.latencyNs % 29000;
            l.stampNs = std::max(read, behind);
            prev = l.stampNs;
        }
        std::stable_sort(lines.begin(), lines.end(), [](const LogLine &a, const LogLine &b) { return a.stampNs < b.stampNs; });
    }
};

} // namespace gateline::gen
