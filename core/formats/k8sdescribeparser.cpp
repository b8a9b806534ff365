#include "k8sdescribeparser.h"

#include "k8sdescribereader.h"

namespace gateline {

using describe::DescribeReader;
using describe::indentOf;
using describe::isEventsHeader;

namespace {

// Whether one of the first lines of head (after a capture-time line or a tool's preamble) starts
// with "Name:".
bool startsWithName(QByteArrayView head, int *indent)
{
    qsizetype p = 0;
    for (int n = 0; n < 8 && p < head.size(); ++n) {
        qsizetype eol = head.indexOf('\n', p);
        if (eol < 0)
            eol = head.size();
        QByteArrayView line = head.sliced(p, eol - p);
        if (n == 0 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.trimmed().startsWith("Name:") && indentOf(line) <= 4) { // a pasted copy may be indented
            *indent = indentOf(line);
            return true;
        }
        p = eol + 1;
    }
    return false;
}

} // namespace

int K8sDescribeParser::sniff(QByteArrayView head) const
{
    int nameIndent = 0;
    if (startsWithName(head, &nameIndent)) {
        int keys = 0;
        const QByteArray indent(nameIndent, ' ');
        for (const char *k : {"Namespace:", "Labels:", "Annotations:", "Events:", "Containers:", "Roles:",
                              "Selector:", "Replicas:", "CreationTimestamp:", "Status:", "Taints:"})
            keys += head.contains(QByteArray("\n") + k) || head.contains(QByteArray("\n") + indent + k) ? 1 : 0;
        if (keys >= 2)
            return 90;
    }
    // An Events block on its own: "Events:" then the Type/Reason/Age/From/Message header.
    const qsizetype events = head.startsWith("Events:") ? 0 : head.indexOf("\nEvents:");
    if (events >= 0) {
        const qsizetype next = head.indexOf('\n', events + 1);
        const qsizetype end = next < 0 ? -1 : head.indexOf('\n', next + 1);
        if (next >= 0 && isEventsHeader(head.sliced(next + 1, (end < 0 ? head.size() : end) - next - 1)))
            return 80;
    }
    return 0;
}

void K8sDescribeParser::parse(ByteStream &in, ParseContext &ctx)
{
    const QByteArray doc = readDocument(in, ctx);
    DescribeReader reader(ctx);
    qint64 lineNumber = 0;
    qsizetype pos = 0;
    while (pos < doc.size()) {
        if ((lineNumber & 0xfff) == 0 && ctx.cancelled()) {
            ctx.out.notes << QStringLiteral("cancelled");
            break;
        }
        qsizetype eol = doc.indexOf('\n', pos);
        if (eol < 0)
            eol = doc.size();
        const qsizetype lineStart = pos;
        QByteArrayView line = QByteArrayView(doc).sliced(pos, eol - pos);
        pos = eol + 1;
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.endsWith('\r'))
            line.chop(1);
        reader.line(line, lineStart, lineNumber);
    }
    reader.finish();
    ctx.out.linesSeen += lineNumber;
    if (ctx.progress)
        ctx.progress(in.inputPosition(), in.inputSize());
}

} // namespace gateline
