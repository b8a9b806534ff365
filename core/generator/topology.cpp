#include "topology.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace gateline::gen {

namespace {

const char *const kCompanies[] = {"acme", "globex", "initech", "northwind", "contoso", "fabrikam", "hooli",
                                  "vandelay", "wonka", "tyrell", "umbrella", "soylent", "stark", "wayne",
                                  "cyberdyne", "aperture", "gringotts", "oscorp", "dunder", "pied"};
const char *const kProducts[] = {"shop", "store", "app", "portal", "market", "booking", "buy", "www", "checkout", "api"};
const char *const kTlds[] = {".com", ".io", ".net", ".co", ".shop", ".app"};
const char *const kRegions[] = {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1",
                                "eu-north-1", "ap-southeast-2", "ap-northeast-1", "ca-central-1", "sa-east-1"};
const char *const kNamespaces[] = {"storefront", "commerce", "catalog", "marketplace", "retail", "webshop",
                                   "orders", "portal", "prod", "web", "shop-prod", "platform", "sales", "customer"};
const char *const kAppNames[] = {"api", "backend", "shop-api", "orders-api", "core-api", "store-backend", "web-api",
                                 "catalog-svc", "app-server", "commerce-api", "bff", "public-api", "monolith"};
const char *const kFrontendNames[] = {"web", "frontend", "storefront-web", "ui", "webapp", "site", "spa", "www"};
const char *const kWorkerNs[] = {"jobs", "batch", "internal-tools", "data", "ops", "integrations"};
const char *const kWorkerNames[] = {"report-worker", "mailer", "queue-consumer", "etl-runner", "notifier",
                                    "image-resizer", "sync-agent", "indexer"};
const char *const kExtServices[] = {"payments-gateway", "psp-upstream", "billing-ext", "payment-provider", "checkout-psp"};
const char *const kExtVendors[] = {"paygate", "finlink", "coinrail", "tallypay", "ledgerly", "paystream", "monetra"};
const char *const kProcesses[] = {"node", "java", "python3", "ruby", "dotnet"};
const int kAppPorts[] = {8080, 3000, 8000, 5000, 9000, 8081};
constexpr char kSafeAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
constexpr char kHexDigits[] = "0123456789abcdef";

struct EndpointSeed {
    const char *method, *path;
    int service;
    double weight, medianMs, sigma;
    int body, okStatus;
    bool idempotent, slow, stat, core;
};

// service: 0 app, 1 frontend, 2 external
const EndpointSeed kEndpoints[] = {
    {"GET", "/api/products?page={page}", 0, 10, 45, 0.5, 8000, 200, true, true, false, true},
    {"GET", "/api/products/{id}", 0, 12, 25, 0.45, 2500, 200, true, false, false, true},
    {"GET", "/api/cart", 0, 6, 20, 0.4, 900, 200, true, false, false, false},
    {"POST", "/api/cart/items", 0, 3, 40, 0.45, 400, 201, false, false, false, true},
    {"POST", "/api/orders", 0, 1.2, 180, 0.6, 600, 201, false, false, false, true},
    {"GET", "/api/orders/{id}", 0, 1.5, 60, 0.5, 1500, 200, true, false, false, false},
    {"GET", "/api/search?q={q}", 0, 5, 120, 0.7, 6000, 200, true, true, false, false},
    {"GET", "/api/users/me", 0, 4, 15, 0.4, 700, 200, true, false, false, true},
    {"POST", "/api/auth/login", 0, 0.8, 220, 0.35, 350, 200, false, false, false, false},
    {"GET", "/api/recommendations?sku={sku}", 0, 3, 90, 0.6, 4000, 200, true, true, false, false},
    {"GET", "/api/reports/export?month={month}", 0, 0.3, 900, 0.8, 50000, 200, true, true, false, false},
    {"PUT", "/api/users/me/preferences", 0, 0.4, 35, 0.4, 200, 200, true, false, false, false},
    {"GET", "/api/inventory/{sku}", 0, 2, 30, 0.5, 300, 200, true, false, false, false},
    {"DELETE", "/api/cart/items/{id}", 0, 0.5, 30, 0.4, 0, 204, true, false, false, false},
    {"GET", "/", 1, 3, 12, 0.5, 18000, 200, true, false, false, true},
    {"GET", "/static/js/main.{hash}.js", 1, 5, 3, 0.4, 240000, 200, true, false, true, true},
    {"GET", "/static/css/app.{hash}.css", 1, 3, 2, 0.4, 42000, 200, true, false, true, false},
    {"GET", "/favicon.ico", 1, 1.5, 1, 0.3, 4286, 200, true, false, true, false},
    {"GET", "/products/{id}", 1, 2, 15, 0.5, 21000, 200, true, false, false, false},
    {"GET", "/robots.txt", 1, 0.1, 1, 0.3, 120, 200, true, false, true, false},
    {"POST", "/api/payments/charge", 2, 0.6, 450, 0.5, 500, 201, false, false, false, true},
    {"GET", "/api/payments/methods", 2, 0.8, 150, 0.5, 1200, 200, true, false, false, true},
};

} // namespace

