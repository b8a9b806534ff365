#include "filefollower.h"

#include "bytestream.h"
#include "sourcereader.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#if defined(Q_OS_UNIX)
#include <sys/stat.h>
#endif

namespace gateline {

namespace {

quint64 inodeOf(const QString &path)
{
#if defined(Q_OS_UNIX)
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0)
        return quint64(st.st_ino);
#else
    Q_UNUSED(path);
#endif
    return 0;
}

} // namespace

FileFollower::FileFollower(SourceData *target, qint64 from, const Options &options, QObject *parent)
    : QObject(parent), m_target(target), m_options(options), m_path(target->locator.filePath), m_pos(from),
      m_inode(inodeOf(m_path))
{
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        poll();
        watch(); // a replaced file drops out of the watcher: watch the path again
    });
    connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
    m_timer.start(m_options.pollMs);
    watch();
    if (target->locator.gzip || !target->locator.memberPath.isEmpty())
        stop(QStringLiteral("only a plain file can be followed"));
}

void FileFollower::watch()
{
    if (!m_stopped && !m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
}

void FileFollower::stop(const QString &why)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_timer.stop();
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    Q_EMIT stopped(why);
}

qint64 FileFollower::poll()
{
    if (m_stopped)
        return 0;
    const QFileInfo fi(m_path);
    if (!fi.exists())
        return 0; // being rotated: the new file comes on a later turn
    const quint64 inode = inodeOf(m_path);
    const qint64 size = fi.size();
    QString restart;
    if (inode != m_inode)
        restart = QStringLiteral("replaced by a new file (rotated)");
    else if (size < m_pos)
        restart = QStringLiteral("truncated");
    if (!restart.isEmpty()) {
        m_target->notes.append(QStringLiteral("%1 was %2 at %3 UTC while followed; records read before then are from "
                                              "the old file (their raw lines are no longer there)")
                                   .arg(m_path, restart, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
        m_inode = inode;
        m_pos = 0;
        Q_EMIT restarted(restart);
    }
    if (size <= m_pos)
        return 0;
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(m_pos)) {
        stop(QStringLiteral("%1 cannot be read any more").arg(m_path));
        return 0;
    }
    QByteArray bytes = f.read(std::min(size - m_pos, m_options.maxBytesPerRead));
    const qsizetype end = bytes.lastIndexOf('\n') + 1;
    if (end == 0) {
        if (bytes.size() == m_options.maxBytesPerRead)
            stop(QStringLiteral("a line of %1 longer than %2 bytes").arg(m_path).arg(m_options.maxBytesPerRead));
        return 0; // a line being written: read it once its newline is there
    }
    bytes.truncate(end);
    const qint64 base = m_pos;
    m_pos += end;

    IngestOptions options;
    options.forceFormat = m_target->format;
    options.threads = 1;
    SourceLocator loc = m_target->locator;
    SourceReadResult r = readSource(std::make_unique<MemoryStream>(std::move(bytes)), loc, options, nullptr, {});
    qint64 added = 0;
    for (const auto &s : r.sources) {
        if (s->format != m_target->format)
            continue;
        const qint64 room = m_options.maxRecords - m_appended;
        if (s->size() > room) {
            stop(QStringLiteral("following %1 stopped after %2 new records (the bound)").arg(m_path).arg(m_appended));
            break;
        }
        m_target->appendShifted(*s, base);
        added += s->size();
        m_appended += s->size();
    }
    if (added > 0)
        Q_EMIT appended(added);
    if (!m_stopped && m_pos < size)
        QTimer::singleShot(0, this, [this] { poll(); }); // the rest on the next turn
    return added;
}

} // namespace gateline
