#include "testutil.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>

namespace testutil {

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
