#include "s3signer.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QTimeZone>

#include <algorithm>

namespace gateline::sigv4 {

QByteArray uriEncode(const QByteArray &s, bool keepSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(s.size() * 3 / 2);
    for (const char ch : s) {
        const auto c = uchar(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
            || c == '_' || c == '~' || (keepSlash && c == '/')) {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray amzDate(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone::UTC).toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

namespace {
// Trims and collapses runs of spaces, as SigV4 wants header values.
QByteArray canonicalValue(const QByteArray &v)
{
    return v.simplified();
}
} // namespace

QByteArray canonicalRequest(const SigV4Request &req, QByteArray *signedHeaders)
{
    ByteArrayPairs query;
    for (const auto &[k, v] : req.query)
        query.append({uriEncode(k, false), uriEncode(v, false)});
    std::sort(query.begin(), query.end());
    QByteArray canonicalQuery;
    for (const auto &[k, v] : query) {
        if (!canonicalQuery.isEmpty())
            canonicalQuery += '&';
        canonicalQuery += k + '=' + v;
    }
    // Lower-case names, sorted; a name given twice has its values joined by commas.
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const auto &[k, v] : req.headers) {
        const QByteArray name = k.toLower().trimmed();
        auto it = std::find_if(headers.begin(), headers.end(), [&](const auto &h) { return h.first == name; });
        if (it != headers.end())
            it->second += ',' + canonicalValue(v);
        else
            headers.append({name, canonicalValue(v)});
    }
    std::stable_sort(headers.begin(), headers.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArray canonicalHeaders, names;
    for (const auto &[k, v] : headers) {
        canonicalHeaders += k + ':' + v + '\n';
        if (!names.isEmpty())
            names += ';';
        names += k;
    }
    if (signedHeaders)
        *signedHeaders = names;
    const QByteArray path = req.path.isEmpty() ? QByteArray("/") : uriEncode(req.path, true);
    return req.method + '\n' + path + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n' + names + '\n'
        + req.payloadHash;
}

QByteArray stringToSign(const QByteArray &date, const QByteArray &scope, const QByteArray &canonical)
{
    return "AWS4-HMAC-SHA256\n" + date + '\n' + scope + '\n' + sha256Hex(canonical);
}

QByteArray signingKey(const QString &secret, const QByteArray &date, const QByteArray &region, const QByteArray &service)
{
    auto hmac = [](const QByteArray &key, const QByteArray &data) {
        return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
    };
    const QByteArray kDate = hmac("AWS4" + secret.toUtf8(), date);
    const QByteArray kRegion = hmac(kDate, region);
    const QByteArray kService = hmac(kRegion, service);
    return hmac(kService, "aws4_request");
}

QByteArray authorization(const SigV4Request &req, const S3Credentials &creds, const QByteArray &region,
                         const QByteArray &service, const QByteArray &date)
{
    QByteArray signedHeaders;
    const QByteArray canonical = canonicalRequest(req, &signedHeaders);
    const QByteArray day = date.left(8);
    const QByteArray scope = day + '/' + region + '/' + service + "/aws4_request";
    const QByteArray toSign = stringToSign(date, scope, canonical);
    const QByteArray signature =
        QMessageAuthenticationCode::hash(toSign, signingKey(creds.secretAccessKey, day, region, service),
                                         QCryptographicHash::Sha256)
            .toHex();
    return "AWS4-HMAC-SHA256 Credential=" + creds.accessKeyId.toUtf8() + '/' + scope + ", SignedHeaders=" + signedHeaders
        + ", Signature=" + signature;
}

} // namespace gateline::sigv4
