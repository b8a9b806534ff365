#include "workbenchexec.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

namespace {

constexpr char kWorkbench[] = "gateline-workbench";

// "dir/" of a path ("" for a bare name).
QByteArray directoryOf(const QByteArray &path)
{
    return path.left(path.lastIndexOf('/') + 1);
}

// This program's own file, resolved (Linux); else argv[0] as given.
QByteArray selfPath(const char *argv0)
{
#if defined(Q_OS_LINUX)
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0)
        return QByteArray(buf, qsizetype(n));
#endif
    return QByteArray(argv0);
}

} // namespace

int execWorkbench(int argc, char **argv)
{
#if defined(Q_OS_UNIX)
    const QByteArray self = selfPath(argv[0]);
    const QByteArray selfName = self.mid(self.lastIndexOf('/') + 1);
    QByteArray program, workbench;
    std::vector<QByteArray> args;
    if (selfName.startsWith("ld-linux") || selfName.startsWith("ld.so") || selfName.startsWith("ld64.so")) {
        // Started through a dynamic loader named on the command line ("ld-linux-x86-64.so.2
        // --library-path DIR .../gateline ARGS", as ./gateline runs a binary of the Debian build root):
        // the loader and its options come before this program's path in /proc/self/cmdline. The
        // workbench is started through the same loader with the same options.
        QFile f(QStringLiteral("/proc/self/cmdline"));
        QList<QByteArray> cmd;
        if (f.open(QIODevice::ReadOnly))
            cmd = f.readAll().split('\0');
        if (!cmd.isEmpty() && cmd.last().isEmpty())
            cmd.removeLast();
        // Where this program's own argv starts: its path as the loader was given it (argv[0] may be
        // another name, given with the loader's --argv0).
        const qsizetype at = cmd.size() - argc;
        if (at < 1 || !QFile::exists(QString::fromLocal8Bit(cmd[at]))) {
            std::fprintf(stderr, "gateline: cannot tell how this program was started, to start %s\n", kWorkbench);
            return 1;
        }
        program = self;
        const QByteArray dir = directoryOf(cmd[at]);
        workbench = (dir.isEmpty() ? QByteArray("./") : dir) + kWorkbench; // the loader opens paths as given
        for (qsizetype i = 0; i < at; ++i)
            args.push_back(cmd[i]);
        if (!cmd.mid(1, at - 1).contains(QByteArray("--argv0"))) {
            args.push_back(QByteArray("--argv0")); // the workbench's argv[0] stays this program's (usage texts)
            args.push_back(QByteArray(argv[0]));
        }
        args.push_back(workbench);
    } else {
        program = workbench = directoryOf(self) + kWorkbench;
        args.push_back(QByteArray(argv[0]));
    }
    // Say it in gateline's words when the workbench is not there (a loader would say only that it
    // cannot load a shared object).
    if (workbench.contains('/') && ::access(workbench.constData(), X_OK) != 0) {
        std::fprintf(stderr,
                     "gateline: the window, export, capture and S3 or Prometheus reads run in %s, which is not "
                     "beside this program (%s: %s); "
                     "install it next to gateline\n",
                     kWorkbench, workbench.constData(), std::strerror(errno));
        return 1;
    }
    for (int i = 1; i < argc; ++i)
        args.push_back(QByteArray(argv[i]));
    std::vector<char *> raw;
    for (QByteArray &a : args)
        raw.push_back(a.data());
    raw.push_back(nullptr);
    if (program.contains('/'))
        ::execv(program.constData(), raw.data());
    else
        ::execvp(program.constData(), raw.data()); // a bare name (argv[0] found on PATH, not Linux)
    std::fprintf(stderr, "gateline: cannot start %s: %s\n", program.constData(), std::strerror(errno));
    return 1;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    std::fprintf(stderr, "gateline: run %s for the workbench and export\n", kWorkbench);
    return 1;
#endif
}
