// The reader behind K8sDescribeParser: one `kubectl describe` document, line by line. Its object
// and container lines are read in k8sdescribereader.cpp, its Conditions and Events blocks in
// k8sdescribeevents.cpp. Internal to the describe parser.
#pragma once

#include "k8scaptureclock.h"
#include "logparser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace gateline::describe {

// Columns of leading blanks, a tab counting 8.
int indentOf(QByteArrayView line);
// "Key:" or "Key:  value" with a describe-style key (letters, digits, spaces, a few marks).
bool splitKey(QByteArrayView line, QByteArrayView *key, QByteArrayView *value);
// The Events block's "Type  Reason  Age  From  Message" header.
bool isEventsHeader(QByteArrayView line);
// Splits a line into at most n cells at tabs and runs of two or more blanks; the last cell takes
// the rest. Returns the number of cells.
int splitCells(QByteArrayView line, QByteArrayView *cells, int n);

struct Termination {
    bool present = false;
    qint64 offset = 0;
    qint64 exitCode = 0;
    bool haveFinished = false;
    Timestamp finished;
    QByteArray reason, message;
};

struct Container {
    QByteArray name;
    qint64 restarts = 0;
    QByteArray state;           // Running, Waiting, Terminated
    qint64 stateOffset = 0;
    bool haveStarted = false;
    Timestamp started;
    Termination now, last;
};

class DescribeReader
{
public:
    explicit DescribeReader(ParseContext &ctx) : m_options(ctx.options), m_out(ctx.out), m_clock(ctx.options) {}
    void line(QByteArrayView line, qint64 offset, qint64 number);
    void finish();

private:
    enum class Section { None, Skip, Containers, Conditions, Events };
    enum class Sub { None, State, LastState, Other };

    void topLevel(QByteArrayView key, QByteArrayView value, qint64 number);
    void containerLine(QByteArrayView line, int indent, qint64 offset, qint64 number);
    void conditionLine(QByteArrayView line, qint64 offset, qint64 number);
    void eventLine(QByteArrayView line, qint64 offset, qint64 number);
    void oldEventLine(QByteArrayView line, qint64 offset, qint64 number);
    void finishContainer();
    void finishObject();
    QByteArray objectName() const;
    Record base(EventKind kind, qint64 offset, qint64 restarts) const;
    void fillPod(Record &r, const QByteArray &object) const; // the pod's name, namespace, address, node

    const ParseOptions &m_options;
    SourceData &m_out;
    k8s::CaptureClock m_clock;
    Section m_section = Section::None;
    Sub m_sub = Sub::None;
    // The object being read.
    bool m_inObject = false;
    QByteArray m_name, m_ns, m_host, m_ip;
    QByteArray m_nodeIp;        // from "Node: name/IP": an IP equal to it is the node's (hostNetwork)
    QByteArray m_kindHint;      // from keys only one kind has
    bool m_haveStartTime = false;
    Timestamp m_startTime;
    qint64 m_objectOffset = 0;
    int m_containerRecords = 0;
    bool m_inContainer = false;
    Container m_container;
    // The Events block's column starts (Type, Reason, Age, From, Message), or empty.
    QList<qsizetype> m_eventColumns;
    bool m_oldEvents = false;
    QByteArray m_oldEventsHeader;
    bool m_lastWasOldEvent = false;
    int m_baseIndent = -1;
};

} // namespace gateline::describe
