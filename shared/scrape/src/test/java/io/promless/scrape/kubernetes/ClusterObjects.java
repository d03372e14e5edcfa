package io.promless.scrape.kubernetes;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The objects the discovery tests create, each once, through the fabric8 client. */
final class ClusterObjects {
    private ClusterObjects() {}

    static void node(KubernetesClient client) {
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName("node-1").addToLabels("kubernetes.io/hostname", "node-1")
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0").endMetadata()
                .withNewSpec().withProviderID("aws:///us-east-1a/i-0123").endSpec()
                .withNewStatus()
                .addNewAddress().withType("Hostname").withAddress("node-1").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
                .addNewAddress().withType("ExternalIP").withAddress("54.1.2.3").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.99").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build()).create();
    }

    static void services(KubernetesClient client) {
        client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace("default").addToLabels("app", "web")
                .addToAnnotations("prometheus.io/scrape", "true").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.10")
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withPort(9100).withProtocol("TCP").endPort()
                .endSpec().build()).create();
        client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("ext").withNamespace("default").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("db.example.com")
                .addNewPort().withPort(5432).withProtocol("TCP").endPort()
                .endSpec().build()).create();
        client.services().inNamespace("other").resource(new ServiceBuilder()
                .withNewMetadata().withName("lb").withNamespace("other").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.11").withLoadBalancerIP("5.6.7.8")
                .addNewPort().withName("https").withPort(443).withProtocol("TCP").endPort()
                .endSpec().build()).create();
    }

    /** A running pod with two ports on one container, a port-less sidecar and an init container; returns it with its UID. */
    static Pod webPod(KubernetesClient client) {
        return client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("web-1").withNamespace("default").addToLabels("app", "web")
                .addToAnnotations("prometheus.io/scrape", "true").addToAnnotations("prometheus.io/port", "8080")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-5d8f")
                .withUid("rs-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("app").withImage("web:1.0")
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withName("grpc").withContainerPort(9090).withProtocol("TCP").endPort()
                .endContainer()
                .addNewContainer().withName("proxy").withImage("envoy:1.30").endContainer()
                .addNewInitContainer().withName("setup").withImage("busybox:1").endInitContainer()
                .endSpec()
                .withNewStatus().withPodIP("10.1.0.5").withHostIP("10.0.0.1").withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withContainerID("containerd://aaa").endContainerStatus()
                .addNewContainerStatus().withName("proxy").withContainerID("containerd://bbb").endContainerStatus()
                .addNewInitContainerStatus().withName("setup").withContainerID("containerd://ccc").endInitContainerStatus()
                .endStatus().build()).create();
    }

    /** A pod that has no IP yet: it yields no targets. */
    static void pendingPod(KubernetesClient client) {
        client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("pending-1").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1.0").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build()).create();
    }

    /** A simple pod in {@code namespace} labelled {@code app=<app>}, one port 8080. */
    static Pod simplePod(KubernetesClient client, String namespace, String name, String app, String ip) {
        return client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(app + ":1")
                .addNewPort().withContainerPort(8080).withProtocol("TCP").endPort().endContainer().endSpec()
                .withNewStatus().withPodIP(ip).withPhase("Running").endStatus().build()).create();
    }

    static void webEndpoints(KubernetesClient client) {
        client.endpoints().inNamespace("default").resource(new EndpointsBuilder()
                .withNewMetadata().withName("web").withNamespace("default").addToLabels("app", "web").endMetadata()
                .addNewSubset()
                .addNewAddress().withIp("10.1.0.5").withNodeName("node-1")
                .withNewTargetRef().withKind("Pod").withName("web-1").withNamespace("default").endTargetRef().endAddress()
                .addNewNotReadyAddress().withIp("10.1.0.6").withHostname("web-2").endNotReadyAddress()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .endSubset().build()).create();
    }

    static void webEndpointSlice(KubernetesClient client) {
        client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("web-abc").withNamespace("default")
                .addToLabels("kubernetes.io/service-name", "web").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.1.0.5").withNodeName("node-1").withZone("us-east-1a")
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .withNewTargetRef().withKind("Pod").withName("web-1").withNamespace("default").endTargetRef()
                .endEndpoint()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").withAppProtocol("http").endPort()
                .build()).create();
    }

    static void webIngress(KubernetesClient client) {
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                .withNewMetadata().withName("web").withNamespace("default").addToLabels("app", "web").endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewTl().withHosts("*.example.com").endTl()
                .addNewRule().withHost("shop.example.com").withNewHttp()
                .addNewPath().withPath("/api").withPathType("Prefix").withNewBackend().withNewService().withName("web")
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
                .addNewPath().withPathType("Prefix").withNewBackend().withNewService().withName("web")
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
                .endHttp().endRule()
                .addNewRule().withHost("plain.internal").endRule()
                .endSpec().build()).create();
    }

    static void namespaces(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default")
                .addToLabels("team", "shop").addToAnnotations("owner", "platform").endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build()).create();
    }
}
