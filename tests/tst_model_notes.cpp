// NotesModel: notes pinned to moments, kept in time order, text editable in place.
#include "models/notesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gateline;

class TstModelNotes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addEditRemove();
};

void TstModelNotes::addEditRemove()
{
    NotesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy edited(&model, &NotesModel::notesEdited);
    QCOMPARE(model.addNote({3000000, QStringLiteral("third")}), 0);
    QCOMPARE(model.addNote({1000000, QStringLiteral("first")}), 0);
    QCOMPARE(model.addNote({2000000, QStringLiteral("<b>second</b>")}), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(edited.count(), 3);
    QCOMPARE(model.data(model.index(1, NotesModel::TextColumn)).toString(), QStringLiteral("<b>second</b>"));
    QCOMPARE(model.data(model.index(0, NotesModel::TimeColumn)).toString(), QStringLiteral("00:00:01.000"));
    QCOMPARE(model.data(model.index(2, 0), NotesModel::TimeUsRole).toLongLong(), 3000000);
    QVERIFY(model.flags(model.index(0, NotesModel::TextColumn)) & Qt::ItemIsEditable);
    QVERIFY(!(model.flags(model.index(0, NotesModel::TimeColumn)) & Qt::ItemIsEditable));
    QVERIFY(model.setData(model.index(0, NotesModel::TextColumn), QStringLiteral("deploy started")));
    QCOMPARE(model.notes().first().text, QStringLiteral("deploy started"));
    QVERIFY(!model.setData(model.index(0, NotesModel::TimeColumn), QStringLiteral("x")));
    model.removeNote(1);
    QCOMPARE(model.rowCount(), 2);
    model.removeNote(7); // out of range: ignored
    model.setNotes({{5, QStringLiteral("b")}, {1, QStringLiteral("a")}});
    QCOMPARE(model.notes().first().text, QStringLiteral("a"));
}

QTEST_GUILESS_MAIN(TstModelNotes)
#include "tst_model_notes.moc"
