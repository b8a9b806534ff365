#include "cdnwriter.h"

#include "genrandom.h"
#include "outputfile.h"
#include "requestformat.h"

#include <QDateTime>
#include <QDir>
#include <QTimeZone>
#include <algorithm>
#include <map>

namespace gateline::gen {

namespace {
constexpr qint64 kHour = 3600 * kSec;
constexpr qint64 kBatch = 5 * 60 * kSec; // Logpush pushes a batch about every five minutes

enum Kind : quint8 { Passed = 0, EdgeHit = 1, EdgeMade = 2 };

const char *const kEdges[] = {"FRA56-P3", "FRA60-P1", "AMS58-P2", "IAD89-C2", "LHR61-P4", "CDG52-P1"};
const char *const kColos[] = {"FRA", "AMS", "IAD", "LHR", "CDG", "ARN"};

// "2026-11-21T10:00:00Z" -> date and time fields.
void putDateTab(TextBuffer &b, qint64 us)
{
    TextBuffer iso;
    iso.putIsoUtc(us, 0);
    const QByteArrayView v = iso.view();
    b.put(v.first(10));
    b.put('\t');
    b.put(v.sliced(11, 8));
}

// The viewer's User-Agent as CloudFront logs it: spaces percent-encoded.
void putEncodedUa(TextBuffer &b, const char *ua)
{
    for (const char *p = ua; *p; ++p) {
        if (*p == ' ')
            b.put("%20");
        else
            b.put(*p);
    }
}

// "1.234" seconds with three decimals.
void putSeconds(TextBuffer &b, qint64 us)
{
    us = std::max<qint64>(us, 0);
    const qint64 ms = (us + 500) / 1000;
    b.putInt(ms / 1000);
    b.put('.');
    b.putPadded(ms % 1000, 3);
}

// 56 characters of an X-Amz-Cf-Id (base64url-ish, "==" at the end).
void putCfId(TextBuffer &b, quint64 h)
{
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    quint64 x = h;
    for (int i = 0; i < 54; ++i) {
        if (i % 10 == 0)
            x = mix(h, quint64(i), 77);
        b.put(kAlphabet[x & 63]);
        x >>= 6;
    }
    b.put("==");
}

QString timeName(qint64 us, const char *format)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::UTC).toString(QLatin1StringView(format));
}
} // namespace

std::vector<CdnWriter::Line> CdnWriter::plan(CdnStats *stats) const
{
    const Topology &t = m_world.topo;
    std::vector<Line> lines;
    lines.reserve(m_requests.size() + m_requests.size() / 4);
    Rng rng(m_seed, 91);
    for (const SimRequest &r : m_requests) {
        const quint64 h = requestHash(m_seed, r, 41);
        Line l;
        l.request = &r;
        // The edge finishes after the ALB has answered: the transfer back through the edge.
        const qint64 transfer = 2 * kMs + qint64(h % 38000);
        l.end = r.albTime() + transfer;
        l.durationUs = std::max<qint64>(r.albElapsedUs, 0) + transfer + 3 * kMs;
        l.status = r.elbStatus;
        l.originStatus = r.elbStatus;
        l.kind = Passed;
        l.salt = h;
        if (l.status >= 500)
            ++stats->passed5xx;
        lines.push_back(l);
        // Static assets: most of their traffic is served from the edge cache.
        const Endpoint &e = t.endpoints[r.endpoint];
        if (e.staticAsset && r.elbStatus == 200) {
            for (int k = 0; k < 2; ++k) {
                Line hit = l;
                hit.kind = EdgeHit;
                hit.end = l.end + qint64(rng.uniform(1, 120) * double(kSec));
                hit.durationUs = 300 + qint64(rng.below(2000));
                hit.originStatus = 0;
                hit.salt = mix(h, quint64(k), 5);
                if (hit.end < m_o.end) {
                    lines.push_back(hit);
                    ++stats->edgeHits;
                }
            }
        }
    }
    if (m_o.hideOrigin && !m_requests.empty()) {
        // The CDN reuses origin connections longer than the ALB keeps them idle (ALB idle timeout
        // 60 s; Cloudflare keeps them up to 900 s, CloudFront up to its origin keep-alive timeout,
        // raised here above the ALB's): a request sent on a connection the ALB just closed fails at
        // the edge, which answers 502/520 itself. The ALB never sees it. A steady rate, at no event.
        const double share = rng.uniform(0.006, 0.02);
        const double perSecond = std::max(0.01, m_o.requestsPerSecond * share);
        qint64 at = m_o.start + qint64(rng.exponential(1.0 / perSecond) * double(kSec));
        while (at < m_o.end) {
            const SimRequest *tmpl = &m_requests[rng.below(quint32(m_requests.size()))];
            if (!t.endpoints[tmpl->endpoint].staticAsset) {
                Line l;
                l.request = tmpl;
                l.kind = EdgeMade;
                l.end = at;
                l.originStatus = 0;
                l.salt = mix(m_seed, quint64(at), 9);
                if (m_o.kind == QLatin1String("cloudflare")) {
                    l.detail = rng.chance(0.7) ? 0 : 1;
                    l.status = l.detail == 0 ? 520 : 502;
                    l.durationUs = 5 * kMs + qint64(rng.below(60000));
                } else {
                    l.detail = rng.chance(0.8) ? 0 : 1;
                    l.status = 502;
                    l.durationUs = 2 * kMs + qint64(rng.below(50000));
                }
                lines.push_back(l);
                ++stats->cdnMade;
                stats->firstMade = stats->firstMade ? std::min(stats->firstMade, at) : at;
                stats->lastMade = std::max(stats->lastMade, at);
            }
            at += std::max<qint64>(1000, qint64(rng.exponential(1.0 / perSecond) * double(kSec)));
        }
    }
    std::sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) { return a.end < b.end; });
    stats->lines = qint64(lines.size());
    return lines;
}

