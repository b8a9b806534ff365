#include "gzipstream.h"

#include "jobs/idleworkers.h"

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

namespace gateline {

namespace {
// Bytes after a complete member that may be read without output before an error still counts
// as junk after the data (a gzip header is at least 10 bytes, with optional parts).
constexpr qint64 kJunkBytes = 32;
} // namespace

GzipStream::GzipStream(std::unique_ptr<ByteStream> inner, qint64 maxOutputBytes, Inflater::Engine engine)
    : m_inner(std::move(inner))
    , m_inflater(Inflater::create(engine))
    , m_max(maxOutputBytes)
{
    if (!m_inflater) {
        m_error = QStringLiteral("cannot initialise the inflate engine");
        m_done = true;
        return;
    }
    m_in.resize(256 * 1024);
}

// The chunks an idle worker inflates ahead, handed to the reader in order. Four of 256 KiB: the
// worker stays at most a megabyte ahead, and the reader's copy of a chunk is from the shared cache.
struct GzipStream::Ahead {
    static constexpr qint64 kChunkBytes = 256 << 10;
    static constexpr int kChunks = 4;
    // The worker fills a chunk this much at a time, looking between for a reader that has left (a
    // slow input, an S3 object, may take long for a whole chunk).
    static constexpr qint64 kPieceBytes = 64 << 10;
    struct Chunk {
        QByteArray bytes;
        qint64 size = 0;     // 0: the end
        qint64 inputPos = 0; // the compressed input read once it was inflated, for progress
        bool last = false;   // inflation stopped with it: m_inflateError says why, if anything went wrong
    };
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<QByteArray> free;
    std::deque<Chunk> full;
    std::atomic<bool> abandoned {false}; // the reader is gone: stop
    bool exited = false;                 // the worker has stopped and touches the stream no more
    // The reader's side, touched by the reader only.
    Chunk current;
    qint64 currentPos = 0;
    bool ended = false;
    qint64 inputPos = 0;
};

GzipStream::~GzipStream()
{
    if (!m_ahead)
        return;
    std::unique_lock lock(m_ahead->mutex);
    m_ahead->abandoned.store(true);
    m_ahead->wake.notify_all();
    m_ahead->wake.wait(lock, [this] { return m_ahead->exited; });
}

qint64 GzipStream::inputPosition() const
{
    return m_ahead ? m_ahead->inputPos : m_inner->inputPosition();
}

qint64 GzipStream::read(char *buf, qint64 max)
{
    if (m_ahead)
        return readAhead(buf, max);
    if (m_idle && !m_done && max > 0 && m_idle->anyWaiting()) {
        m_ahead = std::make_unique<Ahead>();
        m_ahead->inputPos = m_inner->inputPosition();
        for (int i = 0; i < Ahead::kChunks; ++i)
            m_ahead->free.emplace_back(Ahead::kChunkBytes, Qt::Uninitialized);
        if (m_idle->offer([this] { inflateAhead(); }))
            return readAhead(buf, max);
        m_ahead.reset(); // taken by another stream meanwhile
    }
    const qint64 n = inflateInto(buf, max);
    if (m_done && !m_inflateError.isEmpty())
        m_error = m_inflateError;
    return n;
}

void GzipStream::inflateAhead()
{
    Ahead &a = *m_ahead;
    for (bool end = false; !end;) {
        QByteArray bytes;
        {
            std::unique_lock lock(a.mutex);
            a.wake.wait(lock, [&a] { return a.abandoned || !a.free.empty(); });
            if (a.abandoned)
                break;
            bytes = std::move(a.free.back());
            a.free.pop_back();
        }
        qint64 n = 0;
        for (qint64 got = 1; got > 0 && n < bytes.size() && !a.abandoned.load(std::memory_order_relaxed); n += got)
            got = inflateInto(bytes.data() + n, std::min(Ahead::kPieceBytes, bytes.size() - n));
        end = n == 0;
        const qint64 inputPos = m_inner->inputPosition();
        const bool last = m_done;
        const std::lock_guard lock(a.mutex);
        a.full.push_back({std::move(bytes), n, inputPos, last});
        a.wake.notify_all();
    }
    const std::lock_guard lock(a.mutex);
    a.exited = true;
    a.wake.notify_all();
}

qint64 GzipStream::readAhead(char *buf, qint64 max)
{
    Ahead &a = *m_ahead;
    if (max <= 0)
        return 0;
    while (!a.ended && a.currentPos == a.current.size) {
        std::unique_lock lock(a.mutex);
        if (!a.current.bytes.isNull()) { // used up: back to the worker
            a.free.push_back(std::move(a.current.bytes));
            a.current.bytes = QByteArray();
            a.wake.notify_all();
        }
        a.wake.wait(lock, [&a] { return !a.full.empty(); });
        a.current = std::move(a.full.front());
        a.full.pop_front();
        a.currentPos = 0;
        a.inputPos = a.current.inputPos;
        // The error with the last bytes, as when inflating here (written before the chunk was
        // queued, under the same lock).
        if (a.current.last && !m_inflateError.isEmpty())
            m_error = m_inflateError;
        a.ended = a.current.size == 0;
    }
    if (a.ended)
        return 0;
    const qint64 n = std::min(max, a.current.size - a.currentPos);
    std::memcpy(buf, a.current.bytes.constData() + a.currentPos, size_t(n));
    a.currentPos += n;
    return n;
}

qint64 GzipStream::inflateInto(char *buf, qint64 max)
{
    if (m_done || max <= 0)
        return 0;
    const qint64 room = std::min(max, m_max - m_out + 1);
    qint64 produced = 0;
    while (produced < room && step(buf, room, &produced)) {
    }
    if (m_out + produced > m_max) {
        produced = m_max - m_out;
        m_inflateError = QStringLiteral("decompressed size bound of %1 MiB reached (a gzip bomb?); stopped reading here")
                             .arg(m_max / (1024 * 1024));
        m_done = true;
    }
    m_out += produced;
    return produced;
}

bool GzipStream::step(char *buf, qint64 room, qint64 *produced)
{
    if (m_inflater->inputLeft() == 0 && !m_inEof) {
        const qint64 n = m_inner->read(m_in.data(), m_in.size());
        if (n <= 0) {
            m_inEof = true;
            if (!m_inner->error().isEmpty())
                m_inflateError = m_inner->error();
        }
        m_inflater->setInput(m_in.constData(), std::max<qint64>(n, 0));
    }
    const bool drained = m_inEof && m_inflater->inputLeft() == 0;
    const qint64 inBefore = m_inflater->inputLeft();
    qint64 got = 0;
    // With the input drained this still runs once: an engine may hold decoded output back.
    const Inflater::Status status = m_inflater->inflate(buf + *produced, room - *produced, &got);
    *produced += got;
    const qint64 consumed = inBefore - m_inflater->inputLeft();
    const bool moved = got > 0 || consumed > 0;
    m_consumedSinceEnd += std::max<qint64>(consumed, 0);
    m_outputSinceEnd |= got > 0;
    switch (status) {
    case Inflater::Status::MemberEnd:
        m_memberEnded = true;
        m_consumedSinceEnd = 0;
        m_outputSinceEnd = false;
        m_inflater->nextMember(); // a further member may follow (multi-member gzip)
        return true;
    case Inflater::Status::Progress:
        if (moved)
            return true;
        if (!drained) { // input there, room there, nothing happened: never spin
            m_inflateError = QStringLiteral("corrupt gzip data (no progress); kept the %1 bytes before the damage")
                                 .arg(m_out + *produced);
        } else if (!(m_memberEnded && m_consumedSinceEnd == 0) && m_inflateError.isEmpty()) {
            m_inflateError = QStringLiteral("truncated gzip: the data ends mid-stream; kept the %1 bytes before the damage")
                                 .arg(m_out + *produced);
        }
        m_done = true;
        return false;
    case Inflater::Status::Error:
        if (m_memberEnded && !m_outputSinceEnd && m_consumedSinceEnd < kJunkBytes)
            m_inflateError = QStringLiteral("ignored %1 bytes of non-gzip data after the last gzip member")
                                 .arg(m_consumedSinceEnd - consumed + inBefore);
        else
            m_inflateError = QStringLiteral("corrupt gzip data (%1); kept the %2 bytes before the damage")
                                 .arg(m_inflater->errorText())
                                 .arg(m_out + *produced);
        m_done = true;
        return false;
    }
    return false;
}

} // namespace gateline
