// Raw lines read back lazily by (source, offset) from plain files, .gz files and archive members,
// and highlighted with our own KSyntaxHighlighting definitions.
#include "archivewriter.h"
#include "testutil.h"

#include "store/rawlinereader.h"
#include "syntaxsupport.h"

#include <KSyntaxHighlighting/Repository>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace gateline;

namespace {
QByteArray lines()
{
    QByteArray all;
    for (int i = 0; i < 5000; ++i)
        all += "line " + QByteArray::number(i) + " " + QByteArray(i % 7 * 10, 'x') + "\n";
    all += "last line without newline";
    return all;
}

qint64 offsetOf(const QByteArray &all, int i)
{
    return all.indexOf("line " + QByteArray::number(i) + " ");
}

bool writeGzip(const QString &path, const QByteArray &data)
{
    gzFile f = gzopen(QFile::encodeName(path).constData(), "wb");
    if (!f)
        return false;
    const bool ok = gzwrite(f, data.constData(), unsigned(data.size())) == int(data.size());
    gzclose(f);
    return ok;
}
} // namespace

class TstUiRawLines : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void plainFile();
    void gzipFile();
    void archiveMember();
    void errors();
    void syntaxDefinitions();

private:
    QTemporaryDir m_dir;
    QByteArray m_all;
};

