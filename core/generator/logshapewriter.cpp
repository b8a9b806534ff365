#include "logshapewriter.h"

#include "genrandom.h"
#include "outputfile.h"

#include <QDir>
#include <algorithm>
#include <iterator>

namespace gateline::gen {

namespace {

qint64 floorDivNs(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && (a < 0))
        --q;
    return q;
}

constexpr qint64 kNsPerSec = 1000000000;

// A container runtime (containerd, dockerd) cuts a line longer than its buffer into pieces; the
// last piece is the one that ends the line.
template <typename Put>
void forEachRuntimePiece(QByteArrayView text, Put put)
{
    qsizetype done = 0;
    do {
        const qsizetype piece = std::min<qsizetype>(text.size() - done, qsizetype(LogShapeWriter::kRuntimeMaxLine));
        put(text.sliced(done, piece), done + piece == text.size());
        done += piece;
    } while (done < text.size());
}

// Stern's colour lists (fatih/color): pods in the bright variants, containers in the normal ones.
const int kSternPodColors[] = {96, 92, 95, 93, 94, 91};
const int kSternContainerColors[] = {36, 32, 35, 33, 34, 31};

QByteArray trimmed(QByteArrayView v)
{
    return v.trimmed().toByteArray();
}

} // namespace

void putRfc3339(TextBuffer &b, qint64 ns, int fractionDigits)
{
    const qint64 sec = floorDivNs(ns, kNsPerSec);
    const qint64 frac = ns - sec * kNsPerSec;
    const CivilTime t = civilFromMicros(sec * 1000000);
    b.putPadded(t.year, 4);
    b.put('-');
    b.putPadded(t.month, 2);
    b.put('-');
    b.putPadded(t.day, 2);
    b.put('T');
    b.putPadded(t.hour, 2);
    b.put(':');
    b.putPadded(t.minute, 2);
    b.put(':');
    b.putPadded(t.second, 2);
    if (fractionDigits == 9) {
        b.put('.');
        b.putPadded(frac, 9);
    } else if (fractionDigits < 0 && frac) {
        qint64 f = frac;
        int digits = 9;
        while (f % 10 == 0) {
            f /= 10;
            --digits;
        }
        b.put('.');
        b.putPadded(f, digits);
    }
    b.put('Z');
}

void putDockerEscaped(TextBuffer &b, QByteArrayView s)
{
    for (char c : s) {
        switch (c) {
        case '"': b.put("\\\"", 2); break;
        case '\\': b.put("\\\\", 2); break;
        case '\n': b.put("\\n", 2); break;
        case '\r': b.put("\\r", 2); break;
        case '\t': b.put("\\t", 2); break;
        case '<': b.put("\\u003c", 6); break;
        case '>': b.put("\\u003e", 6); break;
        case '&': b.put("\\u0026", 6); break;
        default:
            if (uchar(c) < 0x20 || c == 0x7f) {
                b.put("\\u00", 4);
                b.putHex(uchar(c), 2);
            } else {
                b.put(c);
            }
        }
    }
}

bool LogShapeWriter::save(const QString &outDir, const QString &rel, const TextBuffer &b, QStringList *files, QString *error)
{
    if (!writeOutputFile(QDir(outDir).filePath(rel), b.data(), b.size(), -1, error))
        return false;
    files->append(rel);
    return true;
}

bool LogShapeWriter::write(const QString &shape, const QString &outDir, QStringList *files,
                           std::vector<QStringList> *replicaFiles, QString *error)
{
    replicaFiles->resize(m_logs.size());
    for (PodLog &l : m_logs)
        l.sort();
    if (shape == QLatin1String("kubectl"))
        return perPod(outDir, false, files, replicaFiles, error);
    if (shape == QLatin1String("kubectl-timestamps"))
        return perPod(outDir, true, files, replicaFiles, error);
    if (shape == QLatin1String("kubectl-prefix"))
        return prefixed(outDir, files, replicaFiles, error);
    if (shape == QLatin1String("stern") || shape == QLatin1String("stern-color"))
        return stern(outDir, shape == QLatin1String("stern-color"), files, replicaFiles, error);
    if (shape == QLatin1String("cri"))
        return cri(outDir, files, replicaFiles, error);
    if (shape == QLatin1String("docker-json"))
        return dockerJson(outDir, files, replicaFiles, error);
    if (shape == QLatin1String("loki-logcli"))
        return lokiCli(outDir, files, replicaFiles, error);
    if (shape == QLatin1String("loki-json"))
        return lokiJson(outDir, files, replicaFiles, error);
    *error = QStringLiteral("unknown ingress log shape '%1'").arg(shape);
    return false;
}

