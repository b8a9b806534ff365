#include "s3xml.h"

#include <QXmlStreamReader>

namespace gateline {

namespace {
constexpr qsizetype kMaxKeysPerPage = 100000; // S3 sends at most 1,000; a bound against garbage
}

bool parseS3ListPage(const QByteArray &xml, S3ListPage *out, QString *error)
{
    QXmlStreamReader r(xml);
    S3ListPage page;
    bool root = false;
    while (r.readNextStartElement()) {
        if (r.name() != QLatin1StringView("ListBucketResult")) {
            *error = QStringLiteral("the answer is <%1>, not a ListBucketResult").arg(r.name().toString().left(40));
            return false;
        }
        root = true;
        while (r.readNextStartElement()) {
            const auto name = r.name();
            if (name == QLatin1StringView("Contents")) {
                S3Object o;
                while (r.readNextStartElement()) {
                    const auto field = r.name();
                    if (field == QLatin1StringView("Key"))
                        o.key = r.readElementText();
                    else if (field == QLatin1StringView("Size"))
                        o.size = r.readElementText().toLongLong();
                    else if (field == QLatin1StringView("ETag"))
                        o.etag = r.readElementText().remove(QLatin1Char('"'));
                    else if (field == QLatin1StringView("LastModified"))
                        o.lastModified = QDateTime::fromString(r.readElementText(), Qt::ISODateWithMs);
                    else
                        r.skipCurrentElement();
                }
                if (o.key.isEmpty() || o.size < 0) {
                    *error = QStringLiteral("a listed object has no key or a negative size");
                    return false;
                }
                if (page.objects.size() >= kMaxKeysPerPage) {
                    *error = QStringLiteral("over %1 keys in one page").arg(kMaxKeysPerPage);
                    return false;
                }
                page.objects.append(o);
            } else if (name == QLatin1StringView("CommonPrefixes")) {
                while (r.readNextStartElement()) {
                    if (r.name() == QLatin1StringView("Prefix"))
                        page.commonPrefixes << r.readElementText();
                    else
                        r.skipCurrentElement();
                }
            } else if (name == QLatin1StringView("IsTruncated")) {
                page.truncated = r.readElementText().trimmed() == QLatin1StringView("true");
            } else if (name == QLatin1StringView("NextContinuationToken")) {
                page.nextContinuationToken = r.readElementText();
            } else {
                r.skipCurrentElement();
            }
        }
        break;
    }
    if (r.hasError()) {
        *error = QStringLiteral("malformed XML: %1").arg(r.errorString());
        return false;
    }
    if (!root) {
        *error = QStringLiteral("the answer is not XML");
        return false;
    }
    if (page.truncated && page.nextContinuationToken.isEmpty()) {
        *error = QStringLiteral("a truncated listing without a continuation token");
        return false;
    }
    *out = page;
    return true;
}

bool parseS3Error(const QByteArray &xml, S3ErrorBody *out)
{
    QXmlStreamReader r(xml);
    if (!r.readNextStartElement() || r.name() != QLatin1StringView("Error"))
        return false;
    S3ErrorBody e;
    while (r.readNextStartElement()) {
        const auto name = r.name();
        if (name == QLatin1StringView("Code"))
            e.code = r.readElementText().left(100);
        else if (name == QLatin1StringView("Message"))
            e.message = r.readElementText().left(500);
        else if (name == QLatin1StringView("Resource"))
            e.resource = r.readElementText().left(500);
        else
            r.skipCurrentElement();
    }
    if (e.code.isEmpty())
        return false;
    *out = e;
    return true;
}

} // namespace gateline
