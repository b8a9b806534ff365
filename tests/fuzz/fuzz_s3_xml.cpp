// libFuzzer target for the S3 answer parsers (core/live/s3xml.*): a ListObjectsV2 page and an
// <Error> body, both untrusted. Neither may crash or run away, and what they accept must keep
// the promises the client relies on; S3Client::classifyParts reads the same bytes as an error body.
// The same bytes are also a resumed GET's Content-Range header and body (core/live/s3resume.*).
#include "live/s3client.h"
#include "live/s3resume.h"
#include "live/s3xml.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace gateline;
    const QByteArray xml(reinterpret_cast<const char *>(data), qsizetype(size));

    S3ListPage page;
    QString why;
    if (parseS3ListPage(xml, &page, &why)) {
        if (page.objects.size() > 100000 || (page.truncated && page.nextContinuationToken.isEmpty()))
            std::abort();
        for (const S3Object &o : std::as_const(page.objects)) {
            if (o.key.isEmpty() || o.size < 0 || o.etag.contains(QLatin1Char('"')))
                std::abort();
        }
    } else if (why.isEmpty()) {
        std::abort(); // a refusal always says why
    }

    S3ErrorBody e;
    if (parseS3Error(xml, &e)) {
        if (e.code.isEmpty() || e.code.size() > 100 || e.message.size() > 500 || e.resource.size() > 500)
            std::abort();
    }

    // Any 4xx/5xx answer with this body is an error with a message, whatever the body says.
    const int status = size ? 400 + data[0] % 200 : 403;
    const LiveError classified = S3Client::classifyParts(0, QString(), status, xml, {}, QStringLiteral("listing s3://b/p"),
                                                         false, QUrl(QStringLiteral("http://127.0.0.1:9000")));
    if (!classified.isError() || classified.message.isEmpty())
        std::abort();

    // A resumed answer. The header: what parses is a sane range.
    S3ContentRange cr;
    if (parseContentRange(xml, &cr) && (cr.first < 0 || cr.last < cr.first || (cr.total >= 0 && cr.last >= cr.total)))
        std::abort();
    // With half of these bytes on disk, the whole object again (a 200) must splice to exactly the rest.
    const qint64 have = qint64(size / 2);
    const QByteArray tail = xml.left(have).right(S3ResumeSplice::kOverlap);
    const qint64 asked = S3ResumeSplice::rangeStartFor(have);
    S3ResumeSplice whole(have, tail, asked, qint64(size));
    QString w;
    QByteArray fresh;
    if (whole.begin(200, {}, &w) != S3ResumeSplice::Verdict::Ok || whole.feed(xml, &fresh, &w) != S3ResumeSplice::Verdict::Ok
        || fresh != xml.mid(have))
        std::abort();
    // A 206 with the input's first bytes as its Content-Range: accepted only from the asked offset
    // and with the listed size, and then its true bytes splice to exactly the rest.
    S3ResumeSplice part(have, tail, asked, qint64(size));
    const S3ResumeSplice::Verdict v = part.begin(206, xml.left(80), &w);
    if (v != S3ResumeSplice::Verdict::Ok && w.isEmpty())
        std::abort(); // a refusal always says why
    if (v == S3ResumeSplice::Verdict::Ok) {
        if (part.position() != asked || part.feed(xml.mid(asked), &fresh, &w) != S3ResumeSplice::Verdict::Ok || fresh != xml.mid(have))
            std::abort();
    }
    return 0;
}
