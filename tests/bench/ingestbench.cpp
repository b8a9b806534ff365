// Benchmark (not a test): the cost of each ingest stage on one thread, per line, for .gz log files:
// inflating alone (GzipStream into a discarded buffer), then parsing and storing the already
// inflated text (the format's parser on a MemoryStream), then both as analyze runs them.
// Each figure is the best of REPEAT passes (default 3), so that a shared machine's noise shows less.
// Usage: gateline_bench_ingest [--repeat N] FILE.gz...   (see scripts/bench.sh for the whole-program figures)
#include "formats/parserregistry.h"
#include "ingest/bytestream.h"
#include "ingest/gzipstream.h"
#include "ingest/sourcereader.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <limits>

using namespace gateline;

namespace {

// Inflates a file into one 1 MiB buffer, over and over (as the line parser reads it); keeps the
// text only when asked (untimed use).
QByteArray inflateFile(const QString &path, qint64 *nsecs, bool keep)
{
    QElapsedTimer t;
    t.start();
    GzipStream gz(std::make_unique<FileStream>(path), 8ll << 30);
    QByteArray out;
    QByteArray buf(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = gz.read(buf.data(), buf.size());
        if (n <= 0)
            break;
        if (keep)
            out.append(buf.constData(), n);
    }
    *nsecs = t.nsecsElapsed();
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList files = app.arguments().mid(1);
    int repeat = 3;
    if (files.size() >= 2 && files[0] == QLatin1String("--repeat")) {
        repeat = std::max(1, files[1].toInt());
        files = files.mid(2);
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "usage: gateline_bench_ingest [--repeat N] FILE.gz...\n");
        return 2;
    }
    qint64 bestInflate = std::numeric_limits<qint64>::max(), bestParse = bestInflate, bestBoth = bestInflate;
    qint64 lines = 0, bytes = 0;
    for (int r = 0; r < repeat; ++r) {
        qint64 inflateNs = 0, parseNs = 0, bothNs = 0;
        lines = bytes = 0;
        for (const QString &f : files) {
            qint64 ns = 0;
            inflateFile(f, &ns, false);
            inflateNs += ns;
            const QByteArray text = inflateFile(f, &ns, true);
            bytes += text.size();

            QElapsedTimer t;
            t.start();
            SourceLocator loc;
            loc.filePath = f;
            SourceReadResult parsed = readSource(std::make_unique<MemoryStream>(text), loc, {}, nullptr, {});
            parseNs += t.nsecsElapsed();
            if (SourceData *s = parsed.primary())
                lines += s->linesSeen;

            t.restart();
            SourceReadResult both = readSourceFile(f);
            bothNs += t.nsecsElapsed();
        }
        bestInflate = std::min(bestInflate, inflateNs);
        bestParse = std::min(bestParse, parseNs);
        bestBoth = std::min(bestBoth, bothNs);
    }
    const double perLine = 1.0 / double(std::max<qint64>(lines, 1));
    std::printf("%lld lines, %.0f MiB inflated, best of %d, one thread\n", static_cast<long long>(lines),
                double(bytes) / (1 << 20), repeat);
    std::printf("  inflate only          %7.1f ms  %6.1f ns/line\n", bestInflate / 1e6, double(bestInflate) * perLine);
    std::printf("  parse+store (memory)  %7.1f ms  %6.1f ns/line\n", bestParse / 1e6, double(bestParse) * perLine);
    std::printf("  inflate+parse+store   %7.1f ms  %6.1f ns/line\n", bestBoth / 1e6, double(bestBoth) * perLine);
    return 0;
}
