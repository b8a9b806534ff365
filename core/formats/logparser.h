// The one interface every log format implements.
#pragma once

#include "ingest/bytestream.h"
#include "store/sourcedata.h"
#include "types.h"

#include <QByteArrayView>
#include <QDateTime>
#include <atomic>
#include <cstring>
#include <functional>

namespace gateline {

struct ParseOptions {
    qint64 maxLineBytes = 1024 * 1024;        // longer lines are rejected ("line too long")
    qint64 maxDocumentBytes = 256ll << 20;    // JSON/YAML documents are read whole, up to this
    QDateTime captureTime;                    // "now" for relative ages, given by the user (--captured-at)
    QDateTime fileTime;                       // modification time of the file (set by the loader): the
                                              // fallback "now" for relative ages
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

    // Line-at-a-time use by the stream demultiplexer (core/ingest/streamdemux.h), which routes each
    // line of an interleaved stream to the parser of its kind: begin(), feedLine()..., end().
    virtual void begin(const ParseOptions &options) { m_options = &options; }
    bool feedLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out, QString *reason)
    {
        return parseLine(line, offset, lineNumber, out, reason);
    }
    void end(SourceData &out) { finish(out); }
    // True if lines without a header of their own may continue this parser's last event (NGINX
    // error-log FastCGI lines, Go stack traces).
    virtual bool acceptsContinuations() const { return false; }
    // The time a wrapper (kubectl --timestamps, CRI, ...) gave the next line, on the node's clock;
    // 0 when there is none. Parsers use it for lines that carry no time of their own.
    void setContextTime(Timestamp t) { m_contextTime = t; }

protected:
    // lineNumber is 1-based. Return false and set *reason to reject the line.
    virtual bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                           QString *reason) = 0;
    // Called once at the end (e.g. to flush a pending multi-line record).
    virtual void finish(SourceData &) {}
    // Where the line that starts at p ends: its '\n' in [p, end), or nullptr if there is none (parse()
    // then reads more). memchr here; a parser may read the line on the way, for the parseLine() call
    // that follows (the ALB parser splits its fields in the same pass), which must check that it gets
    // that very line: parse() drops a '\r' before the '\n', and skips empty and over-long lines.
    virtual const char *findLineEnd(const char *p, const char *end)
    {
        return static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
    }
    // Called by parse() before the bytes of the lines it handed to parseLine() move or are written
    // over (after each piece read) and before finish(): a parser that still holds views into those
    // lines (the ALB parser appends each record one line late) appends what it holds here.
    virtual void releaseLines(SourceData &) {}
    const ParseOptions *m_options = nullptr;
    Timestamp m_contextTime;
};

// Reads a whole stream into memory, bounded by ctx.options.maxDocumentBytes; notes truncation.
QByteArray readDocument(ByteStream &in, ParseContext &ctx);

} // namespace gateline
