#!/usr/bin/env python3
"""Builds the Kubernetes API replay fixtures in k8s/ from a real capture.

The objects are the real Events and Pods of tests/data/corpus/k8s-events/kspan-deployment-2-pods.yaml
(a recorded Deployment rollout, Apache-2.0, see tests/data/corpus/PROVENANCE.md). They are put in the
envelopes the API server sends: EventList/PodList pages (items without kind/apiVersion, metadata
with resourceVersion and continue), watch streams (one {"type","object"} per line, BOOKMARK and
ERROR events), and Status bodies for 401, 403 and 410. events.k8s.io/v1 items are converted from
core/v1 the way the API server converts them. Derived (not recorded) objects are marked in
README.md. Run from the repository root: python3 tests/data/live/make-k8s-fixtures.py
"""
import copy
import json
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "corpus", "k8s-events", "kspan-deployment-2-pods.yaml")
OUT = os.path.join(HERE, "k8s")

docs = [d for d in yaml.safe_load_all(open(CORPUS)) if d]
events = [d for d in docs if d["kind"] == "Event"]
pods = [d for d in docs if d["kind"] == "Pod"]
assert len(events) == 19 and len(pods) == 4


def item(o):
    """A list item as the API server sends it: no kind/apiVersion."""
    o = copy.deepcopy(o)
    o.pop("kind", None)
    o.pop("apiVersion", None)
    return o


def rv(o):
    return o["metadata"]["resourceVersion"]


def dump(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def stream(name, lines):
    with open(os.path.join(OUT, name), "w") as f:
        for t, o in lines:
            f.write(json.dumps({"type": t, "object": o}, separators=(",", ":")) + "\n")


def status(code, reason, message, details=None):
    s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
         "reason": reason, "code": code}
    if details:
        s["details"] = details
    return s


def event_list(items, resource_version, cont=None, kind="EventList", api="v1"):
    meta = {"resourceVersion": resource_version}
    if cont:
        meta["continue"] = cont
        meta["remainingItemCount"] = 4
    return {"kind": kind, "apiVersion": api, "metadata": meta, "items": items}


def to_events_v1(e):
    """core/v1 Event -> events.k8s.io/v1 Event (the API server's conversion)."""
    v = {"metadata": copy.deepcopy(e["metadata"]), "eventTime": e.get("eventTime"),
         "reportingController": e.get("reportingComponent", ""), "reportingInstance": e.get("reportingInstance", ""),
         "action": e.get("action", ""), "reason": e["reason"], "regarding": e["involvedObject"],
         "note": e.get("message", ""), "type": e["type"]}
    if "source" in e:
        v["deprecatedSource"] = e["source"]
    if e.get("firstTimestamp"):
        v["deprecatedFirstTimestamp"] = e["firstTimestamp"]
    if e.get("lastTimestamp"):
        v["deprecatedLastTimestamp"] = e["lastTimestamp"]
    if e.get("count"):
        v["deprecatedCount"] = e["count"]
    v["metadata"].pop("selfLink", None)
    v["metadata"].pop("managedFields", None)
    return v


os.makedirs(OUT, exist_ok=True)

# --- core/v1 events -------------------------------------------------------------------------------
# Events 0..17 are served by /api/v1/events; event 18 only by events.k8s.io/v1 (so that the merge
# by uid shows). The first list comes in two pages; the first attempt at page 2 answers 410.
dump("events-list-page1.json", event_list([item(e) for e in events[0:6]], "", cont="eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NTM2MTY4NCwic3RhcnQiOiJweC01ZDU2N2NjNzRjLXNzNGxiLjE2ODA2ZTg1NzIwMDFjNzRcdTAwMDAifQ"))
dump("events-list-page2.json", event_list([item(e) for e in events[6:10]], rv(events[9])))
dump("status-410-continue.json", status(410, "Expired",
     "The provided continue parameter is too old to display a consistent list result. You can start a new list "
     "without the continue parameter, or use the continue token in this response to retrieve the remainder of the "
     "results. Continuing with the provided token results in an inconsistent list - objects that were created, "
     "modified, or deleted between the time the first chunk was returned and now may show up in the list."))
# Watch 1: three new events, the expiry (DELETED, with the object's last state) of event 0, a
# bookmark; then the server ends the watch.
bookmark_rv = rv(events[12])
stream("events-watch-1.ndjson",
       [("ADDED", events[10]), ("ADDED", events[11]), ("ADDED", events[12]), ("DELETED", events[0]),
        ("BOOKMARK", {"kind": "Event", "apiVersion": "v1", "metadata": {"resourceVersion": bookmark_rv}})])
# Watch 2 (from the bookmark): the history is gone: an ERROR event with a 410 Status.
stream("events-watch-2-gone.ndjson",
       [("ERROR", status(410, "Expired", "too old resource version: %s (%s)" % (bookmark_rv, rv(events[15]))))])
# The fresh list no longer holds event 0 (expired): 1..15.
dump("events-relist.json", event_list([item(e) for e in events[1:16]], rv(events[15])))
# Watch 3: two more events; then the stream stays open.
stream("events-watch-3.ndjson", [("ADDED", events[16]), ("ADDED", events[17])])

# --- events.k8s.io/v1 ------------------------------------------------------------------------------
dump("eventsv1-list.json", event_list([to_events_v1(e) for e in events[1:4] + [events[18]]], rv(events[18]),
                                      api="events.k8s.io/v1"))

# --- pods -----------------------------------------------------------------------------------------
p_ss4lb, p_jm22q, p_pmvzr, p_bfdrj = pods
dump("pods-list.json", event_list([item(p_ss4lb), item(p_jm22q)], rv(events[9]), kind="PodList"))
dump("status-410-watch.json", status(410, "Expired", "too old resource version: %s (%s)" % (rv(events[9]), rv(p_pmvzr))))
dump("pods-relist.json", event_list([item(p_ss4lb), item(p_jm22q), item(p_pmvzr), item(p_bfdrj)], rv(p_bfdrj),
                                   kind="PodList"))
# Derived: pod pmvzr running, its container restarted once after an OOM kill.
oom = copy.deepcopy(p_pmvzr)
oom["metadata"]["resourceVersion"] = "5361790"
oom["status"]["phase"] = "Running"
cs = oom["status"]["containerStatuses"][0]
cs["restartCount"] = 1
cs["ready"] = True
cs["started"] = True
cs["state"] = {"running": {"startedAt": "2021-05-19T09:44:12Z"}}
cs["lastState"] = {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2021-05-19T09:43:08Z",
                                  "finishedAt": "2021-05-19T09:44:10Z",
                                  "containerID": "containerd://4c1a53f0d6f8e2b7a9c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7"}}
stream("pods-watch.ndjson", [("MODIFIED", oom), ("DELETED", p_jm22q)])

# --- failures -------------------------------------------------------------------------------------
dump("status-401.json", status(401, "Unauthorized", "Unauthorized"))
dump("status-403.json", status(403, "Forbidden",
     'events is forbidden: User "system:serviceaccount:default:incident-bot" cannot list resource "events" in API '
     'group "" at the cluster scope', {"kind": "events"}))
print("wrote", sorted(os.listdir(OUT)))
