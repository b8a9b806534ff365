// The one interface every log format implements.
#pragma once

#include "ingest/bytestream.h"
#include "store/sourcedata.h"
#include "types.h"

#include <QByteArrayView>
#include <QDateTime>
#include <atomic>
#include <functional>

namespace gateline {

struct ParseOptions {
    qint64 maxLineBytes = 1024 * 1024;        // longer lines are rejected ("line too long")
    qint64 maxDocumentBytes = 256ll << 20;    // JSON/YAML documents are read whole, up to this
    QDateTime captureTime;                    // "now" for relative ages (kubectl get events table)
};

// Shared by one ingest run: parsers poll it; setting it stops every parser soon.
using CancelFlag = std::atomic<bool>;
// done/total input bytes; total is -1 if unknown. Called at most every few hundred KiB.
using ProgressFn = std::function<void(qint64 done, qint64 total)>;

struct ParseContext {
    const ParseOptions &options;
    SourceData &out;
    ProgressFn progress;
    const CancelFlag *cancel = nullptr;
    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

class LogParser
{
public:
    virtual ~LogParser() = default;
    virtual SourceFormat format() const = 0;
    // 0..100: how sure we are that a source starting with these bytes has this format.
    // head holds up to 64 KiB of decompressed text (it may end mid-line).
    virtual int sniff(QByteArrayView head) const = 0;
    // Reads the whole stream, appending records and rejects to ctx.out.
    virtual void parse(ByteStream &in, ParseContext &ctx) = 0;
};

// Base for line-oriented formats: splits the stream into lines (LF or CRLF, last line may lack
// a newline), rejects over-long lines, and calls parseLine for each non-empty line.
class LineParser : public LogParser
{
public:
    void parse(ByteStream &in, ParseContext &ctx) override;

protected:
    // lineNumber is 1-based. Return false and set *reason to reject the line.
    virtual bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                           QString *reason) = 0;
    // Called once at the end (e.g. to flush a pending multi-line record).
    virtual void finish(SourceData &) {}
    const ParseOptions *m_options = nullptr;
};

// Reads a whole stream into memory, bounded by ctx.options.maxDocumentBytes; notes truncation.
QByteArray readDocument(ByteStream &in, ParseContext &ctx);

} // namespace gateline
