// AWS ALB access log (also recognises Classic ELB and NLB lines and rejects them as "not ALB").
#pragma once

#include "logparser.h"

namespace gateline {

// The fields of one ALB line that the parser keeps (views into the line; quoted ones without their
// quotes, escapes left as they are). Exposed for the differential test of the two splitters.
struct AlbFields {
    QByteArrayView type, time, client, target, t1, t2, t3, elbStatus, targetStatus, request;
    bool hasDomain = false;     // cipher .. domain_name are there (2017 layout on)
    QByteArrayView domain;
    bool hasError = false;      // chosen_cert_arn .. error_reason are there (2018 layout on)
    QByteArrayView error;
    bool hasTargetList = false; // target:port_list is there
    QByteArrayView targetList;
};

// The reference splitter: field by field, for any line (several spaces between fields, quotes
// inside bare fields, backslash escapes). False if the line has fewer than the 14 fields up to
// user_agent.
bool splitAlbFieldsReference(QByteArrayView line, AlbFields *out);
// The fast splitter: the whole line 64 bytes at a time into space, quote and backslash masks. It
// reads only lines of the usual shape (single spaces, "quoted" fields without backslashes, at least
// 14 fields, bare fields where the reference expects bare ones) and returns false for anything
// else, which the reference splitter then reads. Where it returns true, its fields are exactly
// the reference's.
bool splitAlbFieldsFast(QByteArrayView line, AlbFields *out);
// The line that starts at p and ends at the first '\n' of [p, p + size), found and (where
// splitAlbFieldsFast would) split in one pass: its length, or -1 if there is no '\n'; *split: out
// holds splitAlbFieldsFast's fields of that line (splitSimpleFieldsOfLine, bytescan.h).
qsizetype splitAlbLineFast(const char *p, qsizetype size, AlbFields *out, bool *split);

class AlbParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::Alb; }
    int sniff(QByteArrayView head) const override;

    void begin(const ParseOptions &options) override
    {
        m_foundLine = nullptr;
        m_held = nullptr;
        LineParser::begin(options);
    }

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
    // Splits the line's fields while it looks for its end (one pass over its bytes).
    const char *findLineEnd(const char *p, const char *end) override;
    // Appends the record held back (parseLine() holds each record of a line parse() found until the
    // next line's is read).
    void releaseLines(SourceData &out) override;
    void finish(SourceData &out) override { releaseLines(out); }

private:
    bool parseTime(QByteArrayView s, Timestamp *out);
    // The last "YYYY-MM-DDTHH" seen and its hour's start: ALB times of one file share the hour.
    char m_hourKey[13] = {};
    bool m_hourValid = false;
    qint64 m_hourUs = 0;
    AlbFields m_fields;
    // The line findLineEnd() found last (its start and length; null once parseLine() has read it)
    // and, if it split, its fields.
    const char *m_foundLine = nullptr;
    qsizetype m_foundLength = -1;
    bool m_lineSplit = false;
    AlbFields m_lineFields;
    Record m_records[2];
    const Record *m_held = nullptr; // one of m_records, not appended yet; its views are into a line
                                    // parse() keeps in place until releaseLines()
    quint32 m_heldHash[2] = {};     // hashBytes of its client and path
};

} // namespace gateline
