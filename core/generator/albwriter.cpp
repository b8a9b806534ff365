#include "albwriter.h"

#include "outputfile.h"
#include "requestformat.h"

#include "jobs/parallelfor.h"

#include <QDir>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

namespace gateline::gen {

namespace {
constexpr qint64 kSlice = 300 * kSec;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

struct FileJob {
    int node = 0;
    qint64 slice = 0;
    std::vector<std::pair<qint64, quint32>> lines; // sort key, request index
    QString relPath;
};
} // namespace

namespace {
// The request's target, "ip:port", or "-" when the ALB had none to send it to: an ingress pod (port
// 80), its node's NodePort (instance), or with the app's pods as targets the pod it connected to
// (the pod's own port).
void putTarget(TextBuffer &b, const World &world, const SimRequest &r, char after)
{
    const Topology &t = world.topo;
    if (t.albPodTargets) {
        if (r.attemptPod[0] == kNoPod) {
            b.put('-');
        } else {
            const SimPod &pod = t.pods[r.attemptPod[0]];
            b.put(pod.ip);
            b.put(':');
            b.putInt(pod.port);
        }
        b.put(after);
        return;
    }
    const SimPod &ingressPod = t.pods[size_t(world.ingressPods[r.ingressPod])];
    b.put(t.albInstanceTargets ? t.nodes[size_t(ingressPod.node)].ip : ingressPod.ip);
    b.put(':');
    b.putInt(t.albInstanceTargets ? t.albNodePort : 80);
    b.put(after);
}
} // namespace

void AlbWriter::formatLine(TextBuffer &b, const SimRequest &r) const
{
    const Topology &t = m_world.topo;
    const Endpoint &e = t.endpoints[r.endpoint];
    const Client &c = t.clients[r.client];
    const quint64 h = requestHash(m_seed, r, 1);
    const bool h2 = r.flags & ReqH2;
    b.put(h2 ? "h2 " : "https ");
    b.putIsoUtc(r.albTime(), 6);
    b.put(" app/", 5);
    b.put(t.lbName);
    b.put('/');
    b.put(t.lbId);
    b.put(' ');
    if (c.v6) {
        b.put('[');
        b.put(c.ip);
        b.put(']');
    } else {
        b.put(c.ip);
    }
    b.put(':');
    b.putInt(r.clientPort);
    b.put(' ');
    putTarget(b, m_world, r, ' ');
    b.putSeconds3(r.albReqUs);
    b.put(' ');
    b.putSeconds3(r.albTargetUs);
    b.put(' ');
    b.putSeconds3(r.albRespUs);
    b.put(' ');
    b.putInt(r.elbStatus);
    b.put(' ');
    if (r.targetStatus < 0)
        b.put('-');
    else
        b.putInt(r.targetStatus);
    b.put(' ');
    b.putInt(std::max<qint64>(60, qint64(r.requestLength) - (h2 ? 230 : 110)));
    b.put(' ');
    b.putInt(r.targetStatus < 0 ? 272 : qint64(r.bodyBytes) + 180 + qint64(h % 240));
    b.put(" \"", 2);
    b.put(e.method);
    b.put(" https://", 9);
    b.put(t.domain);
    b.put(":443", 4);
    putPath(b, e, r.variant, t.assetHash);
    b.put(h2 ? " HTTP/2.0\" \"" : " HTTP/1.1\" \"");
    b.put(userAgent(c.userAgent));
    b.put(h % 10 < 7 ? "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 " : "\" TLS_AES_128_GCM_SHA256 TLSv1.3 ");
    b.put("arn:aws:elasticloadbalancing:");
    b.put(t.region);
    b.put(':');
    b.put(t.account);
    b.put(":targetgroup/", 13);
    b.put(t.tgName);
    b.put('/');
    b.put(t.tgId);
    b.put(" \"", 2);
    putTraceRoot(b, m_seed, r);
    b.put("\" \"", 3);
    b.put(t.domain);
    b.put("\" \"arn:aws:acm:");
    b.put(t.region);
    b.put(':');
    b.put(t.account);
    b.put(":certificate/", 13);
    b.put(t.certId);
    b.put("\" 1 ", 4);
    b.putIsoUtc(r.arrival, 6);
    b.put(" \"forward\" \"-\" \"-\" \"", 20);
    putTarget(b, m_world, r, '"');
    b.put(" \"", 2);
    if (r.targetStatus < 0)
        b.put('-');
    else
        b.putInt(r.targetStatus);
    b.put("\" \"-\" \"-\" TID_", 14);
    b.putHex(requestHash(m_seed, r, 3), 16);
    b.putHex(requestHash(m_seed, r, 4), 16);
    b.put(" \"-\" \"-\" \"-\"", 12);
}

bool AlbWriter::write(const QString &outDir, QStringList *files, QString *error)
{
    const Topology &t = m_world.topo;
    if (m_requests.empty())
        return true;
    qint64 minSlice = std::numeric_limits<qint64>::max(), maxSlice = std::numeric_limits<qint64>::min();
    int nodes = 1;
    for (const SimRequest &r : m_requests) {
        const qint64 s = floorDiv(r.albTime(), kSlice);
        minSlice = std::min(minSlice, s);
        maxSlice = std::max(maxSlice, s);
        nodes = std::max(nodes, int(r.albNode) + 1);
    }
    std::vector<FileJob> jobs(size_t((maxSlice - minSlice + 1) * nodes));
    for (size_t i = 0; i < m_requests.size(); ++i) {
        const SimRequest &r = m_requests[i];
        const qint64 s = floorDiv(r.albTime(), kSlice);
        FileJob &j = jobs[size_t((s - minSlice) * nodes + r.albNode)];
        // Written when the response went out, give or take the node's buffering.
        const qint64 key = r.albTime() + qint64(requestHash(m_seed, r, 5) % 400000) - 200000;
        j.lines.emplace_back(key, quint32(i));
    }
    std::vector<FileJob *> todo;
    for (size_t k = 0; k < jobs.size(); ++k) {
        FileJob &j = jobs[k];
        if (j.lines.empty())
            continue;
        j.slice = minSlice + qint64(k) / nodes;
        j.node = int(k % size_t(nodes));
        std::sort(j.lines.begin(), j.lines.end());
        const qint64 endTime = (j.slice + 1) * kSlice;
        const CivilTime c = civilFromMicros(endTime);
        TextBuffer name;
        name.put("AWSLogs/");
        name.put(t.account);
        name.put("/elasticloadbalancing/");
        name.put(t.region);
        name.put('/');
        name.putPadded(c.year, 4);
        name.put('/');
        name.putPadded(c.month, 2);
        name.put('/');
        name.putPadded(c.day, 2);
        name.put('/');
        name.put(t.account);
        name.put("_elasticloadbalancing_");
        name.put(t.region);
        name.put("_app.");
        name.put(t.lbName);
        name.put('.');
        name.put(t.lbId);
        name.put('_');
        name.putPadded(c.year, 4);
        name.putPadded(c.month, 2);
        name.putPadded(c.day, 2);
        name.put('T');
        name.putPadded(c.hour, 2);
        name.putPadded(c.minute, 2);
        name.put("Z_");
        name.put(m_fileIps[size_t(j.node) % m_fileIps.size()]);
        name.put('_');
        quint64 h = mix(m_seed, quint64(j.slice), quint64(j.node) + 99);
        for (int i = 0; i < 8; ++i, h /= 36)
            name.put("abcdefghijklmnopqrstuvwxyz0123456789"[h % 36]);
        name.put(".log.gz");
        j.relPath = QString::fromLatin1(name.view());
        todo.push_back(&j);
    }

    std::atomic<bool> failed{false};
    std::mutex mutex;
    QString firstError;
    const int level = m_gzipLevel;
    std::vector<TextBuffer> buffers(size_t(parallelWorkers(qsizetype(todo.size()), m_threads))); // one per worker
    parallelForWorkers(qsizetype(todo.size()), m_threads, [&](qsizetype k, int worker) {
        if (failed.load())
            return; // an earlier file failed: write no more
        const FileJob &j = *todo[size_t(k)];
        TextBuffer &b = buffers[size_t(worker)];
        b.clear();
        for (const auto &line : j.lines) {
            formatLine(b, m_requests[line.second]);
            b.put('\n');
        }
        QString err;
        if (!writeOutputFile(QDir(outDir).filePath(j.relPath), b.data(), b.size(), level, &err)) {
            std::lock_guard<std::mutex> lock(mutex);
            if (firstError.isEmpty())
                firstError = err;
            failed.store(true);
        }
    });
    if (!firstError.isEmpty()) {
        *error = firstError;
        return false;
    }
    for (const FileJob *j : todo)
        files->append(j->relPath);
    return true;
}

} // namespace gateline::gen
