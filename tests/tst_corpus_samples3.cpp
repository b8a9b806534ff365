// What matters in the real samples of tests/data/corpus added by h45 (PROVENANCE.md, section h45;
// all Via T, lines pasted in public issue threads): `kubectl get events -o wide` rows as the helm
// chart-testing tool prints them when an install fails (SUBOBJECT, SOURCE, FIRST SEEN, COUNT and
// NAME columns, no header in the stored copy), `kubectl get events --watch` followed by kubectl's
// NAME/AGE rows, `kubectl events --for job/…` with its command line, an ingress-nginx 1.13
// controller that panics after its start-up klog lines, and a ReplicaSet's describe output pasted
// without its head. The per-line accounting of these files is tst_corpus (corpus-lines.tsv,
// corpus-rejects.txt).
#include "corpustestutil.h"

#include "ingest/sourcereader.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace gateline;
using namespace corpustest;

class TestCorpusSamples3 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // duyet/charts#241: chart-testing (`ct install`) printed `kubectl get events --output wide` for
    // the namespace of a failed install; the stored copy of the bot's comment starts inside the
    // table, so these are three wide rows without their header: LAST SEEN, TYPE, REASON, OBJECT,
    // SUBOBJECT (empty on the scheduler's row), SOURCE ("kubelet, NODE" or "default-scheduler"),
    // MESSAGE, FIRST SEEN, COUNT and the event's NAME. Read by the shape of the rows: the node is
    // the source's second word, the readiness failure a Warning.
    void wideRowsWithoutHeader()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/duyet-charts-pr-241-ct-get-events-wide-rows.txt"),
                                                  capturedAt("2026-09-16T19:54:20Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(3));
        QCOMPARE(s.rejected.total, qint64(0));
        const qint64 capture = usOf("2026-09-16T19:54:20Z");
        const QList<qint64> ages{7, 6, 4};
        const QList<QByteArray> reasons{"Pulled", "Unhealthy", "Scheduled"};
        const QList<QByteArray> objects{"Pod/uptime-kuma-6in4allybz-594c865d76-cb5bh", "Pod/uptime-kuma-6in4allybz-594c865d76-cb5bh",
                                        "Pod/uptime-kuma-6in4allybz-test-connection"};
        const QList<QByteArray> hosts{"chart-testing-control-plane", "chart-testing-control-plane", ""};
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QCOMPARE(s.time(i).us, capture - ages[i] * kSecond);
            QCOMPARE(str(s, SourceData::Reason, i), reasons[i]);
            QCOMPARE(str(s, SourceData::Object, i), objects[i]);
            QCOMPARE(str(s, SourceData::Host, i), hosts[i]);
            QCOMPARE(str(s, SourceData::Namespace, i), QByteArray());
            QCOMPARE(s.count(i), 1);
            QCOMPARE(bool(s.flags(i) & FlagWarning), i == 1);
        }
        // The message alone: neither the SUBOBJECT/SOURCE before it nor FIRST SEEN/COUNT/NAME after.
        QCOMPARE(str(s, SourceData::Text, 0),
                 QByteArray("Successfully pulled image \"louislam/uptime-kuma:1.18.5\" in 5.166s (5.166s including waiting)"));
        QCOMPARE(str(s, SourceData::Text, 1),
                 QByteArray("Readiness probe failed: Get \"http://10.244.0.5:3001/\": dial tcp 10.244.0.5:3001: connect: connection refused"));
        QCOMPARE(str(s, SourceData::Text, 2),
                 QByteArray("Successfully assigned uptime-kuma-6in4allybz/uptime-kuma-6in4allybz-test-connection to chart-testing-control-plane"));
    }

    // caronc/apprise-api#262 (egvimo): the same chart-testing table from another chart, whose
    // SOURCE and MESSAGE columns are padded to over 100 characters by rows the stored copy leaves
    // out (the cells are separated by up to 120 spaces). A readiness-probe Warning and the
    // scheduler's row, 24 s and 20 s before the capture.
    void wideRowsWithVeryWideColumns()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/apprise-api-issue-262-ct-get-events-wide-rows.txt"),
                                                  capturedAt("2025-10-19T07:53:40Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        const qint64 capture = usOf("2025-10-19T07:53:40Z");
        QCOMPARE(s.time(0).us, capture - 24 * kSecond);
        QCOMPARE(s.time(1).us, capture - 20 * kSecond);
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("Unhealthy"));
        QVERIFY(s.flags(0) & FlagWarning);
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray("Pod/apprise-fanm4zykwu-64df64699-q94pm"));
        QCOMPARE(str(s, SourceData::Host, 0), QByteArray("chart-testing-control-plane"));
        QCOMPARE(str(s, SourceData::Text, 0),
                 QByteArray("Readiness probe failed: Get \"http://10.244.0.6:8000/status\": dial tcp 10.244.0.6:8000: connect: connection refused"));
        QCOMPARE(str(s, SourceData::Reason, 1), QByteArray("Scheduled"));
        QVERIFY(!(s.flags(1) & FlagWarning));
        QCOMPARE(str(s, SourceData::Object, 1), QByteArray("Pod/apprise-fanm4zykwu-test-connection"));
        QCOMPARE(str(s, SourceData::Host, 1), QByteArray());
        QCOMPARE(str(s, SourceData::Text, 1),
                 QByteArray("Successfully assigned apprise-ns/apprise-fanm4zykwu-test-connection to chart-testing-control-plane"));
    }

    // kubernetes/kubectl#767 (goutamtadi1, 2019-11-13): `kubectl get events --watch` printed the
    // table's first two rows, then every event it watched through kubectl's default printer: a
    // "NAME AGE" header and nine "OBJECT.HEX 0s" rows (the bug the issue reports). Those say no
    // reason and no type; they are rejected as no event table row, the two real rows read.
    void getEventsWatchThenNameAgeRows()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/kubectl-issue-767-get-events-watch-name-age.txt"),
                                                  capturedAt("2019-11-13T00:00:00Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(10));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not an event table row")), qint64(10));
        const qint64 capture = usOf("2019-11-13T00:00:00Z");
        QCOMPARE(s.time(0).us, capture - 15 * kSecond);
        QCOMPARE(s.time(1).us, capture - 14 * kSecond);
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("Pulled"));
        QCOMPARE(str(s, SourceData::Reason, 1), QByteArray("Created"));
        for (qsizetype i = 0; i < 2; ++i) {
            QCOMPARE(str(s, SourceData::Object, i), QByteArray("Pod/greenplum-operator-5575c9fc9d-kx92d"));
            QVERIFY(!(s.flags(i) & FlagWarning));
        }
        QCOMPARE(str(s, SourceData::Text, 0), QByteArray("Container image \"greenplum-operator:latest\" already present on machine"));
        QCOMPARE(str(s, SourceData::Text, 1), QByteArray("Created container greenplum-operator"));
    }

    // buildkite/agent-stack-k8s#857 (adanducci): `kubectl events --for job/NAME` with the command
    // line above it and "..." below: one Warning FailedCreate of a Job (the pod exceeded the
    // namespace's memory quota), 3m34s old. OBJECT is "Job/NAME" (kubectl events capitalises the
    // kind). The command line and the "..." are the two rejected lines.
    void kubectlEventsForAJob()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/buildkite-agent-stack-k8s-issue-857-kubectl-events-for-job.txt"),
                                                  capturedAt("2026-04-10T12:00:00Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(2));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not an event table row")), qint64(2));
        QCOMPARE(s.time(0).us, usOf("2026-04-10T12:00:00Z") - 214 * kSecond);
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("FailedCreate"));
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray("Job/buildkite-019d7813-0826-4dc2-b129-e4877346b48c"));
        QVERIFY(s.flags(0) & FlagWarning);
        QVERIFY(str(s, SourceData::Text, 0)
                    .startsWith("Error creating: pods \"buildkite-019d7813-0826-4dc2-b129-e4877346b48c-xqd4q\" is forbidden: exceeded quota"));
        QVERIFY(str(s, SourceData::Text, 0).endsWith("limited: requests.memory=768G"));
    }

    // kubernetes/ingress-nginx#13605 (alexmorbo, 2025-07-10): an ingress-nginx v1.13.0 controller's
    // container log after a node restart: the start banner (pasted without its lines of dashes), a
    // blank line, five klog lines of the start-up (a W line about the in-cluster config, then I
    // lines with structured key="value" pairs), and the Go panic that killed it ("panic: runtime
    // error: invalid memory address or nil pointer dereference" and its "[signal SIGSEGV ...]"
    // line, no goroutine dump in the paste). The panic has no time of its own: that of the klog
    // line before it. klog has no year: the capture time's.
    void ingressNginxPanicAfterStart()
    {
        const SourceReadResult r = readSourceFile(corpusPath("controller-log/ingress-nginx-issue-13605-banner-klog-panic.log"),
                                                  capturedAt("2025-07-10T20:00:00Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.size(), qsizetype(7));
        QCOMPARE(s.rejected.total, qint64(0));
        // the banner, the five klog lines, the panic
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("start"));
        QVERIFY(str(s, SourceData::Text, 0).contains("Release:       v1.13.0"));
        QCOMPARE(s.time(1).us, usOf("2025-07-10T19:20:59Z") + 966578);
        // klog's W is a warning, not an error: only E and F lines carry the warning flag (below).
        QVERIFY(str(s, SourceData::Text, 1).startsWith("Neither --kubeconfig nor --master was specified."));
        QCOMPARE(str(s, SourceData::Text, 3), QByteArray("\"Running in Kubernetes cluster\" major=\"1\" minor=\"31\" git=\"v1.31.2\""));
        QCOMPARE(s.time(5).us, usOf("2025-07-10T19:21:00Z") + 481037);
        for (qsizetype i = 0; i <= 5; ++i)
            QVERIFY(!(s.flags(i) & FlagWarning));
        QCOMPARE(str(s, SourceData::Reason, 6), QByteArray("panic"));
        QVERIFY(s.flags(6) & FlagWarning);
        QCOMPARE(s.time(6).us, s.time(5).us);
        QVERIFY(str(s, SourceData::Text, 6).startsWith("panic: runtime error: invalid memory address or nil pointer dereference"));
        QVERIFY(str(s, SourceData::Text, 6).contains("[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x192ba36]"));
        // The banner's time: the first klog line's (it has none of its own).
        QVERIFY(s.time(0).us <= s.time(1).us);
    }

    // werf/kubedog#216 (dudicoco, 2021-07-29): the tail of `kubectl describe rs` as pasted, from
    // "Conditions:" on (ReplicaFailure True FailedCreate) to the Events block with one Warning
    // FailedCreate (a LimitRange refused the pod), 102s old. No Name: line: the Conditions block was
    // rejected line by line ("line before the first Name:", "indented line outside a block") until
    // h45; both blocks are read now and no line is rejected.
    void describeReplicaSetWithoutItsHead()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-describe/kubedog-issue-216-describe-rs-conditions-events.txt"),
                                                  capturedAt("2021-07-29T12:00:00Z"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sDescribe);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.kind(0), EventKind::K8sEvent);
        QCOMPARE(s.time(0).us, usOf("2021-07-29T12:00:00Z") - 102 * kSecond);
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("FailedCreate"));
        QVERIFY(s.flags(0) & FlagWarning);
        QVERIFY(str(s, SourceData::Text, 0).startsWith("Error creating: pods \"amazing-app-5b4c58fbb9-8gsvl\" is forbidden: [cpu max limit"));
    }
};

QTEST_GUILESS_MAIN(TestCorpusSamples3)
#include "tst_corpus_samples3.moc"