QByteArray formatIpv4(quint32 ip)
{
    return QByteArray::number(ip >> 24) + '.' + QByteArray::number((ip >> 16) & 255) + '.'
           + QByteArray::number((ip >> 8) & 255) + '.' + QByteArray::number(ip & 255);
}

QByteArray randomUid(Rng &rng)
{
    QByteArray h = randomHex(rng, 32);
    h[12] = '4';
    h[16] = "89ab"[rng.below(4)];
    return h.left(8) + '-' + h.mid(8, 4) + '-' + h.mid(12, 4) + '-' + h.mid(16, 4) + '-' + h.mid(20);
}

QByteArray randomHash(Rng &rng, int length)
{
    QByteArray s(length, 'x');
    for (int i = 0; i < length; ++i)
        s[i] = kSafeAlphabet[rng.below(sizeof(kSafeAlphabet) - 1)];
    return s;
}

// Every draw below is its own statement: the operands of one expression (and a call's arguments)
// are evaluated in an unspecified order, so two draws in one expression gave GCC and Clang builds
// different bundles for the same seed. The statements keep the order GCC used, so that bundles
// (and every test tuned on them) stay as they were: right to left along a chain of QByteArray
// operator+ and a call's arguments, left to right along built-in arithmetic.

// An address in base's /19 (or smaller): the third octet below `blocks`, the fourth in 4..250.
quint32 hostIn(Rng &rng, quint32 base, quint32 blocks)
{
    const quint32 third = rng.below(blocks);
    const quint32 fourth = quint32(rng.range(4, 250));
    return base + (third << 8) + fourth;
}

// first.x.y.z with x, y in 0..255 and z in 1..254.
quint32 publicIpv4(Rng &rng, quint32 first)
{
    const quint32 second = quint32(rng.range(0, 255));
    const quint32 third = quint32(rng.range(0, 255));
    const quint32 fourth = quint32(rng.range(1, 254));
    return (first << 24) | (second << 16) | (third << 8) | fourth;
}

QByteArray randomHex(Rng &rng, int length)
{
    QByteArray s(length, '0');
    for (int i = 0; i < length; ++i)
        s[i] = kHexDigits[rng.below(16)];
    return s;
}

int Topology::podsOnNode(int node) const
{
    return int(std::count_if(pods.begin(), pods.end(), [node](const SimPod &p) { return p.node == node; }));
}

QByteArray newPodIp(Topology &topo, Rng &rng, int node)
{
    // VPC CNI: pod IPs come from the node's subnet (a /19 per AZ).
    const quint32 base = topo.nodes[size_t(node)].ipBase;
    for (;;) {
        const quint32 ip = hostIn(rng, base, 32);
        const QByteArray s = formatIpv4(ip);
        bool used = false;
        for (const SimPod &p : topo.pods)
            used = used || p.ip == s;
        for (const SimNode &n : topo.nodes)
            used = used || n.ip == s;
        if (!used)
            return s;
    }
}

int spawnPod(World &world, int dep, qint64 created, Rng &rng, int node)
{
    Topology &topo = world.topo;
    SimDeployment &d = world.deployments[size_t(dep)];
    SimPod p;
    p.ns = d.ns;
    p.group = d.group;
    p.container = d.container;
    p.image = d.image;
    p.appLabel = d.appLabel;
    p.port = d.port;
    p.uid = randomUid(rng);
    p.ownerKind = d.ownerKind;
    if (d.ownerKind == "StatefulSet") {
        p.ownerName = d.name;
        p.name = d.name + '-' + QByteArray::number(int(d.pods.size()));
    } else if (d.ownerKind == "DaemonSet") {
        p.ownerName = d.name;
        p.name = d.name + '-' + randomHash(rng, 5);
    } else {
        p.ownerName = d.name + '-' + d.rsHash;
        p.templateHash = d.rsHash;
        p.name = p.ownerName + '-' + randomHash(rng, 5);
    }
    if (node < 0) {
        // Spread: the node with the fewest pods of this deployment, ties broken at random.
        int best = -1, bestCount = 1 << 30;
        const int offset = int(rng.below(quint32(topo.nodes.size())));
        for (size_t k = 0; k < topo.nodes.size(); ++k) {
            const int n = int((k + size_t(offset)) % topo.nodes.size());
            int c = 0;
            for (int pi : d.pods)
                c += topo.pods[size_t(pi)].node == n ? 1 : 0;
            if (c < bestCount) {
                bestCount = c;
                best = n;
            }
        }
        node = best;
    }
    p.node = node;
    p.ip = newPodIp(topo, rng, node);
    p.created = created;
    p.started = created + qint64(rng.uniform(2, 9) * kSec);
    p.runningSince = p.started;
    p.listenFrom = p.started;
    p.endpointFrom = p.started + 5 * kSec;
    topo.pods.push_back(p);
    const int index = int(topo.pods.size() - 1);
    d.pods.push_back(index);
    return index;
}

