// Writes the ingress controller pods' output (PodLog) the way users collect it:
//  kubectl             one file per pod, `kubectl logs <pod>` (stdout and stderr interleaved);
//  kubectl-timestamps  the same with `--timestamps` (RFC 3339, 9 fraction digits, node clock);
//  kubectl-prefix      `kubectl logs -l ... --prefix --timestamps` for all pods in one file, pod after
//                      pod as kubectl prints them without --follow;
//  stern, stern-color  all pods in one file, `<pod> <container> <line>` in arrival order, plain or
//                      with stern's terminal colours;
//  cri                 the node's var/log/pods/<ns>_<pod>_<uid>/<container>/<restart>.log files
//                      (`<time> <stream> P|F <line>`, lines over 16 KiB split into P pieces);
//  docker-json         var/lib/docker/containers/<id>/<id>-json.log (json-file driver, 16 KiB pieces);
//  loki-logcli         `logcli query --output=default` (newest first, logcli's default direction);
//  loki-json           a Loki query_range response (one stream per pod, newest first).
#pragma once

#include "podlog.h"
#include "topology.h"

#include <QStringList>

namespace gateline::gen {

class LogShapeWriter
{
public:
    LogShapeWriter(const World &world, std::vector<PodLog> &logs, const QByteArray &folder, quint64 seed)
        : m_world(world), m_logs(logs), m_folder(folder), m_seed(seed)
    {
    }
    // Appends the written files to *files and, per replica (index into World::ingressPods), the files
    // holding its lines to (*replicaFiles)[replica].
    bool write(const QString &shape, const QString &outDir, QStringList *files,
               std::vector<QStringList> *replicaFiles, QString *error);

    // The container whose output the logs are (default: the pod's own container, e.g. controller).
    void setContainer(const QByteArray &container) { m_container = container; }

    static constexpr size_t kRuntimeMaxLine = 16 * 1024; // containerd's and dockerd's line buffer

private:
    bool perPod(const QString &outDir, bool timestamps, QStringList *files, std::vector<QStringList> *replicaFiles,
                QString *error);
    bool prefixed(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles, QString *error);
    bool stern(const QString &outDir, bool color, QStringList *files, std::vector<QStringList> *replicaFiles,
               QString *error);
    bool cri(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles, QString *error);
    bool dockerJson(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles, QString *error);
    bool lokiCli(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles, QString *error);
    bool lokiJson(const QString &outDir, QStringList *files, std::vector<QStringList> *replicaFiles, QString *error);
    const QByteArray &containerOf(const SimPod &pod) const { return m_container.isEmpty() ? pod.container : m_container; }
    bool save(const QString &outDir, const QString &rel, const TextBuffer &b, QStringList *files, QString *error);

    const World &m_world;
    std::vector<PodLog> &m_logs;
    QByteArray m_folder;
    quint64 m_seed;
    QByteArray m_container;
};

// RFC 3339 UTC of ns since the epoch: fractionDigits 0 (seconds), 9 (fixed), or -1 (Go's
// RFC3339Nano: trailing zeros and an all-zero fraction dropped).
void putRfc3339(TextBuffer &b, qint64 ns, int fractionDigits);
// Docker's json-file escaping of a log string (Go's HTML-safe JSON: <, >, & as \u003c, \u003e, \u0026).
void putDockerEscaped(TextBuffer &b, QByteArrayView s);

} // namespace gateline::gen