void CdnWriter::cloudFrontLine(TextBuffer &b, const Line &l) const
{
    const Topology &t = m_world.topo;
    const SimRequest &r = *l.request;
    const Endpoint &e = t.endpoints[r.endpoint];
    const Client &c = t.clients[r.client];
    TextBuffer path;
    putPath(path, e, r.variant, t.assetHash);
    const QByteArrayView full = path.view();
    const qsizetype q = full.indexOf('?');
    const QByteArrayView stem = q < 0 ? full : full.first(q);
    const QByteArrayView query = q < 0 ? QByteArrayView("-") : full.sliced(q + 1);
    const char *result = l.kind == EdgeHit ? "Hit" : (l.status >= 400 || l.kind == EdgeMade) ? "Error" : "Miss";
    const char *detailed = l.kind == EdgeMade ? (l.detail == 0 ? "OriginCommError" : "OriginConnectError") : result;
    const qint64 body = l.kind == EdgeMade ? 507 : qint64(r.bodyBytes);
    putDateTab(b, l.end);
    b.put('\t');
    b.put(kEdges[(quint64(r.client) * 7 + 3) % std::size(kEdges)]);
    b.put('\t');
    b.putInt(body + 420 + qint64(l.salt % 90));
    b.put('\t');
    b.put(c.ip);
    b.put('\t');
    b.put(e.method);
    b.put("\td");
    b.putHex(mix(m_seed, 3, 4), 13);
    b.put(".cloudfront.net\t");
    b.put(stem);
    b.put('\t');
    b.putInt(l.status);
    b.put("\t-\t");
    putEncodedUa(b, userAgent(c.userAgent));
    b.put('\t');
    b.put(query);
    b.put("\t-\t");
    b.put(result);
    b.put('\t');
    putCfId(b, l.salt);
    b.put('\t');
    b.put(t.domain);
    b.put("\thttps\t");
    b.putInt(qint64(r.requestLength) + 40);
    b.put('\t');
    putSeconds(b, l.durationUs);
    b.put("\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\t");
    b.put(result);
    b.put((r.flags & ReqH2) ? "\tHTTP/2.0" : "\tHTTP/1.1");
    b.put("\t-\t-\t");
    b.putInt(1024 + qint64(l.salt % 60000));
    b.put('\t');
    putSeconds(b, l.kind == EdgeHit ? l.durationUs : std::max<qint64>(0, l.durationUs - 2 * kMs));
    b.put('\t');
    b.put(detailed);
    b.put(l.kind == EdgeMade ? "\ttext/html\t" : (e.staticAsset ? "\tapplication/javascript\t" : "\tapplication/json\t"));
    b.putInt(body);
    b.put("\t-\t-");
}

