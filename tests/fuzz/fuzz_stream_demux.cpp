// libFuzzer target for the stream demultiplexer: wrapper detection and stripping (kubectl, stern,
// CRI, Docker, Loki), per-line kind routing to every line parser, sub-sources per pod.
#include "ingest/streamdemux.h"
#include "formats/linekind.h"
#include "formats/parserregistry.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace gateline;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArrayView head = QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 65536));
    Wrapper wrapper = Wrapper::None;
    const SniffResult sniffed = ParserRegistry::sniff(head);
    if (!shouldDemultiplex(head, sniffed.format, &wrapper))
        wrapper = LineUnwrapper::detect(head, &isKnownLine); // exercise the demultiplexer anyway
    ParseOptions options;
    options.maxLineBytes = 64 * 1024;
    SourceLocator loc;
    loc.filePath = QStringLiteral("var/log/pods/ns_pod-abc_uid/controller/0.log");
    StreamDemux demux(loc, wrapper, sniffed.format);
    SourceData unassigned;
    ParseContext ctx{options, unassigned, {}, nullptr};
    MemoryStream in(bytes);
    demux.parse(in, ctx);
    const auto sources = demux.takeSources(unassigned);
    qint64 lines = 0;
    for (const auto &s : sources) {
        lines += s->linesSeen;
        for (qsizetype i = 0; i < s->size(); ++i)
            if (s->offset(i).value < 0 || s->offset(i).value > bytes.size())
                std::abort();
    }
    // Every physical line is counted once at most, by one sub-source.
    if (lines > bytes.count('\n') + 1)
        std::abort();
    if (looksLikeLokiExport(head)) {
        QString error;
        lokiExportAsLines(bytes, &error);
    }
    return 0;
}
