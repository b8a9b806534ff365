#include "columnspill.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#if defined(Q_OS_LINUX)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace gateline {

std::atomic<ColumnSpill *> ColumnSpill::s_active {nullptr};
std::atomic<ColumnSpill *> ColumnSpill::s_process {nullptr};

namespace {

std::mutex g_configMutex;
qint64 g_threshold = -2; // -2: not read from the environment yet

qint64 envMiB(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

} // namespace

struct ColumnSpill::State {
    int fd = -1;
    char *base = nullptr;
    size_t reserved = 0;
    std::mutex mutex;
    size_t next = 0;                // append offset (page-aligned)
    std::atomic<qint64> live {0};   // bytes referenced by chunks
    std::atomic<size_t> written {0}; // high-water mark of the file, for the trimmer
    std::mutex sleepMutex;
    std::condition_variable wake;
    bool stop = false;
    qint64 budgetBytes = 128ll << 20;
};

ColumnSpill *ColumnSpill::instance()
{
    // Made once, on the first load that spills, and never destroyed: stores (and their chunks) may
    // outlive any static, and the unnamed file goes with the process.
    static ColumnSpill *spill = nullptr;
    static bool tried = false;
    if (!tried) {
        tried = true;
        auto *s = new ColumnSpill;
        if (s->open()) {
            spill = s;
            s_process.store(spill, std::memory_order_release);
        } else {
            delete s;
        }
    }
    return spill;
}

qint64 ColumnSpill::thresholdBytes()
{
    std::lock_guard lock(g_configMutex);
    if (g_threshold == -2)
        g_threshold = envMiB("GATELINE_SPILL_ABOVE_MB", 2048) * (qint64(1) << 20);
    return g_threshold;
}

void ColumnSpill::setThresholdBytes(qint64 bytes)
{
    std::lock_guard lock(g_configMutex);
    g_threshold = bytes < 0 ? -1 : bytes;
}

bool ColumnSpill::beginLoad(qint64 inputBytes)
{
    const qint64 threshold = thresholdBytes();
    ColumnSpill *spill = nullptr;
    if (threshold >= 0 && inputBytes >= threshold) {
        std::lock_guard lock(g_configMutex);
        spill = instance();
    }
    s_active.store(spill, std::memory_order_release);
    return spill != nullptr;
}

qint64 ColumnSpill::liveBytes()
{
    ColumnSpill *s = s_active.load();
    return s && s->m_state ? s->m_state->live.load() : 0;
}

QString ColumnSpill::folder()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/gateline/spill");
}

// Never called for the spill in use (see instance()); only for one whose open() failed.
ColumnSpill::~ColumnSpill() = default;

#if defined(Q_OS_LINUX)

bool ColumnSpill::open()
{
    const QString dir = folder();
    if (!QDir().mkpath(dir))
        return false;
    const QByteArray path = QFile::encodeName(dir);
    // An unnamed file: nothing is left behind, whatever way the process ends.
    int fd = ::open(path.constData(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        QByteArray name = path + "/spill-XXXXXX";
        fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd < 0)
            return false;
        ::unlink(name.constData());
    }
    auto *st = new State;
    st->fd = fd;
    // Address space only: the file grows as chunks come, and only written pages are ever read.
    for (size_t gib : {size_t(256), size_t(64), size_t(16)}) {
        st->reserved = gib << 30;
        void *p = ::mmap(nullptr, st->reserved, PROT_READ, MAP_SHARED | MAP_NORESERVE, fd, 0);
        if (p != MAP_FAILED) {
            st->base = static_cast<char *>(p);
            break;
        }
    }
    if (!st->base) {
        ::close(fd);
        delete st;
        return false;
    }
    st->budgetBytes = envMiB("GATELINE_SPILL_RESIDENT_MB", 128) << 20;
    m_state = st;
    std::thread([this] { trimLoop(); }).detach(); // runs as long as the process (the spill is never destroyed)
    return true;
}

namespace {

// Resident pages backed by files (and shared memory): /proc/self/statm's third field.
qint64 sharedResidentBytes()
{
    FILE *f = std::fopen("/proc/self/statm", "re");
    if (!f)
        return -1;
    long size = 0, resident = 0, shared = 0;
    const int n = std::fscanf(f, "%ld %ld %ld", &size, &resident, &shared);
    std::fclose(f);
    return n == 3 ? qint64(shared) * qint64(sysconf(_SC_PAGESIZE)) : -1;
}

} // namespace

void ColumnSpill::trimLoop()
{
    State &st = *m_state;
    const qint64 baseline = std::max<qint64>(sharedResidentBytes(), 0);
    std::unique_lock lock(st.sleepMutex);
    while (!st.wake.wait_for(lock, std::chrono::milliseconds(40), [&] { return st.stop; })) {
        const size_t used = st.written.load();
        if (used == 0)
            continue;
        const qint64 shared = sharedResidentBytes();
        if (shared >= 0 && shared - baseline > st.budgetBytes)
            ::madvise(st.base, used, MADV_DONTNEED); // unmaps only: the pages stay in the page cache
    }
}

const void *ColumnSpill::put(const void *data, size_t bytes)
{
    State &st = *m_state;
    const size_t span = padded(bytes);
    size_t at = 0;
    {
        std::lock_guard lock(st.mutex);
        if (st.next + span > st.reserved)
            return nullptr;
        at = st.next;
        st.next += span;
        st.live += qint64(span);
    }
    const char *src = static_cast<const char *>(data);
    size_t done = 0;
    while (done < bytes) {
        const ssize_t n = ::pwrite(st.fd, src + done, bytes - done, off_t(at + done));
        if (n <= 0) {
            st.live -= qint64(span); // the reserved span stays a hole
            return nullptr;
        }
        done += size_t(n);
    }
    size_t hw = st.written.load();
    while (hw < at + span && !st.written.compare_exchange_weak(hw, at + span)) {
    }
    return st.base + at;
}

void ColumnSpill::release(const void *p, size_t bytes)
{
    // No hole is punched per chunk: on a file just written, each punch waits for the writeback of
    // its pages (a 50M-line store took 100 s to free that way). The file is cut to nothing at once
    // when its last chunk goes, which a finished load's store does as a whole.
    Q_UNUSED(p);
    State &st = *m_state;
    std::lock_guard lock(st.mutex);
    st.live -= qint64(padded(bytes));
    if (st.live.load() == 0) {
        ::ftruncate(st.fd, 0);
        st.next = 0;
        st.written.store(0);
    }
}

bool ColumnSpill::owns(const void *p) const
{
    const char *c = static_cast<const char *>(p);
    return m_state && c >= m_state->base && c < m_state->base + m_state->reserved;
}

#else // not Linux: no spill; every load stays in memory.

bool ColumnSpill::open() { return false; }
void ColumnSpill::trimLoop() {}
const void *ColumnSpill::put(const void *, size_t) { return nullptr; }
void ColumnSpill::release(const void *, size_t) {}
bool ColumnSpill::owns(const void *) const { return false; }

#endif

} // namespace gateline
