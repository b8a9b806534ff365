// libFuzzer target for the S3 answer parsers (core/live/s3xml.*): a ListObjectsV2 page and an
// <Error> body, both untrusted. Neither may crash or run away, and what they accept must keep
// the promises the client relies on; S3Client::classifyParts reads the same bytes as an error body.
#include "live/s3client.h"
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
    return 0;
}
