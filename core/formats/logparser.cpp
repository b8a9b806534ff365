#include "logparser.h"

#include <cstring>

namespace gateline {

void LineParser::parse(ByteStream &in, ParseContext &ctx)
{
    begin(ctx.options);
    // Read in pieces that stay in a core's L2 cache (512 KiB here) between the inflater writing them
    // and the parser reading them; a 1 MiB piece was read back from L3.
    constexpr qint64 kChunk = 256 << 10;
    QByteArray buf;
    buf.resize(kChunk * 2);
    qint64 have = 0;          // bytes in buf
    qint64 bufStart = 0;      // stream offset of buf[0]
    qint64 lineNumber = 0;
    bool skippingLongLine = false; // inside a line that is already rejected as too long
    qint64 longLineStart = 0;
    qint64 sinceProgress = 0;
    QString reason;
    bool eof = false;

    auto handle = [&](const char *p, qint64 len, qint64 offset) {
        ++lineNumber;
        ++ctx.out.linesSeen;
        if (len > 0 && p[len - 1] == '\r')
            --len;
        if (len == 0)
            return;
        reason.clear();
        if (!parseLine(QByteArrayView(p, len), LineOffset{offset}, lineNumber, ctx.out, &reason))
            ctx.out.reject(reason.isEmpty() ? QStringLiteral("unrecognised line") : reason, lineNumber);
    };

    while (!eof) {
        if (ctx.cancelled()) {
            ctx.out.notes << QStringLiteral("cancelled after %1 lines").arg(lineNumber);
            break;
        }
        if (buf.size() - have < kChunk)
            buf.resize(have + kChunk);
        const qint64 n = in.read(buf.data() + have, kChunk);
        if (n <= 0)
            eof = true;
        have += std::max<qint64>(n, 0);
        ctx.out.bytesRead += std::max<qint64>(n, 0);
        sinceProgress += std::max<qint64>(n, 0);
        if (ctx.progress && sinceProgress > (4 << 20)) {
            sinceProgress = 0;
            ctx.progress(in.inputPosition(), in.inputSize());
        }

        const char *data = buf.constData();
        qint64 pos = 0;
        while (pos < have) {
            const char *nl = findLineEnd(data + pos, data + have);
            if (!nl) {
                if (eof) {
                    if (skippingLongLine) {
                        skippingLongLine = false;
                    } else {
                        handle(data + pos, have - pos, bufStart + pos);
                    }
                    pos = have;
                }
                break;
            }
            const qint64 end = nl - data;
            if (skippingLongLine) {
                skippingLongLine = false;
            } else {
                handle(data + pos, end - pos, bufStart + pos);
            }
            pos = end + 1;
        }
        releaseLines(ctx.out);
        // Keep the incomplete tail; reject it if it is already too long.
        const qint64 tail = have - pos;
        if (!eof && tail > m_options->maxLineBytes && !skippingLongLine) {
            ++lineNumber;
            ++ctx.out.linesSeen;
            longLineStart = bufStart + pos;
            ctx.out.reject(QStringLiteral("line longer than %1 KiB").arg(m_options->maxLineBytes / 1024), lineNumber);
            skippingLongLine = true;
            Q_UNUSED(longLineStart);
        }
        if (skippingLongLine) {
            bufStart += have;
            have = 0;
        } else {
            if (pos > 0 && tail > 0)
                std::memmove(buf.data(), buf.constData() + pos, size_t(tail));
            bufStart += pos;
            have = tail;
        }
    }
    releaseLines(ctx.out);
    finish(ctx.out);
    if (!in.error().isEmpty())
        ctx.out.notes << in.error();
    if (ctx.progress)
        ctx.progress(in.inputPosition(), in.inputSize());
}

QByteArray readDocument(ByteStream &in, ParseContext &ctx)
{
    QByteArray doc;
    const qint64 max = ctx.options.maxDocumentBytes;
    constexpr qint64 kChunk = 1 << 20;
    while (!ctx.cancelled()) {
        const qsizetype old = doc.size();
        doc.resize(old + kChunk);
        const qint64 n = in.read(doc.data() + old, kChunk);
        doc.resize(old + std::max<qint64>(n, 0));
        if (n <= 0)
            break;
        if (doc.size() > max) {
            doc.truncate(max);
            ctx.out.notes << QStringLiteral("document larger than %1 MiB; read only the first %1 MiB").arg(max >> 20);
            break;
        }
    }
    ctx.out.bytesRead += doc.size();
    if (!in.error().isEmpty())
        ctx.out.notes << in.error();
    return doc;
}

} // namespace gateline
