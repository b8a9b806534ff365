#include "sourcereader.h"

#include "formats/parserregistry.h"
#include "ingest/gzipstream.h"
#include "ingest/streamdemux.h"
#include "formats/envoyparser.h"

#include <QFileInfo>
#include <QTimeZone>

namespace gateline {

namespace {
constexpr qint64 kSniffBytes = 64 * 1024;

// Envoy logs are the ingress hop (Contour, Emissary, the Istio ingress gateway) unless most of
// their requests came in through inbound clusters: an Istio sidecar's log, a hop of its own.
void decideEnvoyHop(std::vector<std::unique_ptr<SourceData>> &sources)
{
    for (auto &s : sources) {
        if (s->format != SourceFormat::Envoy)
            continue;
        qsizetype inbound = 0, known = 0;
        for (qsizetype i = 0; i < s->size(); ++i) {
            const EnvoyHop hop = envoyHopOfCluster(s->bytes(SourceData::Object, i));
            inbound += hop == EnvoyHop::Inbound;
            known += hop != EnvoyHop::Unknown;
        }
        s->sidecar = known > 0 && inbound * 2 > known;
        if (s->sidecar)
            s->notes << QStringLiteral("an Istio sidecar's access log (inbound clusters): the hop between the ingress "
                                       "and the app");
    }
}
} // namespace

SourceReadResult readSource(std::unique_ptr<ByteStream> raw, const SourceLocator &locator,
                            const IngestOptions &options, const CancelFlag *cancel, const ProgressFn &progress)
{
    SourceReadResult result;
    auto peek = std::make_unique<PeekStream>(std::move(raw));
    QByteArray head = peek->peek(kSniffBytes);
    SourceLocator loc = locator;
    std::unique_ptr<ByteStream> stream;
    GzipStream *gzip = nullptr;
    if (looksGzip(head)) {
        loc.gzip = true;
        auto owned = std::make_unique<GzipStream>(std::move(peek), options.maxDecompressedBytes);
        gzip = owned.get();
        auto inflated = std::make_unique<PeekStream>(std::move(owned));
        head = inflated->peek(kSniffBytes);
        stream = std::move(inflated);
    } else {
        stream = std::move(peek);
    }
    if (looksTar(head) || looksZip(head)) {
        result.isArchive = true;
        result.archiveStream = std::move(stream);
        return result;
    }
    // Not before: an archive's caller may reopen it by path and leave this stream unread.
    if (gzip)
        gzip->setIdleWorkers(options.idleWorkers);

    // Relative ages (kubectl tables) count back from the file's time unless the user gave one.
    ParseOptions parseOptions = options.parse;
    if (!parseOptions.fileTime.isValid() && !loc.filePath.isEmpty())
        parseOptions.fileTime = QFileInfo(loc.filePath).lastModified(QTimeZone::UTC);

    SourceFormat format = options.forceFormat;
    if (format == SourceFormat::Unknown && looksLikeLokiExport(head)) {
        // A Loki JSON export: its entries, read as logcli's jsonl lines. Offsets are those of that
        // text, so the raw-line view shows the entry rebuilt, not the export's bytes, and whatever
        // reads lines back (the views, the trace-id and request-id joins) rebuilds it too
        // (SourceLocator::lokiExport, RawLineReader).
        loc.lokiExport = true;
        SourceData scratch;
        ParseContext readCtx{parseOptions, scratch, {}, cancel};
        QString error;
        const QByteArray lines = lokiExportAsLines(readDocument(*stream, readCtx), &error);
        StreamDemux demux(loc, Wrapper::LokiJsonl, SourceFormat::Unknown);
        SourceData unassigned;
        unassigned.locator = loc;
        ParseContext ctx{parseOptions, unassigned, progress, cancel};
        MemoryStream in(lines);
        demux.parse(in, ctx);
        result.sources = demux.takeSources(unassigned);
        for (auto &s : result.sources)
            s->notes << scratch.notes << QStringLiteral("read from a Grafana Loki JSON export");
        decideEnvoyHop(result.sources); // an istio-proxy stream is a sidecar here too
        if (result.sources.empty())
            result.unrecognisedReason = !error.isEmpty() ? error
                : lines.isEmpty()                          ? QStringLiteral("Loki JSON export with no entries (its result is empty)")
                                                           : QStringLiteral("Loki JSON export with no log line of a known kind");
        return result;
    }
    if (format == SourceFormat::Unknown) {
        const SniffResult sniffed = ParserRegistry::sniff(head);
        Wrapper wrapper = Wrapper::None;
        if (shouldDemultiplex(head, sniffed.format, &wrapper)) {
            // An interleaved stream (or a wrapped one): one sub-source per pod and line kind.
            StreamDemux demux(loc, wrapper, sniffed.format);
            SourceData unassigned;
            unassigned.locator = loc;
            ParseContext ctx{parseOptions, unassigned, progress, cancel};
            demux.parse(*stream, ctx);
            result.sources = demux.takeSources(unassigned);
            decideEnvoyHop(result.sources);
            if (!result.sources.empty())
                return result;
            if (wrapper != Wrapper::None)
                result.unrecognisedReason = QStringLiteral("%1 lines, but none of the %2 lines inside is a log line of a "
                                                           "known kind (an application's own output)")
                                                .arg(wrapperName(wrapper))
                                                .arg(unassigned.linesSeen);
            else
                result.unrecognisedReason = sniffed.format == SourceFormat::Unknown
                    ? (sniffed.reason.isEmpty() ? QStringLiteral("text in no known format") : sniffed.reason)
                    : QStringLiteral("no line of any known kind");
            if (!stream->error().isEmpty())
                result.unrecognisedReason += QStringLiteral(" (%1)").arg(stream->error());
            return result;
        }
        if (sniffed.format == SourceFormat::Unknown) {
            result.unrecognisedReason = sniffed.reason;
            if (!stream->error().isEmpty())
                result.unrecognisedReason += QStringLiteral(" (%1)").arg(stream->error());
            return result;
        }
        format = sniffed.format;
    }
    auto data = std::make_unique<SourceData>();
    data->locator = loc;
    data->format = format;
    auto parser = ParserRegistry::create(format);
    ParseContext ctx{parseOptions, *data, progress, cancel};
    parser->parse(*stream, ctx);
    result.sources.push_back(std::move(data));
    decideEnvoyHop(result.sources);
    return result;
}

SourceData *SourceReadResult::primary() const
{
    SourceData *best = nullptr;
    for (const auto &s : sources)
        if (!best || s->size() > best->size())
            best = s.get();
    return best;
}

SourceReadResult readSourceFile(const QString &path, const IngestOptions &options)
{
    auto file = std::make_unique<FileStream>(path);
    if (!file->isOpen()) {
        SourceReadResult r;
        r.unrecognisedReason = file->error();
        return r;
    }
    SourceLocator loc;
    loc.filePath = path;
    return readSource(std::move(file), loc, options, nullptr, {});
}

} // namespace gateline