void TstUiRawLines::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_all = lines();
    QFile f(m_dir.filePath(QStringLiteral("plain.log")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(m_all);
    f.close();
    QVERIFY(writeGzip(m_dir.filePath(QStringLiteral("logs.gz")), m_all));
}

void TstUiRawLines::plainFile()
{
    RawLineReader reader;
    SourceLocator loc;
    loc.filePath = m_dir.filePath(QStringLiteral("plain.log"));
    auto l = reader.readLine(loc, LineOffset{0});
    QCOMPARE(l.text, QByteArray("line 0 "));
    QVERIFY(l.error.isEmpty());
    l = reader.readLine(loc, LineOffset{offsetOf(m_all, 4321)});
    QCOMPARE(l.text, "line 4321 " + QByteArray(4321 % 7 * 10, 'x'));
    l = reader.readLine(loc, LineOffset{offsetOf(m_all, 13)}, 8);
    QCOMPARE(l.text, QByteArray("line 13 "));
    QVERIFY(l.truncated);
    l = reader.readLine(loc, LineOffset{m_all.lastIndexOf('\n') + 1});
    QCOMPARE(l.text, QByteArray("last line without newline"));
    QVERIFY(!l.truncated);
    l = reader.readLines(loc, LineOffset{offsetOf(m_all, 10)}, 3);
    QCOMPARE(l.text.count('\n'), 2);
    QVERIFY(l.text.startsWith("line 10 "));
    QVERIFY(l.text.endsWith(QByteArray(12 % 7 * 10, 'x')));
    QCOMPARE(reader.cachedBytes(), 0); // plain files are read in place
}

void TstUiRawLines::gzipFile()
{
    RawLineReader reader(1 << 20, 64 * 1024); // small windows: several reads, eviction
    SourceLocator loc;
    loc.filePath = m_dir.filePath(QStringLiteral("logs.gz"));
    loc.gzip = true;
    for (int i : {0, 4999, 17, 2500, 2501, 4998}) {
        const auto l = reader.readLine(loc, LineOffset{offsetOf(m_all, i)});
        QVERIFY2(l.error.isEmpty(), qPrintable(l.error));
        QCOMPARE(l.text, "line " + QByteArray::number(i) + " " + QByteArray(i % 7 * 10, 'x'));
    }
    QVERIFY(reader.cachedBytes() > 0);
    QVERIFY(reader.cachedBytes() <= (1 << 20) + 64 * 1024);
    reader.clearCache();
    QCOMPARE(reader.cachedBytes(), 0);
}

void TstUiRawLines::archiveMember()
{
    // A .tar.gz with a plain member and a gzip member.
    QDir(m_dir.path()).mkpath(QStringLiteral("tree/logs"));
    QFile::copy(m_dir.filePath(QStringLiteral("plain.log")), m_dir.filePath(QStringLiteral("tree/logs/a.log")));
    QFile::copy(m_dir.filePath(QStringLiteral("logs.gz")), m_dir.filePath(QStringLiteral("tree/logs/b.log.gz")));
    QVERIFY(testutil::writeFile(
        m_dir.filePath(QStringLiteral("bundle.tgz")),
        testutil::gzip(testutil::tar({{"logs/a.log", testutil::readAll(m_dir.filePath(QStringLiteral("plain.log")))},
                                      {"logs/b.log.gz", testutil::readAll(m_dir.filePath(QStringLiteral("logs.gz")))}}))));
    RawLineReader reader;
    SourceLocator a;
    a.filePath = m_dir.filePath(QStringLiteral("bundle.tgz"));
    a.memberPath = QStringLiteral("logs/a.log");
    auto l = reader.readLine(a, LineOffset{offsetOf(m_all, 77)});
    QVERIFY2(l.error.isEmpty(), qPrintable(l.error));
    QCOMPARE(l.text, "line 77 " + QByteArray(77 % 7 * 10, 'x'));
    SourceLocator b = a;
    b.memberPath = QStringLiteral("logs/b.log.gz");
    b.gzip = true;
    l = reader.readLine(b, LineOffset{offsetOf(m_all, 3000)});
    QVERIFY2(l.error.isEmpty(), qPrintable(l.error));
    QCOMPARE(l.text, "line 3000 " + QByteArray(3000 % 7 * 10, 'x'));
    SourceLocator missing = a;
    missing.memberPath = QStringLiteral("logs/none.log");
    l = reader.readLine(missing, LineOffset{0});
    QVERIFY(l.error.contains(QLatin1String("not found")));
}

void TstUiRawLines::errors()
{
    RawLineReader reader;
    SourceLocator loc;
    loc.filePath = m_dir.filePath(QStringLiteral("gone.log"));
    QVERIFY(!reader.readLine(loc, LineOffset{0}).error.isEmpty());
    loc.filePath = m_dir.filePath(QStringLiteral("plain.log"));
    QVERIFY(reader.readLine(loc, LineOffset{m_all.size() + 100}).error.contains(QLatin1String("past the end")));
    loc.filePath = m_dir.filePath(QStringLiteral("logs.gz"));
    loc.gzip = true;
    QVERIFY(reader.readLine(loc, LineOffset{m_all.size() + 100}).error.contains(QLatin1String("past the end")));
    QVERIFY(!reader.readLine(loc, LineOffset{-1}).error.isEmpty());
}

void TstUiRawLines::syntaxDefinitions()
{
    for (SourceFormat f : {SourceFormat::Alb, SourceFormat::NginxAccess, SourceFormat::NginxIngress, SourceFormat::NginxError,
                           SourceFormat::TraefikClf, SourceFormat::TraefikJson}) {
        const auto def = syntaxDefinitionFor(f);
        QVERIFY2(def.isValid(), qPrintable(formatId(f)));
    }
    QCOMPARE(syntaxDefinitionFor(SourceFormat::Alb).name(), QStringLiteral("Gateline ALB Access Log"));
    QCOMPARE(syntaxDefinitionFor(SourceFormat::NginxError).name(), QStringLiteral("Gateline NGINX Error Log"));
    QCOMPARE(syntaxDefinitionFor(SourceFormat::K8sEvents, "{\"kind\": \"Event\"}").name(), QStringLiteral("JSON"));
    QCOMPARE(syntaxDefinitionFor(SourceFormat::K8sEvents, "- apiVersion: v1").name(), QStringLiteral("YAML"));
    QCOMPARE(syntaxDefinitionFor(SourceFormat::Envoy, "{\"start_time\":\"2024-01-01T00:00:00.000Z\"}").name(), QStringLiteral("JSON"));
    QVERIFY(!syntaxDefinitionFor(SourceFormat::Envoy, "[2024-01-01T00:00:00.000Z] \"GET / HTTP/1.1\" 503").isValid());
    QCOMPARE(syntaxDefinitionFor(SourceFormat::Cloudflare, "{\"EdgeStartTimestamp\":1}").name(), QStringLiteral("JSON"));
    QCOMPARE(syntaxDefinitionFor(SourceFormat::K8sDescribe, "Name:         web-7d9f").name(), QStringLiteral("YAML"));
    QVERIFY(!syntaxDefinitionFor(SourceFormat::CloudFront, "2024-01-01\t00:00:00\tIAD89-C1").isValid());
    QVERIFY(syntaxThemeFor(QPalette(Qt::black)).isValid());
}

QTEST_MAIN(TstUiRawLines)
#include "tst_ui_rawlines.moc"
