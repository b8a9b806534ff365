// The Traefik flavours of IngressWriter: CLF with Traefik's extras, and the JSON access log.
#include "ingresswriter.h"
#include "requestformat.h"

namespace gateline::gen {

namespace {

// What Traefik writes as the body of its own errors.
qint64 traefikBody(const SimRequest &r)
{
    const UpstreamError err = r.attemptErr[std::max(0, int(r.attempts) - 1)];
    if (err == UpstreamError::None)
        return r.bodyBytes;
    return err == UpstreamError::TimedOut ? 15 : 11; // "Gateway Timeout", "Bad Gateway"
}

bool ingressError(const SimRequest &r)
{
    return r.attempts > 0 && r.attemptErr[r.attempts - 1] != UpstreamError::None;
}

void putServiceUrl(TextBuffer &b, const Topology &t, const SimRequest &r)
{
    const SimService &svc = t.services[size_t(t.endpoints[r.endpoint].service)];
    const int a = std::max(0, int(r.attempts) - 1);
    if (svc.external) {
        b.put("https://");
        b.put(svc.externalHost);
        b.put(":443");
    } else if (r.attempts && r.attemptPod[a] != kNoPod) {
        b.put("http://");
        putAttemptAddr(b, t, r, a);
    } else {
        b.put('-');
    }
}

} // namespace

void IngressWriter::traefikClf(TextBuffer &b, const SimRequest &r, qint64 count, qint64 skewUs, TzOffsets &tz) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const Client &c = t.clients[r.client];
    const qint64 start = r.ingressStart() + skewUs;
    putClient(b, r);
    b.put(" - - [");
    b.putClf(start, tz.offsetAt(start));
    b.put("] \"");
    b.put(e.method);
    b.put(' ');
    putPath(b, e, r.variant, t.assetHash);
    b.put(" HTTP/1.1\" ");
    b.putInt(r.ingressStatus);
    b.put(' ');
    b.putInt(traefikBody(r));
    b.put(" \"");
    putReferer(b, r, e, t.domain);
    b.put("\" \"");
    b.put(userAgent(c.userAgent));
    b.put("\" ");
    b.putInt(count);
    b.put(" \"");
    b.put(t.services[size_t(e.service)].router);
    b.put("\" \"");
    putServiceUrl(b, t, r);
    b.put("\" ");
    b.putInt((r.ingressTotalUs + 500) / 1000);
    b.put("ms");
}

void IngressWriter::traefikJson(TextBuffer &b, const SimRequest &r, qint64 count, qint64 skewUs, TzOffsets &tz) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const SimService &svc = t.services[size_t(e.service)];
    const Client &c = t.clients[r.client];
    const qint64 start = r.ingressStart() + skewUs;
    const qint64 done = r.ingressDone() + skewUs;
    const bool failed = ingressError(r);
    qint64 origin = 0;
    for (int a = 0; a < r.attempts; ++a)
        origin += r.attemptUs[a];
    const bool v6 = c.v6 && !m_o.albNodeClient;
    b.put("{\"ClientAddr\":\"");
    if (v6)
        b.put('[');
    putClient(b, r);
    if (v6)
        b.put(']');
    b.put(':');
    b.putInt(clientPort(r));
    b.put("\",\"ClientHost\":\"");
    putClient(b, r);
    b.put("\",\"ClientPort\":\"");
    b.putInt(clientPort(r));
    b.put("\",\"ClientUsername\":\"-\",\"DownstreamContentSize\":");
    b.putInt(traefikBody(r));
    b.put(",\"DownstreamStatus\":");
    b.putInt(r.ingressStatus);
    b.put(",\"Duration\":");
    b.putInt(qint64(r.ingressTotalUs) * 1000 + qint64(requestHash(m_seed, r, 9) % 1000));
    b.put(",\"OriginContentSize\":");
    b.putInt(failed ? 0 : r.bodyBytes);
    b.put(",\"OriginDuration\":");
    b.putInt(origin * 1000 + qint64(requestHash(m_seed, r, 10) % 1000));
    b.put(",\"OriginStatus\":");
    b.putInt(failed ? 0 : r.ingressStatus);
    b.put(",\"Overhead\":");
    b.putInt(qint64(r.ingressTotalUs - origin) * 1000);
    b.put(",\"RequestAddr\":\"");
    b.put(t.domain);
    b.put("\",\"RequestContentSize\":");
    b.putInt(e.method == "POST" || e.method == "PUT" ? qint64(r.requestLength) - 380 : 0);
    b.put(",\"RequestCount\":");
    b.putInt(count);
    b.put(",\"RequestHost\":\"");
    b.put(t.domain);
    b.put("\",\"RequestMethod\":\"");
    b.put(e.method);
    b.put("\",\"RequestPath\":\"");
    putPath(b, e, r.variant, t.assetHash);
    b.put("\",\"RequestPort\":\"-\",\"RequestProtocol\":\"HTTP/1.1\",\"RequestScheme\":\"http\",\"RetryAttempts\":0,"
          "\"RouterName\":\"");
    b.put(svc.router);
    b.put("\",\"ServiceAddr\":\"");
    if (svc.external) {
        b.put(svc.externalHost);
        b.put(":443");
    } else if (r.attempts && r.attemptPod[r.attempts - 1] != kNoPod) {
        putAttemptAddr(b, t, r, r.attempts - 1);
    }
    b.put("\",\"ServiceName\":\"");
    b.put(svc.upstreamName);
    b.put("@kubernetes\",\"ServiceURL\":\"");
    putServiceUrl(b, t, r);
    b.put("\",\"StartLocal\":\"");
    b.putIsoOffset(start, tz.offsetAt(start), 9);
    b.put("\",\"StartUTC\":\"");
    b.putIsoUtc(start, 9);
    b.put("\",\"entryPointName\":\"web\",\"level\":\"info\",\"msg\":\"\",");
    if (m_o.traceId) { // accessLog.fields.headers.names.X-Amzn-Trace-Id=keep
        b.put("\"request_X-Amzn-Trace-Id\":\"");
        putTraceRoot(b, m_seed, r);
        b.put("\",");
    }
    b.put("\"time\":\"");
    b.putIsoOffset(done, tz.offsetAt(done), 0);
    b.put("\"}");
}

} // namespace gateline::gen
