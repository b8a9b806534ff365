#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace gateline {

namespace {
const QString kKey = QStringLiteral("recent/entries");
const QChar kSep = QChar(0x1f); // unit separator: never in a path
} // namespace

RecentFiles::RecentFiles(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
{
    rebuildMenu();
}

QList<QStringList> RecentFiles::entries() const
{
    QList<QStringList> out;
    for (const QString &e : QSettings().value(kKey).toStringList())
        out.append(e.split(kSep, Qt::SkipEmptyParts));
    return out;
}

void RecentFiles::add(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    const QString joined = paths.join(kSep);
    QStringList list = QSettings().value(kKey).toStringList();
    list.removeAll(joined);
    list.prepend(joined);
    while (list.size() > kMax)
        list.removeLast();
    QSettings().setValue(kKey, list);
    rebuildMenu();
}

void RecentFiles::clear()
{
    QSettings().remove(kKey);
    rebuildMenu();
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    const QList<QStringList> list = entries();
    int n = 0;
    for (const QStringList &paths : list) {
        QString label = QDir::toNativeSeparators(paths.first());
        if (paths.size() > 1)
            label += QStringLiteral(" (+%1 more)").arg(paths.size() - 1);
        label.replace(QLatin1Char('&'), QStringLiteral("&&"));
        const bool investigation = paths.first().endsWith(QLatin1String(".gateline"));
        QAction *a = m_menu->addAction(QStringLiteral("&%1 %2%3").arg(++n % 10).arg(investigation ? QString() : QStringLiteral("bundle: "), label));
        a->setEnabled(QFileInfo::exists(paths.first()));
        connect(a, &QAction::triggered, this, [this, paths] { Q_EMIT openRequested(paths); });
    }
    if (list.isEmpty()) {
        m_menu->addAction(QStringLiteral("(none yet)"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    m_menu->addAction(QStringLiteral("Clear list"), this, &RecentFiles::clear);
}

} // namespace gateline
