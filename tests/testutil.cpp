#include "testutil.h"
#include "testbundle.h"

#include "ingest/bundleloader.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>
#include <QTest>

#include <zlib.h>

namespace testutil {

QString GeneratedBundle::path() const
{
    return dir.path() + QStringLiteral("/b");
}

QString GeneratedBundle::text() const
{
    QString out;
    for (const gateline::CauseScore &c : causes)
        out += QStringLiteral("%1 %2 (%3)%4\n")
                   .arg(c.id)
                   .arg(c.score, 0, 'f', 2)
                   .arg(c.support, 0, 'f', 2)
                   .arg(c.role.isEmpty() ? QString() : QLatin1Char(' ') + c.role);
    return out;
}

QString GeneratedBundle::why(const gateline::Diagnosis &d) const
{
    const QString out = d.text() + QLatin1Char('\n') + text();
    if (qEnvironmentVariableIsSet("GATELINE_TEST_VERBOSE"))
        qInfo().noquote() << out;
    return out;
}

const gateline::CauseScore *GeneratedBundle::cause(const QString &id) const
{
    for (const gateline::CauseScore &c : causes)
        if (c.id == id)
            return &c;
    return nullptr;
}

void checkCounts(const gateline::Analysis &a, const gateline::GeneratorTruth &truth)
{
    QCOMPARE(a.counts().requests, truth.requests);
    QCOMPARE(a.counts().status502, truth.status502);
    QCOMPARE(a.counts().missingUpstream502, truth.missingUpstream502);
    QCOMPARE(a.origin().alb, truth.origin502Alb);
    QCOMPARE(a.origin().ingress, truth.origin502Ingress);
    QCOMPARE(a.origin().app, truth.origin502App);
    QCOMPARE(a.origin().undetermined, 0);
}

gateline::GeneratorOptions StudyDraw::options() const
{
    gateline::GeneratorOptions o;
    o.cause = cause;
    o.ingress = ingress;
    o.ingressShape = shape;
    o.requestsPerSecond = rps;
    o.durationMinutes = minutes;
    o.albTargetType = target;
    o.ingressSkewSeconds = skew;
    o.replicaSkewSeconds = replicaSkew;
    o.seed = seed;
    o.cdn = cdn;
    o.noise = true;
    o.threads = 1;
    o.wideTimings = false;
    o.extremeTimings = true;
    return o;
}

std::unique_ptr<GeneratedBundle> generateStore(const gateline::GeneratorOptions &o, const QString &dropFiles)
{
    auto b = std::make_unique<GeneratedBundle>();
    if (!gateline::generateBundle(o, b->path(), &b->truth, &b->error)) {
        if (b->error.isEmpty())
            b->error = QStringLiteral("the generator failed");
        return b;
    }
    if (!dropFiles.isEmpty())
        for (const QString &f : std::as_const(b->truth.files))
            if (f.contains(dropFiles))
                QFile::remove(b->path() + QLatin1Char('/') + f);
    b->store = std::make_unique<gateline::EventStore>(gateline::BundleLoader().load({b->path()}));
    return b;
}

std::unique_ptr<GeneratedBundle> generateBundle(const gateline::GeneratorOptions &o, const QString &dropFiles)
{
    auto b = generateStore(o, dropFiles);
    if (!b->store)
        return b;
    b->analysis = std::make_unique<gateline::Analysis>(*b->store, gateline::AnalysisOptions{});
    b->causes = gateline::rankCauses(*b->analysis);
    return b;
}

QMap<QString, QByteArray> readTree(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            files.insert(QDir(root).relativeFilePath(path), f.readAll());
    }
    return files;
}

QString dataPath(const QString &relative)
{
    return QStringLiteral(GATELINE_TEST_DATA "/") + relative;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QByteArray gunzip(const QByteArray &gz)
{
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) // gzip or zlib, by its header
        return {};
    QByteArray out;
    char buf[1 << 16];
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gz.constData()));
    z.avail_in = uInt(gz.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef *>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, qsizetype(sizeof buf - z.avail_out));
        if (rc == Z_STREAM_END && z.avail_in > 0) { // the next member
            inflateReset(&z);
            rc = Z_OK;
        }
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}

bool matchesGolden(const QString &goldenPath, const QString &actual, QString *diff)
{
    if (qEnvironmentVariableIntValue("GATELINE_REGENERATE") == 1) {
        QDir().mkpath(QFileInfo(goldenPath).absolutePath());
        QSaveFile f(goldenPath);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(actual.toUtf8());
            f.commit();
        }
        return true;
    }
    const QString expected = QString::fromUtf8(readAll(goldenPath));
    if (expected == actual)
        return true;
    const QStringList e = expected.split(QLatin1Char('\n'));
    const QStringList a = actual.split(QLatin1Char('\n'));
    QString d = QStringLiteral("--- %1 (expected)\n+++ actual\n").arg(goldenPath);
    int shown = 0;
    for (qsizetype i = 0; i < std::max(e.size(), a.size()) && shown < 40; ++i) {
        const QString el = i < e.size() ? e[i] : QString();
        const QString al = i < a.size() ? a[i] : QString();
        if (el != al) {
            d += QStringLiteral("@@ line %1\n-%2\n+%3\n").arg(i + 1).arg(el, al);
            ++shown;
        }
    }
    if (expected.isEmpty())
        d += QStringLiteral("(golden file missing or empty: run scripts/regen-golden.sh)\n");
    *diff = d;
    return false;
}

} // namespace testutil
