// Recently opened investigations and bundles, kept in QSettings, shown in File ▸ Open Recent.
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace gateline {

class RecentFiles : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMax = 10;
    explicit RecentFiles(QMenu *menu, QObject *parent = nullptr);

    // paths: a .gateline file, or the bundle paths opened together.
    void add(const QStringList &paths);
    QList<QStringList> entries() const;
    void clear();

Q_SIGNALS:
    void openRequested(const QStringList &paths);

private:
    void rebuildMenu();
    QMenu *m_menu;
};

} // namespace gateline
