#include "s3resume.h"

#include <QRegularExpression>

namespace gateline {

bool parseContentRange(const QByteArray &value, S3ContentRange *out)
{
    static const QRegularExpression re(QStringLiteral("^\\s*bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(QString::fromLatin1(value));
    if (!m.hasMatch())
        return false;
    S3ContentRange r;
    r.first = m.captured(1).toLongLong();
    r.last = m.captured(2).toLongLong();
    r.total = m.captured(3) == QLatin1StringView("*") ? -1 : m.captured(3).toLongLong();
    if (r.last < r.first || (r.total >= 0 && r.last >= r.total))
        return false;
    *out = r;
    return true;
}

S3ResumeSplice::S3ResumeSplice(qint64 have, QByteArray tail, qint64 asked, qint64 size)
    : m_have(have), m_tail(std::move(tail)), m_asked(asked), m_size(size)
{
}

S3ResumeSplice::Verdict S3ResumeSplice::begin(int status, const QByteArray &contentRange, QString *why)
{
    if (status != 206) {
        // The whole object (a server that ignores Range answers 200).
        m_pos = 0;
        m_ignoredRange = m_asked > 0;
        return Verdict::Ok;
    }
    S3ContentRange r;
    if (!parseContentRange(contentRange, &r)) {
        *why = QStringLiteral("a partial answer (206) without a readable Content-Range (\"%1\")")
                   .arg(QString::fromLatin1(contentRange.left(80)));
        return Verdict::WrongStart;
    }
    if (r.total >= 0 && r.total != m_size) {
        *why = QStringLiteral("the object changed while it was read: the listing said %1 bytes, the server now says %2")
                   .arg(m_size).arg(r.total);
        return Verdict::ChangedObject;
    }
    const qint64 asked = std::max<qint64>(0, m_asked);
    if (r.first != asked) {
        *why = QStringLiteral("the server answered a request for bytes %1- with bytes %2-%3").arg(asked).arg(r.first).arg(r.last);
        return Verdict::WrongStart;
    }
    m_pos = r.first;
    return Verdict::Ok;
}

S3ResumeSplice::Verdict S3ResumeSplice::feed(const QByteArray &data, QByteArray *fresh, QString *why)
{
    fresh->clear();
    qsizetype i = 0;
    if (m_pos < m_have) {
        // Bytes already on disk: the ones still in the tail must be equal; older ones are dropped.
        const qint64 tailStart = m_have - m_tail.size();
        const qsizetype n = qsizetype(std::min<qint64>(m_have - m_pos, data.size()));
        for (; i < n; ++i) {
            const qint64 at = m_pos + i;
            if (at < tailStart)
                continue;
            if (data[i] != m_tail[qsizetype(at - tailStart)]) {
                *why = QStringLiteral("the bytes answered for offset %1 differ from those already read there "
                                      "(%2 bytes before them were the same)")
                           .arg(at)
                           .arg(m_compared);
                return Verdict::Mismatch;
            }
            ++m_compared;
        }
        m_pos += n;
    }
    if (i < data.size()) {
        *fresh = data.mid(i);
        m_pos += fresh->size();
    }
    return Verdict::Ok;
}

} // namespace gateline