bool LogShapeWriter::perPod(const QString &outDir, bool timestamps, QStringList *files,
                            std::vector<QStringList> *replicaFiles, QString *error)
{
    TextBuffer b;
    for (const PodLog &log : m_logs) {
        const SimPod &pod = m_world.topo.pods[size_t(log.pod)];
        b.clear();
        for (const LogLine &l : log.lines) {
            if (timestamps) {
                putRfc3339(b, l.stampNs, 9);
                b.put(' ');
            }
            b.put(log.line(l));
            b.put('\n');
        }
        const QString rel = QString::fromLatin1(m_folder + '/' + pod.name + ".log");
        if (!save(outDir, rel, b, files, error))
            return false;
        (*replicaFiles)[size_t(log.replica)].append(rel);
    }
    return true;
}

bool LogShapeWriter::prefixed(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles,
                              QString *error)
{
    // Without --follow kubectl fetches the pods one after the other, in the API's (name) order.
    std::vector<const PodLog *> order;
    for (const PodLog &l : m_logs)
        order.push_back(&l);
    const Topology &t = m_world.topo;
    std::sort(order.begin(), order.end(), [&t](const PodLog *a, const PodLog *b) {
        return t.pods[size_t(a->pod)].name < t.pods[size_t(b->pod)].name;
    });
    TextBuffer b;
    for (const PodLog *log : order) {
        const SimPod &pod = t.pods[size_t(log->pod)];
        for (const LogLine &l : log->lines) {
            b.put("[pod/");
            b.put(pod.name);
            b.put('/');
            b.put(containerOf(pod));
            b.put("] ");
            putRfc3339(b, l.stampNs, 9);
            b.put(' ');
            b.put(log->line(l));
            b.put('\n');
        }
    }
    const QString rel = QString::fromLatin1(m_folder + "/kubectl-logs-" + t.pods[size_t(m_logs.front().pod)].appLabel + ".log");
    if (!save(outDir, rel, b, files, error))
        return false;
    for (const PodLog &log : m_logs)
        (*replicaFiles)[size_t(log.replica)].append(rel);
    return true;
}

bool LogShapeWriter::stern(const QString &outDir, bool color, QStringList *files, std::vector<QStringList> *replicaFiles,
                           QString *error)
{
    // Stern follows all pods at once: lines arrive in (real) time order.
    struct Ref {
        qint64 realNs;
        quint32 log, line;
    };
    std::vector<Ref> all;
    for (size_t k = 0; k < m_logs.size(); ++k)
        for (size_t i = 0; i < m_logs[k].lines.size(); ++i)
            all.push_back({m_logs[k].lines[i].stampNs - m_logs[k].skewUs * 1000, quint32(k), quint32(i)});
    std::stable_sort(all.begin(), all.end(), [](const Ref &a, const Ref &b) { return a.realNs < b.realNs; });
    const Topology &t = m_world.topo;
    TextBuffer b;
    for (const Ref &r : all) {
        const PodLog &log = m_logs[r.log];
        const SimPod &pod = t.pods[size_t(log.pod)];
        if (color) {
            b.put("\x1b[");
            b.putInt(kSternPodColors[size_t(log.replica) % std::size(kSternPodColors)]);
            b.put('m');
            b.put(pod.name);
            b.put("\x1b[0m \x1b[");
            b.putInt(kSternContainerColors[size_t(log.replica) % std::size(kSternContainerColors)]);
            b.put('m');
            b.put(containerOf(pod));
            b.put("\x1b[0m ");
        } else {
            b.put(pod.name);
            b.put(' ');
            b.put(containerOf(pod));
            b.put(' ');
        }
        b.put(log.line(log.lines[r.line]));
        b.put('\n');
    }
    const QString rel = QString::fromLatin1(m_folder + "/stern-" + t.pods[size_t(m_logs.front().pod)].appLabel + ".log");
    if (!save(outDir, rel, b, files, error))
        return false;
    for (const PodLog &log : m_logs)
        (*replicaFiles)[size_t(log.replica)].append(rel);
    return true;
}

bool LogShapeWriter::cri(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles, QString *error)
{
    TextBuffer b;
    for (const PodLog &log : m_logs) {
        const SimPod &pod = m_world.topo.pods[size_t(log.pod)];
        const quint16 instances = quint16(log.instanceStarts.size() + 1);
        for (quint16 n = 0; n < instances; ++n) {
            b.clear();
            for (const LogLine &l : log.lines) {
                if (l.instance != n)
                    continue;
                forEachRuntimePiece(log.line(l), [&](QByteArrayView piece, bool last) {
                    putRfc3339(b, l.stampNs, -1);
                    b.put(l.stream ? " stderr " : " stdout ");
                    b.put(last ? "F " : "P ");
                    b.put(piece);
                    b.put('\n');
                });
            }
            const QString rel = QString::fromLatin1("var/log/pods/" + pod.ns + '_' + pod.name + '_' + pod.uid + '/'
                                                    + containerOf(pod) + '/' + QByteArray::number(n) + ".log");
            if (!save(outDir, rel, b, files, error))
                return false;
            (*replicaFiles)[size_t(log.replica)].append(rel);
        }
    }
    return true;
}

