// The wrappers that log collectors put around a container's lines, recognised and stripped before
// the line's own kind is decided: `kubectl logs --timestamps` and `--prefix`, stern, the node's CRI
// files (/var/log/pods), Docker's json-file, `docker compose logs`, `docker service logs` (Swarm),
// and Grafana Loki's logcli output (default and jsonl).
#pragma once

#include "types.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace gateline {

enum class Wrapper : quint8 {
    None,
    KubectlTimestamps, // "2024-06-02T10:06:23.132189012Z line"
    KubectlPrefix,     // "[pod/NAME/CONTAINER] line", maybe with --timestamps after the prefix
    Stern,             // "POD CONTAINER line" (ANSI colours stripped), maybe with a timestamp (RFC 3339,
                       // or --timestamps=short "01-02 15:04:05", which is stripped)
    SternNamespaced,   // "NAMESPACE POD CONTAINER line" (stern --all-namespaces)
    Cri,               // "2016-10-06T00:17:09.669794202Z stdout F line" (P: a partial line)
    DockerJson,        // {"log":"line\n","stream":"stdout","time":"..."}
    LokiLogcli,        // "2021-01-01T00:00:00Z {app="x", pod="y"} line"
    LokiJsonl,         // {"labels":{...},"line":"...","timestamp":"..."} (logcli --output=jsonl)
    DockerCompose,     // "SERVICE-1    | line" (docker compose logs; v1 "SERVICE_1"), maybe with -t's time
    DockerService,     // "STACK_SERVICE.SLOT.TASK@NODE    | line" (docker service logs, Swarm), maybe with -t's time
};

// A user-facing name ("kubectl logs --timestamps", "stern", "CRI log file", ...); empty for None.
QString wrapperName(Wrapper w);

struct UnwrappedLine {
    QByteArrayView content;   // the container's own line
    Timestamp time;           // the wrapper's time (node clock, UTC); us == 0 if none
    QByteArrayView pod;       // where the wrapper names the replica
    QByteArrayView container;
    bool stderrStream = false;
    bool partial = false;     // a CRI "P" piece: the line continues in the next piece
};

class LineUnwrapper
{
public:
    // Decides the stream's wrapper from its first bytes: the one most head lines carry (None if
    // fewer than 60% of the non-empty lines carry any). isKnownLine tells whether an unwrapped
    // line is of a known kind (used to tell stern's two name columns from an ordinary line).
    static Wrapper detect(QByteArrayView head, bool (*isKnownLine)(QByteArrayView));

    explicit LineUnwrapper(Wrapper w) : m_wrapper(w) {}
    Wrapper wrapper() const { return m_wrapper; }
    // Strips the wrapper. False if the line does not carry it (*reason says how it differs).
    // Views point into line or into an internal buffer valid until the next call.
    bool unwrap(QByteArrayView line, UnwrappedLine *out, QString *reason);

private:
    static bool unwrapOne(Wrapper w, QByteArrayView line, UnwrappedLine *out, QByteArray *scratch);
    Wrapper m_wrapper;
    QByteArray m_scratch;
    QByteArray m_ansi;
};

// logcli's "Common labels: {job="x", pod="y"}" line (written once, to stderr, before the lines,
// whose own label sets then leave those labels out): the pod and container it names, if any.
bool parseLogcliCommonLabels(QByteArrayView line, QByteArray *pod, QByteArray *container);
// stern's line when it starts ("+ POD › CONTAINER") or stops ("- POD › CONTAINER") following a
// container's log (colours allowed).
bool isSternMarker(QByteArrayView line);
// The query URL logcli writes first ("https://HOST/loki/api/v1/query_range?query=...").
bool isLogcliQueryUrl(QByteArrayView line);

// Removes ANSI colour/CSI sequences ("\x1b[31m") into out; returns false if there were none.
bool stripAnsi(QByteArrayView line, QByteArray *out);
// A leading RFC 3339 timestamp token followed by a space: its time, and the rest of the line.
bool splitLeadingTimestamp(QByteArrayView line, Timestamp *t, QByteArrayView *rest);

} // namespace gateline
