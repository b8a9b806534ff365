#include "timeprune.h"

#include "gzipstream.h"
#include "formats/albfilename.h"
#include "sourcereader.h"

#include <QFile>

#include <algorithm>

namespace gateline {

namespace {

// How much of a file's start and end is parsed to learn its first and last times.
constexpr qint64 kEdgeBytes = 64 * 1024;

bool isTimeFormat(SourceFormat f)
{
    return f != SourceFormat::K8sEvents && f != SourceFormat::K8sPods && f != SourceFormat::K8sDescribe
        && f != SourceFormat::Unknown;
}

// The whole lines of a head (cut after its last newline) or of a tail (from after its first one).
QByteArray wholeLines(QByteArray bytes, bool isTail)
{
    if (isTail) {
        const qsizetype nl = bytes.indexOf('\n');
        return nl < 0 ? QByteArray() : bytes.mid(nl + 1);
    }
    const qsizetype nl = bytes.lastIndexOf('\n');
    return nl < 0 ? bytes : bytes.left(nl + 1);
}

} // namespace

bool TimePruner::timesOfLines(const QByteArray &lines, const QString &path, const IngestOptions &options,
                              qint64 *firstUs, qint64 *lastUs)
{
    if (lines.isEmpty())
        return false;
    IngestOptions plain = options;
    plain.range = {};
    SourceLocator loc;
    loc.filePath = path;
    const SourceReadResult r = readSource(std::make_unique<MemoryStream>(lines), loc, plain, nullptr, {});
    bool any = false;
    for (const auto &s : r.sources) {
        // Local times with no offset (NGINX error log, klog) may be hours off UTC: they decide nothing.
        if (!isTimeFormat(s->format) || s->size() == 0 || (s->flags(0) & FlagNoTimezone))
            continue;
        *firstUs = any ? std::min(*firstUs, s->firstTime().us) : s->firstTime().us;
        *lastUs = any ? std::max(*lastUs, s->lastTime().us) : s->lastTime().us;
        any = true;
    }
    return any;
}

PruneDecision TimePruner::byName(QStringView path) const
{
    PruneDecision d;
    if (!active())
        return d;
    const AlbFileName name = parseAlbFileName(path);
    if (!name.valid)
        return d;
    d.basis = PruneDecision::FileName;
    d.skip = !m_range.overlaps(name.startUs(), name.endUs);
    return d;
}

PruneDecision TimePruner::byContent(const QString &path, const IngestOptions &options) const
{
    PruneDecision d;
    if (!active())
        return d;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return d;
    const QByteArray magic = file.peek(3);
    qint64 first = 0, last = 0;
    if (looksGzip(magic)) {
        // Only the head can be reached cheaply: skip a file that starts after the range.
        file.close();
        auto in = std::make_unique<FileStream>(path);
        GzipStream gz(std::move(in), kEdgeBytes);
        QByteArray head(kEdgeBytes, Qt::Uninitialized);
        qint64 n = 0;
        while (n < kEdgeBytes) {
            const qint64 got = gz.read(head.data() + n, kEdgeBytes - n);
            if (got <= 0)
                break;
            n += got;
        }
        head.truncate(n);
        if (looksTar(head) || looksZip(head) || !timesOfLines(wholeLines(head, false), path, options, &first, &last))
            return d;
        d.basis = PruneDecision::FirstLine;
        d.skip = first - IngestRange::kSlackUs >= m_range.untilUs;
        return d;
    }
    const QByteArray head = file.read(kEdgeBytes);
    if (looksTar(head) || looksZip(head) || !timesOfLines(wholeLines(head, false), path, options, &first, &last))
        return d;
    if (file.size() > kEdgeBytes) {
        qint64 tailFirst = 0, tailLast = 0;
        file.seek(std::max(kEdgeBytes, file.size() - kEdgeBytes));
        if (!timesOfLines(wholeLines(file.read(kEdgeBytes), true), path, options, &tailFirst, &tailLast))
            return d; // the end is not of the same kind: say nothing
        first = std::min(first, tailFirst);
        last = std::max(last, tailLast);
    }
    d.basis = PruneDecision::FirstAndLastLine;
    d.skip = !m_range.overlaps(first, last);
    return d;
}

PruneDecision TimePruner::decide(const QString &path, const IngestOptions &options) const
{
    const PruneDecision byFileName = byName(path);
    if (byFileName.basis != PruneDecision::None)
        return byFileName;
    return byContent(path, options);
}

} // namespace gateline