bool LogShapeWriter::dockerJson(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles,
                                QString *error)
{
    TextBuffer b, id;
    for (const PodLog &log : m_logs) {
        const SimPod &pod = m_world.topo.pods[size_t(log.pod)];
        const quint16 instances = quint16(log.instanceStarts.size() + 1);
        for (quint16 n = 0; n < instances; ++n) {
            id.clear();
            for (quint64 i = 0; i < 4; ++i)
                id.putHex(mix(m_seed, hashBytes(pod.uid) + n + (m_container.isEmpty() ? 0 : hashBytes(m_container)), 40 + i), 16);
            b.clear();
            for (const LogLine &l : log.lines) {
                if (l.instance != n)
                    continue;
                forEachRuntimePiece(log.line(l), [&](QByteArrayView piece, bool last) {
                    b.put("{\"log\":\"");
                    putDockerEscaped(b, piece);
                    b.put(last ? "\\n\",\"stream\":\"" : "\",\"stream\":\"");
                    b.put(l.stream ? "stderr" : "stdout");
                    b.put("\",\"time\":\"");
                    putRfc3339(b, l.stampNs, -1);
                    b.put("\"}\n");
                });
            }
            const QString hex = QString::fromLatin1(id.view());
            const QString rel = QStringLiteral("var/lib/docker/containers/") + hex + QLatin1Char('/') + hex
                                + QStringLiteral("-json.log");
            if (!save(outDir, rel, b, files, error))
                return false;
            (*replicaFiles)[size_t(log.replica)].append(rel);
        }
    }
    return true;
}

bool LogShapeWriter::lokiCli(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles,
                             QString *error)
{
    const Topology &t = m_world.topo;
    std::vector<QByteArray> labels;
    size_t width = 0;
    for (const PodLog &log : m_logs) {
        const SimPod &p = t.pods[size_t(log.pod)];
        labels.push_back("{app=\"" + p.appLabel + "\", container=\"" + containerOf(p) + "\", namespace=\"" + p.ns
                         + "\", pod=\"" + p.name + "\"}");
        width = std::max(width, size_t(labels.back().size()));
    }
    for (QByteArray &l : labels)
        l = l.leftJustified(qsizetype(width), ' ');
    struct Ref {
        qint64 ns;
        quint32 log, line;
    };
    std::vector<Ref> all;
    for (size_t k = 0; k < m_logs.size(); ++k)
        for (size_t i = 0; i < m_logs[k].lines.size(); ++i)
            all.push_back({m_logs[k].lines[i].stampNs, quint32(k), quint32(i)});
    // logcli queries backward (newest first) unless --forward is given.
    std::stable_sort(all.begin(), all.end(), [](const Ref &a, const Ref &b) { return a.ns > b.ns; });
    TextBuffer b;
    for (const Ref &r : all) {
        const PodLog &log = m_logs[r.log];
        putRfc3339(b, r.ns, 0);
        b.put(' ');
        b.put(labels[r.log]);
        b.put(' ');
        b.put(trimmed(log.line(log.lines[r.line])));
        b.put('\n');
    }
    const QString rel = QString::fromLatin1(m_folder + "/logcli-" + t.pods[size_t(m_logs.front().pod)].appLabel + ".log");
    if (!save(outDir, rel, b, files, error))
        return false;
    for (const PodLog &log : m_logs)
        (*replicaFiles)[size_t(log.replica)].append(rel);
    return true;
}

bool LogShapeWriter::lokiJson(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles,
                              QString *error)
{
    const Topology &t = m_world.topo;
    TextBuffer b;
    b.put("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[");
    for (size_t k = 0; k < m_logs.size(); ++k) {
        const PodLog &log = m_logs[k];
        const SimPod &p = t.pods[size_t(log.pod)];
        if (k)
            b.put(',');
        b.put("{\"stream\":{\"app\":\"");
        b.put(p.appLabel);
        b.put("\",\"container\":\"");
        b.put(containerOf(p));
        b.put("\",\"job\":\"");
        b.put(p.ns);
        b.put('/');
        b.put(p.appLabel);
        b.put("\",\"namespace\":\"");
        b.put(p.ns);
        b.put("\",\"node_name\":\"");
        b.put(t.nodes[size_t(p.node)].name);
        b.put("\",\"pod\":\"");
        b.put(p.name);
        b.put("\"},\"values\":[");
        // Newest first: query_range's default direction is backward.
        for (size_t i = log.lines.size(); i-- > 0;) {
            const LogLine &l = log.lines[i];
            b.put("[\"");
            b.putInt(l.stampNs);
            b.put("\",\"");
            b.putJsonEscaped(log.line(l));
            b.put(i ? "\"]," : "\"]");
        }
        b.put("]}");
    }
    b.put("]}}\n");
    const QString rel = QString::fromLatin1(m_folder + "/loki-query-range.json");
    if (!save(outDir, rel, b, files, error))
        return false;
    for (const PodLog &log : m_logs)
        (*replicaFiles)[size_t(log.replica)].append(rel);
    return true;
}

} // namespace gateline::gen
