// The analysis on generated ALB -> ingress -> Istio sidecar -> app bundles (generate --sidecar
// istio): the load balancer's counts and the 502s' origins exactly as the generator's truth has them
// (the sidecar's own 502s, UPE, named "sidecar"; its 503s for a gone app are no 502s), the sidecar
// logs read as Envoy sidecar sources in every collected shape with no line rejected, and each
// sidecar aligned to its node's clock.
#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"

#include "testbundle.h"

#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// The sidecar pod whose lines a source holds: "<file>" of one pod or "<file>#<pod>" of a merged one.
const GeneratorReplica *sidecarFor(const GeneratorTruth &truth, const QString &source)
{
    const qsizetype hash = source.lastIndexOf(QLatin1Char('#'));
    const QString file = hash < 0 ? source : source.left(hash);
    const QString pod = hash < 0 ? QString() : source.mid(hash + 1);
    const GeneratorReplica *found = nullptr;
    int holders = 0;
    for (const GeneratorReplica &r : truth.sidecars) {
        for (const QString &f : r.files) {
            if (file != f && !file.endsWith(QLatin1Char('/') + f))
                continue;
            ++holders;
            if (pod.isEmpty() || r.pod == pod)
                found = &r;
        }
    }
    return pod.isEmpty() && holders > 1 ? nullptr : found;
}

} // namespace

class TestSidecarAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sidecarBundles_data()
    {
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("cause");
        QTest::addColumn<uint>("seed");
        QTest::newRow("nginx kubectl graceful-shutdown") << QStringLiteral("nginx") << QStringLiteral("kubectl")
                                                         << QStringLiteral("graceful-shutdown") << 7u;
        QTest::newRow("nginx kubectl-timestamps oom-crash") << QStringLiteral("nginx") << QStringLiteral("kubectl-timestamps")
                                                            << QStringLiteral("oom-crash") << 13u;
        QTest::newRow("nginx stern keepalive-mismatch") << QStringLiteral("nginx") << QStringLiteral("stern")
                                                        << QStringLiteral("keepalive-mismatch") << 9u;
        QTest::newRow("nginx cri pod-not-ready") << QStringLiteral("nginx") << QStringLiteral("cri")
                                                 << QStringLiteral("pod-not-ready") << 10u;
        QTest::newRow("traefik kubectl keepalive-mismatch") << QStringLiteral("traefik") << QStringLiteral("kubectl")
                                                            << QStringLiteral("keepalive-mismatch") << 11u;
        // Overload: hundreds of app-made 502s on the same paths as the sidecar's; the ingress format
        // carries X-Amzn-Trace-Id so that each ALB 502 finds its own ingress line.
        QTest::newRow("nginx kubectl-prefix hpa-too-slow, trace ids") << QStringLiteral("nginx") << QStringLiteral("kubectl-prefix+trace")
                                                                      << QStringLiteral("hpa-too-slow") << 14u;
        QTest::newRow("nginx loki-logcli health-check-flapping") << QStringLiteral("nginx") << QStringLiteral("loki-logcli")
                                                                 << QStringLiteral("health-check-flapping") << 15u;
        QTest::newRow("nginx docker-json graceful-shutdown") << QStringLiteral("nginx") << QStringLiteral("docker-json")
                                                             << QStringLiteral("graceful-shutdown") << 16u;
    }
    void sidecarBundles()
    {
        QFETCH(QString, ingress);
        QFETCH(QString, shape);
        QFETCH(QString, cause);
        QFETCH(uint, seed);
        GeneratorOptions o;
        o.cause = cause;
        o.ingress = ingress;
        o.ingressShape = shape.section(QLatin1Char('+'), 0, 0);
        o.ingressTraceId = shape.endsWith(QLatin1String("+trace"));
        o.sidecar = QStringLiteral("istio");
        o.ingressSkewSeconds = 1.3;
        o.durationMinutes = 15;
        o.seed = seed;
        const auto l = testutil::generateStore(o);
        QVERIFY2(l->store, qPrintable(l->error));
        const GeneratorTruth &t = l->truth;
        // The bundle has what the rows are about: sidecar lines, sidecar 503s and sidecar 502s.
        QCOMPARE(t.sidecar, QStringLiteral("istio"));
        QVERIFY(t.sidecarLines > 0);
        QVERIFY2(t.sidecarMade503 > 0, "no 503 the sidecar answered for a gone app");
        QVERIFY2(t.origin502Sidecar > 0, "no 502 the sidecar made");
        QVERIFY(!t.sidecars.isEmpty());

        const Analysis a(*l->store, {});
        testutil::checkCounts(a, t);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(a.origin().sidecar, t.origin502Sidecar);

        // Every sidecar file is read as an Istio sidecar's Envoy log, one source per pod, its lines
        // all requests; nothing in the bundle is rejected.
        qint64 sidecarRequests = 0;
        QSet<QString> podsSeen;
        for (qsizetype i = 0; i < a.store().sourceCount(); ++i) {
            const SourceId id{int(i)};
            const SourceData &s = a.store().source(id);
            const QString name = s.locator.displayPath();
            const GeneratorReplica *pod = sidecarFor(t, name);
            if (!pod) {
                QVERIFY2(!s.sidecar, qPrintable(name));
                continue;
            }
            QVERIFY2(s.format == SourceFormat::Envoy && s.sidecar, qPrintable(name));
            QVERIFY2(!podsSeen.contains(pod->pod), qPrintable(name));
            podsSeen.insert(pod->pod);
            QCOMPARE(qint64(s.size()), pod->accessLines);
            sidecarRequests += s.size();
            // On its node's clock, aligned to the ingress within 0.5 s; through Traefik's CLF, whose
            // times are whole seconds (its own offset is within 0.5 s of the truth), within 1 s.
            const SourceAlignment &al = a.timeline().alignment(id);
            const double tolerance = ingress == QLatin1String("nginx") ? 0.5 : 1.0;
            QVERIFY2(al.method == SourceAlignment::Estimated && std::abs(al.offsetSeconds - pod->expectedClockOffsetSeconds) <= tolerance,
                     qPrintable(QStringLiteral("%1: estimated %2 (%3), truth %4")
                                    .arg(name)
                                    .arg(al.offsetSeconds)
                                    .arg(al.note)
                                    .arg(pod->expectedClockOffsetSeconds)));
        }
        QCOMPARE(podsSeen.size(), t.sidecars.size());
        QCOMPARE(sidecarRequests, t.sidecarLines);
        QCOMPARE(a.store().totalRejected(), 0);
    }

    // Without --sidecar nothing changes: no sidecar source, no sidecar origin.
    void noSidecarByDefault()
    {
        GeneratorOptions o;
        o.durationMinutes = 5;
        o.seed = 12;
        const auto l = testutil::generateStore(o);
        QVERIFY2(l->store, qPrintable(l->error));
        QVERIFY(l->truth.sidecar.isEmpty());
        QCOMPARE(l->truth.origin502Sidecar, 0);
        QVERIFY(!l->truth.filesByKind.contains(QStringLiteral("sidecar")));
        const Analysis a(*l->store, {});
        QCOMPARE(a.origin().sidecar, 0);
        for (qsizetype i = 0; i < a.store().sourceCount(); ++i)
            QVERIFY(!a.store().source(SourceId{int(i)}).sidecar);
    }

    void unknownSidecarIsRefused()
    {
        GeneratorOptions o;
        o.sidecar = QStringLiteral("linkerd");
        QTemporaryDir dir;
        QString error;
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY2(error.contains(QStringLiteral("unknown sidecar")), qPrintable(error));
        o.sidecar = QStringLiteral("istio");
        o.ingress = QStringLiteral("none");
        QVERIFY(!generateBundle(o, dir.path(), nullptr, &error));
        QVERIFY2(error.contains(QStringLiteral("needs an ingress")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSidecarAnalysis)
#include "tst_sidecar_analysis.moc"
