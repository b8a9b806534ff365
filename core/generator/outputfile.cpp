#include "outputfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <zlib.h>

namespace gateline::gen {

namespace {

// Deflates data into file as one gzip member; false on a write or zlib error.
bool writeGzip(QFile &file, const char *data, size_t size, int level)
{
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    QByteArray out(1 << 18, Qt::Uninitialized);
    size_t done = 0;
    int rc = Z_OK;
    bool ok = true;
    while (ok && rc != Z_STREAM_END) {
        const size_t chunk = std::min<size_t>(size - done, size_t(1) << 30);
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data + done));
        z.avail_in = uInt(chunk);
        const bool last = done + chunk == size;
        // The usual zlib loop: deflate until the output buffer is not filled (all input taken), and
        // on the last chunk until the stream ends.
        do {
            z.next_out = reinterpret_cast<Bytef *>(out.data());
            z.avail_out = uInt(out.size());
            rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            const qint64 produced = out.size() - qint64(z.avail_out);
            ok = rc != Z_STREAM_ERROR && (produced == 0 || file.write(out.constData(), produced) == produced);
        } while (ok && (z.avail_out == 0 || (last && rc != Z_STREAM_END)));
        done += chunk;
    }
    deflateEnd(&z);
    return ok && rc == Z_STREAM_END;
}

} // namespace

bool writeOutputFile(const QString &path, const char *data, size_t size, int gzipLevel, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(path);
        return false;
    }
    // Written beside the target and renamed into place, so no half-written file carries the real name.
    // Not fsync'ed (QSaveFile would): generated bundles are scratch data, and benchmark ones are big.
    const QString part = path + QStringLiteral(".part");
    QFile file(part);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const bool written = gzipLevel < 0 ? file.write(data, qint64(size)) == qint64(size)
                                       : writeGzip(file, data, size, gzipLevel);
    file.close();
    if (!written || file.error() != QFileDevice::NoError) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        QFile::remove(part);
        return false;
    }
    QFile::remove(path);
    if (!QFile::rename(part, path)) {
        *error = QStringLiteral("cannot move %1 into place").arg(part);
        QFile::remove(part);
        return false;
    }
    return true;
}

} // namespace gateline::gen
