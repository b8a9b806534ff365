// Joins the answer to a resumed S3 GET onto the bytes already on disk, trusting nothing: a 206's
// Content-Range must start where it was asked to and give the object's listed size; a 200 (the
// server ignored Range) is the whole object again, whose first bytes are dropped; and the bytes of
// the answer that overlap what is already on disk (the resume asks for a little before the end of
// it) must be the same bytes, which catches a server that answers a Range request from the wrong
// offset under the right header (radosgw 18.2.7's dbstore does; see tests/tst_s3_radosgw.cpp).
// Pure: no I/O.
#pragma once

#include <QByteArray>
#include <QString>

namespace gateline {

struct S3ContentRange {
    qint64 first = -1;
    qint64 last = -1;
    qint64 total = -1; // -1: "*" (unknown)
};
// "bytes 100-199/1000" or "bytes 100-199/*". False for anything else.
bool parseContentRange(const QByteArray &value, S3ContentRange *out);

class S3ResumeSplice
{
public:
    // Bytes asked for before the end of what is on disk, to compare.
    static constexpr qint64 kOverlap = 1024;

    // have: bytes already on disk; tail: their last bytes (at most kOverlap; fewer only when have
    // is smaller); asked: the Range start sent (-1: no Range header); size: the listed size.
    S3ResumeSplice(qint64 have, QByteArray tail, qint64 asked, qint64 size);

    // Where the Range start for a resume of `have` bytes goes (0: the object from its start).
    static qint64 rangeStartFor(qint64 have) { return have > kOverlap ? have - kOverlap : 0; }

    enum class Verdict {
        Ok,
        WrongStart,    // a 206 from another offset, or a Content-Range that cannot be read
        ChangedObject, // a 206 whose total is not the listed size: the object changed
        Mismatch,      // an overlapping byte differs from the one on disk
    };
    // From a 2xx status and its Content-Range header (empty if none). *why: the reason in words.
    Verdict begin(int status, const QByteArray &contentRange, QString *why);
    // Body bytes, in order; *fresh gets those past what was on disk.
    Verdict feed(const QByteArray &data, QByteArray *fresh, QString *why);

    bool ignoredRange() const { return m_ignoredRange; } // a 200 to a Range request
    qint64 position() const { return m_pos; }            // object offset of the next body byte
    qint64 compared() const { return m_compared; }        // overlapping bytes found equal so far

private:
    qint64 m_have;
    QByteArray m_tail;
    qint64 m_asked;
    qint64 m_size;
    qint64 m_pos = -1;
    qint64 m_compared = 0;
    bool m_ignoredRange = false;
};

} // namespace gateline
