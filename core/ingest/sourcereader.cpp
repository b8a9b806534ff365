#include "sourcereader.h"

#include "formats/parserregistry.h"
#include "ingest/gzipstream.h"

namespace gateline {

namespace {
constexpr qint64 kSniffBytes = 64 * 1024;
}

SourceReadResult readSource(std::unique_ptr<ByteStream> raw, const SourceLocator &locator,
                            const IngestOptions &options, const CancelFlag *cancel, const ProgressFn &progress)
{
    SourceReadResult result;
    auto peek = std::make_unique<PeekStream>(std::move(raw));
    QByteArray head = peek->peek(kSniffBytes);
    SourceLocator loc = locator;
    std::unique_ptr<ByteStream> stream;
    if (looksGzip(head)) {
        loc.gzip = true;
        auto inflated = std::make_unique<PeekStream>(
            std::make_unique<GzipStream>(std::move(peek), options.maxDecompressedBytes));
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

    SourceFormat format = options.forceFormat;
    if (format == SourceFormat::Unknown) {
        const SniffResult sniffed = ParserRegistry::sniff(head);
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
    ParseContext ctx{options.parse, *data, progress, cancel};
    parser->parse(*stream, ctx);
    result.data = std::move(data);
    return result;
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