void CdnWriter::cloudflareLine(TextBuffer &b, const Line &l) const
{
    const Topology &t = m_world.topo;
    const SimRequest &r = *l.request;
    const Endpoint &e = t.endpoints[r.endpoint];
    const Client &c = t.clients[r.client];
    const qint64 startNs = (l.end - l.durationUs) * 1000 + qint64(l.salt % 1000);
    const qint64 endNs = l.end * 1000 + qint64((l.salt >> 10) % 1000);
    b.put("{\"ClientIP\":\"");
    b.put(c.ip);
    b.put("\",\"ClientRequestHost\":\"");
    b.put(t.domain);
    b.put("\",\"ClientRequestMethod\":\"");
    b.put(e.method);
    b.put("\",\"ClientRequestURI\":\"");
    TextBuffer path;
    putPath(path, e, r.variant, t.assetHash);
    b.putJsonEscaped(path.view());
    b.put("\",\"EdgeEndTimestamp\":");
    b.putInt(endNs);
    b.put(",\"EdgeResponseBytes\":");
    b.putInt((l.kind == EdgeMade ? 3400 : qint64(r.bodyBytes)) + 380 + qint64(l.salt % 120));
    b.put(",\"EdgeResponseStatus\":");
    b.putInt(l.status);
    b.put(",\"EdgeStartTimestamp\":");
    b.putInt(startNs);
    b.put(",\"RayID\":\"");
    b.putHex(mix(l.salt, 1, 2), 16);
    b.put("\",\"CacheCacheStatus\":\"");
    b.put(l.kind == EdgeHit ? "hit" : l.kind == EdgeMade ? "unknown" : (e.staticAsset ? "miss" : "dynamic"));
    b.put("\",\"ClientRequestUserAgent\":\"");
    b.putJsonEscaped(QByteArrayView(userAgent(c.userAgent)));
    b.put("\",\"EdgeColoCode\":\"");
    b.put(kColos[(quint64(r.client) * 5 + 1) % std::size(kColos)]);
    b.put("\",\"OriginIP\":\"");
    if (l.kind != EdgeHit && !t.albNodeIps.empty())
        b.put(t.albNodeIps[size_t(r.albNode) % t.albNodeIps.size()]);
    b.put("\",\"OriginResponseStatus\":");
    b.putInt(l.kind == Passed ? l.originStatus : 0);
    b.put(",\"OriginResponseDurationMs\":");
    b.putInt(l.kind == Passed ? std::max<qint64>(1, std::max<qint64>(r.albElapsedUs, 0) / 1000) : 0);
    b.put(",\"ZoneName\":\"");
    b.put(t.domain);
    b.put("\"}");
}

bool CdnWriter::write(const QString &outDir, QStringList *files, CdnStats *stats, QString *error)
{
    CdnStats local;
    CdnStats &st = stats ? *stats : local;
    const std::vector<Line> lines = plan(&st);
    const bool cloudflare = m_o.kind == QLatin1String("cloudflare");
    // CloudFront: per hour, one file per pair of edge servers; Cloudflare: per five-minute batch.
    std::map<std::pair<qint64, int>, std::vector<const Line *>> byFile;
    for (const Line &l : lines) {
        const int part = cloudflare ? 0 : int((quint64(l.request->client) * 7 + 3) % std::size(kEdges) / 3);
        byFile[{cloudflare ? l.end / kBatch : l.end / kHour, part}].push_back(&l);
    }
    const QByteArray distribution = QByteArray("E") + QByteArray::number(mix(m_seed, 3, 5) % 0xFFFFFFFFFFFFull, 36).toUpper();
    for (const auto &[key, fileLines] : byFile) {
        TextBuffer b;
        if (!cloudflare)
            b.put("#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
                  "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header "
                  "cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type "
                  "cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte "
                  "x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end\n");
        for (const Line *l : fileLines) {
            if (cloudflare)
                cloudflareLine(b, *l);
            else
                cloudFrontLine(b, *l);
            b.put('\n');
        }
        const quint64 id = mix(m_seed, quint64(key.first), quint64(key.second) + 17);
        QString rel;
        if (cloudflare) {
            const qint64 from = key.first * kBatch;
            rel = QStringLiteral("cloudflare/%1/%2_%3_%4.log.gz")
                      .arg(timeName(from, "yyyyMMdd"), timeName(from, "yyyyMMddTHHmmssZ"),
                           timeName(from + kBatch, "yyyyMMddTHHmmssZ"))
                      .arg(id & 0xffffffffu, 8, 16, QLatin1Char('0'));
        } else {
            rel = QStringLiteral("cloudfront/%1.%2.%3.gz")
                      .arg(QString::fromLatin1(distribution), timeName(key.first * kHour, "yyyy-MM-dd-HH"))
                      .arg(id & 0xffffffffu, 8, 16, QLatin1Char('0'));
        }
        if (!writeOutputFile(QDir(outDir).filePath(rel), b.data(), b.size(), 6, error))
            return false;
        *files << rel;
    }
    return true;
}

} // namespace gateline::gen
