#include "outputfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <zlib.h>

namespace gateline::gen {

bool writeOutputFile(const QString &path, const char *data, size_t size, int gzipLevel, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (gzipLevel < 0) {
        if (file.write(data, qint64(size)) != qint64(size)) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
    } else {
        z_stream z{};
        if (deflateInit2(&z, gzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            *error = QStringLiteral("zlib refused to start");
            return false;
        }
        QByteArray out(1 << 18, Qt::Uninitialized);
        size_t done = 0;
        int rc = Z_OK;
        while (rc != Z_STREAM_END) {
            const size_t chunk = std::min<size_t>(size - done, size_t(1) << 30);
            z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data + done));
            z.avail_in = uInt(chunk);
            const bool last = done + chunk == size;
            // Standard zlib loop: deflate until the output buffer is not filled (all input taken),
            // and on the last chunk until the stream ends.
            do {
                z.next_out = reinterpret_cast<Bytef *>(out.data());
                z.avail_out = uInt(out.size());
                rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
                if (rc == Z_STREAM_ERROR)
                    break;
                const qint64 produced = out.size() - qint64(z.avail_out);
                if (produced > 0 && file.write(out.constData(), produced) != produced) {
                    deflateEnd(&z);
                    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
                    return false;
                }
            } while (z.avail_out == 0 || (last && rc != Z_STREAM_END));
            if (rc == Z_STREAM_ERROR)
                break;
            done += chunk;
        }
        deflateEnd(&z);
        if (rc != Z_STREAM_END) {
            *error = QStringLiteral("gzip of %1 failed").arg(path);
            return false;
        }
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace gateline::gen
