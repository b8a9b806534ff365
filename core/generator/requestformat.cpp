#include "requestformat.h"

namespace gateline::gen {

namespace {
const char *const kUserAgents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "okhttp/4.12.0",
    "ShopApp/5.12.1 (iPhone; iOS 18.1; Scale/3.00)",
    "ShopApp/5.11.0 (Android 14; SM-S918B)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "python-requests/2.32.3",
    "curl/8.5.0",
};
const char *const kQueries[] = {"running+shoes", "wireless+headphones", "coffee", "desk+lamp", "gift+card", "usb-c+cable",
                                "backpack", "winter+jacket", "yoga+mat", "phone+case", "espresso+machine", "sneakers"};

void putSku(TextBuffer &b, quint32 v)
{
    b.put("SKU-", 4);
    b.putPadded(10000 + v % 89999, 5);
}
} // namespace

const char *userAgent(quint8 index)
{
    // Browsers dominate; tools and bots are rare.
    constexpr int n = int(sizeof(kUserAgents) / sizeof(kUserAgents[0]));
    const int i = index % 100;
    if (i < 88)
        return kUserAgents[i % 8];
    return kUserAgents[8 + (i - 88) % (n - 8)];
}

void putPath(TextBuffer &b, const Endpoint &e, quint32 v, quint64 assetHash)
{
    const QByteArray &t = e.path;
    qsizetype i = 0;
    while (i < t.size()) {
        if (t[i] != '{') {
            b.put(t[i++]);
            continue;
        }
        const qsizetype close = t.indexOf('}', i);
        const QByteArrayView name = QByteArrayView(t).sliced(i + 1, close - i - 1);
        if (name == "id")
            b.putInt(1000 + (v >> 3) % 90000);
        else if (name == "page")
            b.putInt(1 + (v >> 5) % 12);
        else if (name == "q")
            b.put(kQueries[(v >> 7) % (sizeof(kQueries) / sizeof(kQueries[0]))]);
        else if (name == "hash")
            b.putHex(assetHash, 8);
        else if (name == "sku")
            putSku(b, v >> 9);
        else if (name == "month") {
            b.put("2026-", 5);
            b.putPadded(1 + (v >> 11) % 10, 2);
        }
        i = close + 1;
    }
}

void putReferer(TextBuffer &b, const SimRequest &r, const Endpoint &e, const QByteArray &domain)
{
    const bool browser = r.variant % 7 < 5;
    if (!browser || (!e.staticAsset && e.service != 1 && (r.variant >> 13) % 2 == 0)) {
        b.put('-');
        return;
    }
    b.put("https://", 8);
    b.put(domain);
    b.put('/');
}

void putAttemptAddr(TextBuffer &b, const Topology &topo, const SimRequest &r, int a)
{
    const Endpoint &e = topo.endpoints[r.endpoint];
    const SimService &svc = topo.services[size_t(e.service)];
    if (r.attemptErr[a] == UpstreamError::Dns || r.attemptErr[a] == UpstreamError::DnsTimeout) {
        b.put('-');
    } else if (r.attemptErr[a] == UpstreamError::NoLive) {
        b.put("upstream_balancer", 17);
    } else if (svc.external) {
        b.put(svc.externalAddr);
    } else if (r.attemptPod[a] != kNoPod) {
        const SimPod &p = topo.pods[r.attemptPod[a]];
        b.put(p.ip);
        b.put(':');
        b.putInt(p.port);
    } else {
        b.put('-');
    }
}

void putTraceRoot(TextBuffer &b, quint64 seed, const SimRequest &r)
{
    b.put("Root=1-", 7);
    b.putHex(quint64(r.arrival / kSec), 8);
    b.put('-');
    b.putHex(requestHash(seed, r, 1) >> 8, 12);
    b.putHex(requestHash(seed, r, 2), 12);
}

} // namespace gateline::gen
