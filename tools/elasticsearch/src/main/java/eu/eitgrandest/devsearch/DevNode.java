package eu.eitgrandest.devsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Starts one genuine Elasticsearch node in this JVM, for development and tests.
 *
 * <p>Usage: {@code DevNode --path DIR [--http-port 9200] [--transport-port 9300]
 * [--cluster-name NAME]}. Data and logs stay under DIR; the node listens on loopback only
 * and runs until the JVM is stopped.
 *
 * <p>Without {@code --seed-hosts} the node is a single-node cluster. With
 * {@code --seed-hosts h1:p1,h2:p2 --initial-master-nodes n1,n2,n3 --node-name n1} it joins
 * (or bootstraps) a cluster of several nodes; {@code --network-host} (loopback by default,
 * {@code 0.0.0.0} in a container) and {@code --publish-host} say where it listens and how
 * the other nodes reach it.
 */
public final class DevNode {

    private DevNode() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of("var/elasticsearch");
        String httpPort = "9200";
        String transportPort = "9300";
        String clusterName = "eit-grand-est-dev";
        String nodeName = "dev-node";
        String networkHost = "127.0.0.1";
        String publishHost = "";
        String seedHosts = "";
        String initialMasterNodes = "";
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--path" -> home = Path.of(value);
                case "--http-port" -> httpPort = value;
                case "--transport-port" -> transportPort = value;
                case "--cluster-name" -> clusterName = value;
                case "--node-name" -> nodeName = value;
                case "--network-host" -> networkHost = value;
                case "--publish-host" -> publishHost = value;
                case "--seed-hosts" -> seedHosts = value;
                case "--initial-master-nodes" -> initialMasterNodes = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        home = home.toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("config"));

        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            .put("network.host", networkHost)
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put("action.destructive_requires_name", false)
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (seedHosts.isEmpty()) {
            builder.put("discovery.type", "single-node");
        } else {
            builder.putList("discovery.seed_hosts", seedHosts.split(","));
            if (!initialMasterNodes.isEmpty()) {
                builder.putList("cluster.initial_master_nodes", initialMasterNodes.split(","));
            }
        }
        if (!publishHost.isEmpty()) {
            builder.put("network.publish_host", publishHost);
        }
        Settings settings = builder.build();

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);
        Node node = new ClasspathPluginsNode(settings, List.of(Netty4Plugin.class, FrenchAnalysisPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("Elasticsearch dev node " + nodeName + " started on http://" + networkHost + ":" + httpPort);
        stopped.await();
    }
}