static SimDeployment makeDeployment(Rng &rng, const QByteArray &ns, const QByteArray &name, PodGroup group,
                                    const QByteArray &image, int port, int replicas)
{
    SimDeployment d;
    d.ns = ns;
    d.name = name;
    d.uid = randomUid(rng);
    d.container = name;
    d.appLabel = name;
    d.image = image;
    d.group = group;
    d.port = port;
    d.replicas = replicas;
    const int hashLength = rng.range(8, 10);
    d.rsHash = randomHash(rng, hashLength);
    d.rsUid = randomUid(rng);
    return d;
}

void buildWorld(World &world, quint64 seed, bool isTraefik, qint64 start)
{
    world.seed = seed;
    Rng rng(seed, 1);
    Topology &t = world.topo;
    t.company = rng.pick(kCompanies);
    const QByteArray tld = rng.pick(kTlds);
    t.domain = QByteArray(rng.pick(kProducts)) + '.' + t.company + tld;
    t.region = rng.pick(kRegions);
    t.account = QByteArray::number(rng.range(1, 9));
    for (int i = 0; i < 11; ++i)
        t.account += char('0' + rng.below(10));
    t.ns = rng.pick(kNamespaces);
    t.appName = rng.pick(kAppNames);
    do {
        t.frontendName = rng.pick(kFrontendNames);
    } while (t.frontendName == t.appName);
    t.processName = rng.pick(kProcesses);
    t.appPort = rng.pick(kAppPorts);
    t.replicas = rng.range(3, 5);
    t.nginxRetries = rng.chance(0.2);
    t.assetHash = rng.next();
    const int minor = rng.range(3, 40), patch = rng.range(0, 12);
    t.appVersion = "v1." + QByteArray::number(minor) + '.' + QByteArray::number(patch);
    t.nextVersion = "v1." + QByteArray::number(minor) + '.' + QByteArray::number(patch + 1);
    t.imageRepo = t.account + ".dkr.ecr." + t.region + ".amazonaws.com/" + t.ns + '/' + t.appName;
    const int day = rng.range(1, 28);
    const int month = rng.range(1, 11);
    t.frontendImage = t.account + ".dkr.ecr." + t.region + ".amazonaws.com/" + t.ns + '/' + t.frontendName + ":"
                      + QByteArray::number(2026) + '.' + QByteArray::number(month) + '.' + QByteArray::number(day);
    t.ingressNs = isTraefik ? QByteArrayLiteral("traefik") : QByteArrayLiteral("ingress-nginx");
    t.ingressName = isTraefik ? QByteArrayLiteral("traefik") : QByteArrayLiteral("ingress-nginx-controller");
    // The AWS Load Balancer Controller keeps only alphanumerics of the namespace and name.
    const QByteArray nsShort = QByteArray(t.ingressNs).replace('-', QByteArray()).left(8);
    const QByteArray nameShort = QByteArray(t.ingressName).replace('-', QByteArray()).left(8);
    t.lbName = "k8s-" + nsShort + '-' + nameShort + '-' + randomHex(rng, 10);
    t.lbId = randomHex(rng, 16);
    t.tgName = "k8s-" + nsShort + '-' + nameShort + '-' + randomHex(rng, 10);
    t.tgId = randomHex(rng, 16);
    t.certId = randomUid(rng);

    // Nodes: one /19 subnet per availability zone in a 10.x.0.0/16 VPC.
    const quint32 vpc = (10u << 24) | (quint32(rng.range(0, 255)) << 16);
    const int nodeCount = rng.range(3, 6);
    const QByteArray domainSuffix = t.region == "us-east-1" ? QByteArrayLiteral(".ec2.internal")
                                                           : "." + t.region + ".compute.internal";
    for (int i = 0; i < nodeCount; ++i) {
        SimNode n;
        const int az = i % 3;
        n.az = t.region + char('a' + az);
        n.ipBase = vpc + (quint32(az * 32) << 8);
        const quint32 ip = hostIn(rng, n.ipBase, 32);
        n.ip = formatIpv4(ip);
        n.name = "ip-" + n.ip;
        n.name.replace('.', '-');
        n.name += domainSuffix;
        n.instanceId = "i-0" + randomHex(rng, 16);
        t.nodes.push_back(n);
    }
    const int albFirst[] = {3, 13, 18, 34, 35, 44, 52, 54};
    for (int i = 0; i < 8; ++i) {
        const quint32 first = quint32(rng.pick(albFirst));
        const quint32 ip = publicIpv4(rng, first);
        t.albNodeIps.push_back(formatIpv4(ip));
    }

    // Deployments.
    const QByteArray appImage = t.imageRepo + ':' + t.appVersion;
    world.deployments.push_back(makeDeployment(rng, t.ns, t.appName, PodGroup::App, appImage, t.appPort, t.replicas));
    world.deployments.push_back(makeDeployment(rng, t.ns, t.frontendName, PodGroup::Frontend, t.frontendImage,
                                               rng.chance(0.5) ? 8080 : 80, 2));
    const QByteArray ingressImage = isTraefik ? QByteArrayLiteral("docker.io/traefik:v2.11.14")
                                              : QByteArrayLiteral("registry.k8s.io/ingress-nginx/controller:v1.11.3");
    SimDeployment ing = makeDeployment(rng, t.ingressNs, t.ingressName, PodGroup::Ingress, ingressImage, 80,
                                       rng.range(2, 3));
    ing.container = isTraefik ? QByteArrayLiteral("traefik") : QByteArrayLiteral("controller");
    ing.appLabel = isTraefik ? QByteArrayLiteral("traefik") : QByteArrayLiteral("ingress-nginx");
    world.deployments.push_back(ing);
    const QByteArray workerNs = rng.pick(kWorkerNs), workerName = rng.pick(kWorkerNames);
    const int workerReplicas = rng.range(2, 3);
    const int workerPatch = rng.range(0, 30);
    const int workerMinor = rng.range(2, 9);
    world.deployments.push_back(makeDeployment(rng, workerNs, workerName, PodGroup::Other,
                                               t.account + ".dkr.ecr." + t.region + ".amazonaws.com/" + workerNs + '/'
                                                   + workerName + ":v" + QByteArray::number(workerMinor) + ".0."
                                                   + QByteArray::number(workerPatch),
                                               8080, workerReplicas));
    SimDeployment coredns = makeDeployment(rng, "kube-system", "coredns", PodGroup::Other,
                                           "602401143452.dkr.ecr." + t.region + ".amazonaws.com/eks/coredns:v1.11.3-eksbuild.2",
                                           53, 2);
    world.deployments.push_back(coredns);
    world.deployments.push_back(makeDeployment(rng, "monitoring", "grafana", PodGroup::Other,
                                               "docker.io/grafana/grafana:11.3.0", 3000, 1));
    world.deployments.push_back(makeDeployment(rng, "monitoring", "kube-state-metrics", PodGroup::Other,
                                               "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0", 8080, 1));
    SimDeployment prom = makeDeployment(rng, "monitoring", "prometheus-server", PodGroup::Other,
                                        "quay.io/prometheus/prometheus:v2.55.1", 9090, 1);
    prom.ownerKind = "StatefulSet";
    world.deployments.push_back(prom);
    SimDeployment awsNode = makeDeployment(rng, "kube-system", "aws-node", PodGroup::Other,
                                           "602401143452.dkr.ecr." + t.region + ".amazonaws.com/amazon-k8s-cni:v1.19.0-eksbuild.1",
                                           61678, nodeCount);
    awsNode.ownerKind = "DaemonSet";
    world.deployments.push_back(awsNode);
    SimDeployment kubeProxy = makeDeployment(rng, "kube-system", "kube-proxy", PodGroup::Other,
                                             "602401143452.dkr.ecr." + t.region + ".amazonaws.com/eks/kube-proxy:v1.31.2-eksbuild.3",
                                             10249, nodeCount);
    kubeProxy.ownerKind = "DaemonSet";
    world.deployments.push_back(kubeProxy);

    // Initial pods, created days before the window.
    for (size_t d = 0; d < world.deployments.size(); ++d) {
        const int n = world.deployments[d].replicas;
        const qint64 created = start - qint64(rng.uniform(1.5, 20) * 86400) * kSec;
        for (int i = 0; i < n; ++i) {
            const bool perNode = world.deployments[d].ownerKind == "DaemonSet";
            const int idx = spawnPod(world, int(d), created + qint64(rng.uniform(0, 60) * kSec), rng, perNode ? i : -1);
            SimPod &p = t.pods[size_t(idx)];
            if (perNode)
                p.ip = t.nodes[size_t(i)].ip; // host network
            if (world.deployments[d].group == PodGroup::Ingress)
                world.ingressPods.push_back(idx);
        }
    }

    // Services: 0 app, 1 frontend, 2 external (ExternalName).
    SimService app;
    app.name = t.appName;
    app.port = rng.chance(0.5) ? 80 : t.appPort;
    app.group = PodGroup::App;
    SimService web;
    web.name = t.frontendName;
    web.port = 80;
    web.group = PodGroup::Frontend;
    SimService ext;
    ext.name = rng.pick(kExtServices);
    ext.port = 443;
    ext.external = true;
    const char *const extTld = rng.chance(0.5) ? ".com" : ".net";
    ext.externalHost = "api." + QByteArray(rng.pick(kExtVendors)) + extTld;
    const quint32 first = quint32(rng.pick(albFirst));
    ext.externalAddr = formatIpv4(publicIpv4(rng, first)) + ":443";
    const QByteArray hostSlug = QByteArray(t.domain).replace('.', '-');
    for (SimService *s : {&app, &web, &ext}) {
        s->upstreamName = t.ns + '-' + s->name + '-' + QByteArray::number(s->port);
        s->router = t.ns + '-' + s->name + '-' + hostSlug + "@kubernetes";
    }
    t.services = {app, web, ext};

    // Endpoints: the core ones always, the rest per seed, weights jittered.
    for (const EndpointSeed &s : kEndpoints) {
        if (!s.core && rng.chance(0.25))
            continue;
        Endpoint e;
        e.method = s.method;
        e.path = s.path;
        e.service = s.service;
        e.weight = s.weight * rng.uniform(0.6, 1.5);
        e.medianMs = s.medianMs * rng.uniform(0.7, 1.4);
        e.sigma = s.sigma;
        e.bodyMedian = s.body;
        e.okStatus = s.okStatus;
        e.idempotent = s.idempotent;
        e.slowCandidate = s.slow;
        e.staticAsset = s.stat;
        t.endpoints.push_back(e);
    }
    double cum = 0;
    for (const Endpoint &e : t.endpoints) {
        cum += e.weight;
        t.endpointCum.push_back(cum);
    }

    // Clients: a Zipf-like pool of public addresses, a few IPv6.
    const int clientCount = rng.range(300, 1500);
    QSet<QByteArray> seen;
    double ccum = 0;
    for (int i = 0; i < clientCount; ++i) {
        Client c;
        c.v6 = rng.chance(0.04);
        for (;;) {
            if (c.v6) {
                const int host = rng.range(1, 0xfff);
                const QByteArray b = randomHex(rng, 4);
                const QByteArray a = randomHex(rng, 4);
                c.ip = "2a0" + QByteArray::number(rng.range(1, 9)) + ':' + a + ':' + b + "::" + QByteArray::number(host, 16);
            } else {
                int a;
                do {
                    a = rng.range(2, 223);
                } while (a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 || a == 198);
                c.ip = formatIpv4(publicIpv4(rng, quint32(a)));
            }
            if (!seen.contains(c.ip))
                break;
        }
        seen.insert(c.ip);
        c.userAgent = quint8(rng.below(255));
        t.clients.push_back(c);
        ccum += 1.0 / std::pow(double(i + 1), 0.7);
        t.clientCum.push_back(ccum);
    }

    // The ALB nodes' private addresses: an ENI per AZ in the load balancer's subnets, apart from the
    // node subnets (own stream, so nothing above changes).
    Rng albRng(seed, 7);
    QSet<QByteArray> albSeen;
    for (int i = 0; i < 8; ++i) {
        const quint32 base = vpc + (quint32(160 + (i % 3) * 16) << 8);
        QByteArray ip;
        do {
            ip = formatIpv4(hostIn(albRng, base, 16));
        } while (albSeen.contains(ip));
        albSeen.insert(ip);
        t.albNodePrivateIps.push_back(ip);
    }
}

} // namespace gateline::gen
