#!/usr/bin/env python3
"""Writes the small hand-made bundle the UI tests load (tests/data/ui/bundle/).

Ten minutes of traffic behind an ALB and ingress-nginx (whose clock runs 2 s ahead): a rollout at
10:03 whose Killing of an old pod is followed by missing-upstream 502s (target status '-'), two
502s the app returned at 10:07, probe failures and an HPA rescale. Run it again to regenerate.
"""
import datetime as dt
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bundle")
START = dt.datetime(2024, 3, 1, 10, 0, 0, tzinfo=dt.timezone.utc)
ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
PATHS = ["/api/cart", "/api/orders", "/api/search?q=shoes", "/", "/api/items/42"]
SKEW = 2.0  # the ingress clock runs ahead


def iso(t, frac=6):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + t.strftime("%f")[:frac] + "Z"


def clf(t):
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def main():
    os.makedirs(OUT, exist_ok=True)
    alb, ingress = [], []
    for i in range(120):
        t = START + dt.timedelta(seconds=5 * i, microseconds=123000)
        client = f"203.0.113.{10 + i % 7}"
        method = "POST" if i % 4 == 1 else "GET"
        path = PATHS[i % len(PATHS)]
        target = f"10.0.1.{20 + i % 3}:8080"
        status, tstatus, reason = 200, "200", "-"
        if 38 <= i <= 42:              # 10:03:10-10:03:30: the target never answered
            status, tstatus, target, reason = 502, "-", target, "TargetConnectionError"
        if i in (84, 85):              # 10:07:00: the app answered 502
            status, tstatus = 502, "502"
        rt = "-1" if tstatus == "-" else "0.045"
        alb.append(
            f'https {iso(t)} app/prod-alb/50dc6c495c0c9188 {client}:{40000 + i} {target} 0.001 {rt} '
            f'{"-1" if tstatus == "-" else "0.000"} {status} {tstatus} 310 2172 '
            f'"{method} https://shop.example.com:443{path} HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
            f'{ARN} "Root=1-65e1a7b0-{i:024x}" "shop.example.com" "{CERT}" 3 {iso(t - dt.timedelta(milliseconds=40))} '
            f'"forward" "-" "{reason}" "{target}" "{tstatus}" "-" "-" TID_{i:016x}')
        if tstatus == "-":
            continue
        it = t + dt.timedelta(seconds=SKEW) - dt.timedelta(milliseconds=5)
        ingress.append(
            f'{client} - - [{clf(it)}] "{method} {path} HTTP/1.1" {status} 59 "-" "curl/8.5.0" 91 0.044 '
            f'[shop-web-8080] [] {target} 59 0.044 {tstatus} {i:032x}')
    with open(os.path.join(OUT, "alb-access.log"), "w") as f:
        f.write("\n".join(alb) + "\n")
    os.makedirs(os.path.join(OUT, "ingress"), exist_ok=True)
    with open(os.path.join(OUT, "ingress", "controller.log"), "w") as f:
        f.write("\n".join(ingress) + "\n")

    def event(name, kind, obj, reason, message, t, typ="Normal", count=1):
        ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"apiVersion": "v1", "kind": "Event", "count": count, "type": typ, "reason": reason,
                "message": message, "firstTimestamp": ts, "lastTimestamp": ts,
                "metadata": {"name": name, "namespace": "shop"},
                "involvedObject": {"kind": kind, "name": obj, "namespace": "shop"},
                "source": {"component": "kubelet"}}

    at = lambda m, s: START + dt.timedelta(minutes=m, seconds=s)
    items = [
        event("web.1", "Deployment", "web", "ScalingReplicaSet", "Scaled up replica set web-7d9f to 3", at(3, 0)),
        event("web.2", "Deployment", "web", "ScalingReplicaSet", "Scaled down replica set web-5c4b to 0", at(3, 6)),
        event("web-5c4b-x1.1", "Pod", "web-5c4b-x1", "Killing", "Stopping container web", at(3, 8)),
        event("web-7d9f-a1.1", "Pod", "web-7d9f-a1", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503",
              at(5, 0), "Warning", 3),
        event("web.3", "HorizontalPodAutoscaler", "web", "SuccessfulRescale", "New size: 5; reason: cpu resource utilization above target",
              at(8, 0)),
    ]
    with open(os.path.join(OUT, "events.json"), "w") as f:
        json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "README.txt"), "w") as f:
        f.write("Not a log: the workbench lists this file as not recognised.\n")


if __name__ == "__main__":
    main()
